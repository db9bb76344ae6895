/**
 * Node, name and rent contracts (smartContractModule): create, update, cancel, alone or batched,
 * finding new contract ids from the `ContractCreated` events (or the chain's indexes); reading
 * and listing contracts as plain objects.
 */
import type { ApiPromise } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { batchAll, bytesArg, plainCall, run, type ChainCall } from './chain-call';
import type { Extrinsic } from './submit';
import {
  checkContractName,
  checkId,
  checkNodeContractArgs,
  decodeContract,
  deploymentDataBytes,
  deploymentHashBytes,
  type Contract,
  type NodeContractArgs,
} from './contract-data';
import { num } from './decode';
import type { ChainContext, ChainEvent } from './submit';

/** Contracts already decoded from one result's events: every call of a batch reads the same events. */
const createdByEvents = new WeakMap<readonly ChainEvent[], readonly Contract[]>();

/**
 * The contracts announced by `smartContractModule.ContractCreated` events. Decoded once per events
 * list: each of a batch's N calls looks up its contract in the batch's events, which decoded N x N
 * contracts (13.6 s of a 1,000-contract apply) before.
 */
export function createdContracts(events: readonly ChainEvent[]): readonly Contract[] {
  let created = createdByEvents.get(events);
  if (!created) {
    created = events
      .filter((e) => e.section === 'smartContractModule' && e.method === 'ContractCreated')
      .map((e) => decodeContract(e.data[0]));
    createdByEvents.set(events, created);
  }
  return created;
}

/** The id of the live node contract with this deployment hash on this node, if any. */
export async function contractIdByNodeAndHash(
  api: ApiPromise,
  nodeId: number,
  deploymentHash: string,
): Promise<number | undefined> {
  const id = num(
    (
      await api.query.smartContractModule.contractIDByNodeIDAndHash(
        nodeId,
        u8aToHex(deploymentHashBytes(deploymentHash)),
      )
    ).toJSON(),
  );
  return id === 0 ? undefined : id;
}

/** The id of the name contract holding `name`, if any. */
export async function contractIdByName(api: ApiPromise, name: string): Promise<number | undefined> {
  const id = num((await api.query.smartContractModule.contractIDByNameRegistration(bytesArg(name))).toJSON());
  return id === 0 ? undefined : id;
}

/** The id of the rent contract of a node, if it is rented. */
export async function rentContractIdOfNode(api: ApiPromise, nodeId: number): Promise<number | undefined> {
  const json = (await api.query.smartContractModule.activeRentContractForNode(nodeId)).toJSON();
  const id = json === null || json === undefined ? 0 : num(json);
  return id === 0 ? undefined : id;
}

function notFound(what: string): Error {
  return new Error(
    `the chain accepted the call but no contract for ${what} was found afterwards: list your contracts to check`,
  );
}

export function createNodeContractCall(api: ApiPromise, args: NodeContractArgs): ChainCall<number> {
  const a = checkNodeContractArgs(args);
  const call = api.createType('Call', {
    callIndex: api.tx.smartContractModule.createNodeContract.callIndex,
    args: [
      a.nodeId,
      u8aToHex(deploymentHashBytes(a.deploymentHash)),
      u8aToHex(deploymentDataBytes(a.deploymentData)),
      a.publicIps,
      a.solutionProviderId ?? null,
    ],
  });
  let tx: Extrinsic | undefined;
  return {
    call,
    get tx() {
      return (tx ??= api.tx(call));
    },
    result: async (events, chainApi) => {
      const created = createdContracts(events).find(
        (c) => c.type === 'node' && c.nodeId === a.nodeId && c.deploymentHash === a.deploymentHash,
      );
      const id = created?.contractId ?? (await contractIdByNodeAndHash(chainApi, a.nodeId, a.deploymentHash));
      if (id === undefined) throw notFound(`node ${a.nodeId} with hash ${a.deploymentHash}`);
      return id;
    },
  };
}

export function updateNodeContractCall(
  api: ApiPromise,
  contractId: number,
  deploymentHash: string,
  deploymentData = '',
): ChainCall<void> {
  checkId('contract id', contractId);
  const hash = u8aToHex(deploymentHashBytes(deploymentHash));
  return plainCall(
    api.tx.smartContractModule.updateNodeContract(
      contractId,
      hash,
      u8aToHex(deploymentDataBytes(deploymentData)),
    ),
  );
}

export function cancelContractCall(api: ApiPromise, contractId: number): ChainCall<void> {
  return plainCall(api.tx.smartContractModule.cancelContract(checkId('contract id', contractId)));
}

export function createNameContractCall(api: ApiPromise, name: string): ChainCall<number> {
  checkContractName(name);
  return {
    tx: api.tx.smartContractModule.createNameContract(bytesArg(name)),
    result: async (events, chainApi) => {
      const id =
        createdContracts(events).find((c) => c.type === 'name' && c.name === name)?.contractId ??
        (await contractIdByName(chainApi, name));
      if (id === undefined) throw notFound(`name '${name}'`);
      return id;
    },
  };
}

