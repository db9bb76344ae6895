/**
 * Contracts as plain objects, and the checks TFChain applies to contract arguments (so a bad value
 * fails here with a clear message, before a fee is paid). Pure.
 */
import { stringToU8a } from '@polkadot/util';
import { num, obj, text, variant } from './decode';

/** Longest deployment data TFChain accepts, in bytes (MaxDeploymentDataLength). */
export const MAX_DEPLOYMENT_DATA_BYTES = 512;

export type ContractType = 'node' | 'name' | 'rent';
export type ContractState = 'created' | 'grace' | 'deleted';

/** A reserved public IP of a node contract. */
export interface ContractPublicIp {
  /** CIDR, e.g. '185.1.1.2/24' */
  readonly ip: string;
  readonly gateway: string;
}

/** A contract as the chain stores it (smartContractModule.contracts), decoded. */
export interface Contract {
  readonly contractId: number;
  readonly twinId: number;
  /** storage version of the contract record */
  readonly version: number;
  readonly type: ContractType;
  readonly state: ContractState;
  /** block number where the grace period started (state 'grace') */
  readonly graceSinceBlock?: number;
  /** why it was deleted (state 'deleted'): 'canceledByUser' | 'outOfFunds' | 'canceledByCollective' */
  readonly deletedCause?: string;
  /** node of a node or rent contract */
  readonly nodeId?: number;
  /** node contract: 32 lowercase hex characters (md5 of the deployment challenge) */
  readonly deploymentHash?: string;
  /** node contract: the deployment data text (ours is JSON) */
  readonly deploymentData?: string;
  /** node contract: number of public IPv4 reserved */
  readonly publicIps?: number;
  /** node contract: the public IPs reserved from the farm */
  readonly publicIpsList?: readonly ContractPublicIp[];
  /** name contract: the registered name */
  readonly name?: string;
  readonly solutionProviderId?: number;
}

/** A node contract to create. */
export interface NodeContractArgs {
  readonly nodeId: number;
  /** 32 lowercase hex characters: the md5 of the deployment challenge (grid-protocol.md section 1) */
  readonly deploymentHash: string;
  /** free text stored with the contract, at most 512 bytes. @default '' */
  readonly deploymentData?: string;
  /** public IPv4 addresses to reserve from the node's farm. @default 0 */
  readonly publicIps?: number;
  /** solution provider to share fees with. @default none */
  readonly solutionProviderId?: number;
}

/** The contract's plain form from its JSON (codec.toJSON() of pallet_smart_contract::types::Contract). */
export function decodeContract(json: unknown): Contract {
  const c = obj(json);
  const state = variant(c.state);
  const type = variant(c.contractType);
  const body = obj(type.value);
  const base = {
    contractId: num(c.contractId),
    twinId: num(c.twinId),
    version: num(c.version ?? 0),
    state: (state.name === 'gracePeriod'
      ? 'grace'
      : state.name === 'deleted'
        ? 'deleted'
        : 'created') as ContractState,
    ...(state.name === 'gracePeriod' ? { graceSinceBlock: num(state.value) } : {}),
    ...(state.name === 'deleted' ? { deletedCause: variant(state.value).name } : {}),
    ...(c.solutionProviderId !== null && c.solutionProviderId !== undefined
      ? { solutionProviderId: num(c.solutionProviderId) }
      : {}),
  };
  if (type.name === 'nodeContract') {
    return {
      ...base,
      type: 'node',
      nodeId: num(body.nodeId),
      deploymentHash: text(body.deploymentHash),
      deploymentData: text(body.deploymentData),
      publicIps: num(body.publicIps ?? 0),
      publicIpsList: ((body.publicIpsList as unknown[]) ?? []).map((p) => ({
        ip: text(obj(p).ip),
        gateway: text(obj(p).gateway),
      })),
    };
  }
  if (type.name === 'nameContract') return { ...base, type: 'name', name: text(body.name) };
  if (type.name === 'rentContract') return { ...base, type: 'rent', nodeId: num(body.nodeId) };
  throw new Error(`contract ${base.contractId} has an unknown contract type '${type.name}'`);
}

/** Checks a deployment hash and gives the 32 ASCII bytes TFChain stores. */
export function deploymentHashBytes(hash: string): Uint8Array {
  if (typeof hash !== 'string' || !/^[0-9a-f]{32}$/.test(hash)) {
    throw new Error(
      `deployment hash '${String(hash)}' is not valid: give the 32 lowercase hex characters of the deployment's md5 (no 0x)`,
    );
  }
  return stringToU8a(hash);
}

/** Checks deployment data (at most 512 bytes of UTF-8) and gives its bytes. */
export function deploymentDataBytes(data: string): Uint8Array {
  const bytes = stringToU8a(data);
  if (bytes.length > MAX_DEPLOYMENT_DATA_BYTES) {
    throw new Error(
      `deployment data is ${bytes.length} bytes: TFChain stores at most ${MAX_DEPLOYMENT_DATA_BYTES}; shorten it`,
    );
  }
  return bytes;
}

/** Checks a name contract name: 3..64 characters of a-z, 0-9, '-' and '_'. */
export function checkContractName(name: string): string {
  if (typeof name !== 'string' || name.length < 3 || name.length > 64 || !/^[a-z0-9_-]+$/.test(name)) {
    throw new Error(
      `name '${String(name)}' is not valid for a name contract: use 3..64 characters of a-z, 0-9, - and _`,
    );
  }
  return name;
}

/** Checks an id argument (node, farm, contract, twin): a non-negative safe integer. */
export function checkId(what: string, id: number): number {
  if (!Number.isSafeInteger(id) || id < 0)
    throw new Error(`${what} ${String(id)} is not valid: give a non-negative integer`);
  return id;
}

/** Checks the other arguments of a node contract; returns them with defaults applied. */
export function checkNodeContractArgs(
  args: NodeContractArgs,
): Required<Omit<NodeContractArgs, 'solutionProviderId'>> & Pick<NodeContractArgs, 'solutionProviderId'> {
  checkId('node id', args.nodeId);
  deploymentHashBytes(args.deploymentHash);
  const deploymentData = args.deploymentData ?? '';
  deploymentDataBytes(deploymentData);
  const publicIps = args.publicIps ?? 0;
  if (!Number.isInteger(publicIps) || publicIps < 0 || publicIps > 0xffffffff) {
    throw new Error(
      `publicIps ${String(publicIps)} is not valid: give the number of public IPv4 addresses to reserve (0 or more)`,
    );
  }
  if (args.solutionProviderId !== undefined) checkId('solution provider id', args.solutionProviderId);
  return {
    nodeId: args.nodeId,
    deploymentHash: args.deploymentHash,
    deploymentData,
    publicIps,
    solutionProviderId: args.solutionProviderId,
  };
}