export function createRentContractCall(
  api: ApiPromise,
  nodeId: number,
  solutionProviderId?: number,
): ChainCall<number> {
  checkId('node id', nodeId);
  if (solutionProviderId !== undefined) checkId('solution provider id', solutionProviderId);
  return {
    tx: api.tx.smartContractModule.createRentContract(nodeId, solutionProviderId ?? null),
    result: async (events, chainApi) => {
      const id =
        createdContracts(events).find((c) => c.type === 'rent' && c.nodeId === nodeId)?.contractId ??
        (await rentContractIdOfNode(chainApi, nodeId));
      if (id === undefined) throw notFound(`renting node ${nodeId}`);
      return id;
    },
  };
}

/** Creates a node contract; returns its id. */
export async function createNodeContract(ctx: ChainContext, args: NodeContractArgs): Promise<number> {
  return run(ctx, createNodeContractCall(ctx.api, args));
}

/** Replaces a node contract's deployment hash and data (after the deployment changed). */
export async function updateNodeContract(
  ctx: ChainContext,
  contractId: number,
  deploymentHash: string,
  deploymentData = '',
): Promise<void> {
  return run(ctx, updateNodeContractCall(ctx.api, contractId, deploymentHash, deploymentData));
}

/** Cancels a contract of our twin (nodes then remove its deployment). */
export async function cancelContract(ctx: ChainContext, contractId: number): Promise<void> {
  return run(ctx, cancelContractCall(ctx.api, contractId));
}

/** Registers a gateway name; returns the name contract's id. */
export async function createNameContract(ctx: ChainContext, name: string): Promise<number> {
  return run(ctx, createNameContractCall(ctx.api, name));
}

/** Rents a whole node; returns the rent contract's id. */
export async function createRentContract(
  ctx: ChainContext,
  nodeId: number,
  solutionProviderId?: number,
): Promise<number> {
  return run(ctx, createRentContractCall(ctx.api, nodeId, solutionProviderId));
}

export { batchAll };

/** A contract by id; undefined when there is none (never created, or canceled and removed). */
export async function getContract(api: ApiPromise, contractId: number): Promise<Contract | undefined> {
  const json = (await api.query.smartContractModule.contracts(checkId('contract id', contractId))).toJSON();
  return json === null || json === undefined ? undefined : decodeContract(json);
}

/** Several contracts in one storage query (missing ones are left out), by ascending id. */
export async function getContracts(api: ApiPromise, contractIds: readonly number[]): Promise<Contract[]> {
  const ids = [...new Set(contractIds)].sort((a, b) => a - b);
  const out: Contract[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const values = await api.query.smartContractModule.contracts.multi(chunk);
    for (const v of values) {
      const json = v.toJSON();
      if (json !== null && json !== undefined) out.push(decodeContract(json));
    }
  }
  return out;
}

/** The highest contract id the chain has handed out. */
export async function lastContractId(api: ApiPromise): Promise<number> {
  return num((await api.query.smartContractModule.contractID()).toJSON());
}

export interface ListContractsOptions {
  /** only look at these nodes' active contracts (cheap on a big chain; misses name contracts). @default scan all contracts */
  readonly nodeIds?: readonly number[];
  /** entries fetched per page when scanning all contracts. @default 500 */
  readonly pageSize?: number;
}

/** The live contracts of a twin, by ascending id, with their decoded deployment data. */
export async function listContracts(
  api: ApiPromise,
  twinId: number,
  options: ListContractsOptions = {},
): Promise<Contract[]> {
  checkId('twin id', twinId);
  const found: Contract[] = [];
  if (options.nodeIds) {
    const ids = new Set<number>();
    for (const nodeId of options.nodeIds) {
      for (const id of (
        await api.query.smartContractModule.activeNodeContracts(nodeId)
      ).toJSON() as unknown[])
        ids.add(num(id));
      const rent = await rentContractIdOfNode(api, nodeId);
      if (rent !== undefined) ids.add(rent);
    }
    for (const id of ids) {
      const contract = await getContract(api, id);
      if (contract && contract.twinId === twinId) found.push(contract);
    }
  } else {
    const pageSize = options.pageSize ?? 500;
    let startKey: string | undefined;
    for (;;) {
      const page = await api.query.smartContractModule.contracts.entriesPaged({
        args: [],
        pageSize,
        startKey,
      });
      for (const [, value] of page) {
        const json = value.toJSON();
        if (json && num((json as { twinId: unknown }).twinId) === twinId) found.push(decodeContract(json));
      }
      if (page.length < pageSize) break;
      startKey = page[page.length - 1][0].toHex();
    }
  }
  return found.sort((a, b) => a.contractId - b.contractId);
}
