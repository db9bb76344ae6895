/**
 * What the engine needs from the grid. `grid-backend.ts` implements it over our chain, RMB and
 * grid proxy clients, against the dev grid or a public network; the engine itself does no I/O.
 */
import type { PlacementRequest } from '../clients/proxy/placement-request';
import type { ProxyNode } from '../clients/proxy/types';
import type { Signer } from '../model/zos/signing';
import type { Deployment } from '../model/zos/types';

/** A contract of our twin as the chain has it. */
export interface ChainContract {
  readonly contractId: number;
  readonly type: 'node' | 'name' | 'rent';
  readonly state: 'created' | 'grace' | 'deleted';
  readonly nodeId?: number;
  readonly deploymentHash?: string;
  readonly deploymentData?: string;
  readonly publicIps?: number;
  readonly name?: string;
}

/** A contract to create (in one batch with others). */
export type NewContract =
  | {
      readonly type: 'node';
      readonly nodeId: number;
      readonly deploymentHash: string;
      readonly deploymentData: string;
      readonly publicIps: number;
    }
  | {
      readonly type: 'name';
      readonly name: string;
      /** the owning project: its ownership record is written in the same batch (see ownership.ts) */
      readonly owner?: string;
    };

/** A DAO proposal as listed on chain. */
export interface ChainProposal {
  readonly hash: string;
  readonly index: number;
  readonly description: string;
  readonly link: string;
  readonly threshold: number;
  readonly ayes: readonly { farmId: number; weight: number }[];
  readonly nays: readonly { farmId: number; weight: number }[];
  readonly end: number;
}

/** The node did not answer in time (it may be down), or could not be reached at all. */
export class NodeUnreachableError extends Error {
  constructor(
    readonly nodeId: number,
    message: string,
    /** the relay says the node is not connected ('destination offline'): waiting for it is pointless */
    readonly offline = false,
  ) {
    super(message);
  }
}

/** The connection to TFChain dropped (or never opened): calls in flight may or may not have taken effect. */
export class ChainUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChainUnreachableError';
  }
}

export interface GridBackend {
  /** our twin (created if the account has none) */
  readonly twinId: number;
  /** signs deployments with the account's key */
  readonly signer: Signer;
  /** the account secret: only used to derive generated secrets; never logged */
  readonly accountSecret: string;

  /** every node that is up (grid proxy) */
  nodes(): Promise<ProxyNode[]>;
  /**
   * the nodes these placement requests could use, asked of the proxy with each request's filters
   * (every node that is up when the proxy refuses a filter); without it the engine uses `nodes()`
   */
  nodesFor?(requests: readonly PlacementRequest[]): Promise<ProxyNode[]>;
  /**
   * reads what calling these nodes needs (their proxy records) in bulk, ahead of calls one node at
   * a time; optional: without it each node is read when first called
   */
  readNodes?(nodeIds: readonly number[]): Promise<void>;
  /** the address peers use to reach a node's wireguard (its public ipv4 without mask), if any */
  nodePublicIp(nodeId: number): Promise<string | undefined>;

  /** live contracts of our twin */
  listContracts(): Promise<ChainContract[]>;
  /**
   * how many consecutive contracts of `contracts` go in each batch so that the chain accepts every
   * batch and each fits in one block (its block weight and length limits, the calls' weights as
   * the chain answers them); in order, the fewest batches
   */
  contractBatchSizes(contracts: readonly NewContract[]): Promise<number[]>;
  /**
   * creates all in one atomic batch, with the ownership records of named owners; returns their ids
   * in order (size batches with contractBatchSizes: the chain refuses one over its limits)
   */
  createContracts(contracts: readonly NewContract[]): Promise<number[]>;
  /**
   * createContracts with TFKVStore entries of the account set first, all in one atomic
   * `utility.batchAll`; resolves with the contracts' ids in order and the hash of the block that
   * holds the batch (the project lease taken with the first batch: lease-in-batch.ts)
   */
  createContractsWith?(
    entries: ReadonlyMap<string, string>,
    contracts: readonly NewContract[],
  ): Promise<{ readonly ids: number[]; readonly blockHash: string }>;
  updateNodeContract(contractId: number, deploymentHash: string, deploymentData: string): Promise<void>;
  /**
   * cancels all (a contract already gone is not an error), in as many batches as the chain's block
   * limits need; a name contract's ownership record is deleted in the same batch as its contract
   */
  cancelContracts(contractIds: readonly number[]): Promise<void>;

  /** the account's TFKVStore entries whose key starts with `prefix`, by key */
  kvEntries(prefix: string): Promise<Map<string, string>>;
  /**
   * one entry of the account: now, or as it was just before block `block` (a block hash), or just
   * after it (`when` 'after')
   */
  kvGet(key: string, block?: string, when?: 'before' | 'after'): Promise<string | undefined>;
  /**
   * sets (a value) or deletes (undefined) the account's entries in one batch; resolves once in a
   * block, with that block's hash
   */
  kvWrite(entries: ReadonlyMap<string, string | undefined>): Promise<string>;
  /**
   * like kvWrite, but resolves as soon as the chain's transaction pool accepted the batch (valid,
   * not yet in a block): the chain includes it without us; whether its calls succeed is not known
   */
  kvSubmit?(entries: ReadonlyMap<string, string | undefined>): Promise<void>;
  /**
   * whether the account set or deleted `key` in a block after block `after` and before block
   * `before` (both block hashes, `after` an ancestor of `before`); true as well when that cannot be
   * told (too many blocks between, or `after` is not an ancestor)
   */
  kvWrittenBetween?(key: string, after: string, before: string): Promise<boolean>;
  /** the hash of the chain's best block now */
  bestBlock?(): Promise<string>;

  deploy(nodeId: number, deployment: Deployment): Promise<void>;
  update(nodeId: number, deployment: Deployment): Promise<void>;
  /** the deployment as the node has it; undefined when the node does not have it; throws NodeUnreachableError */
  getDeployment(nodeId: number, contractId: number): Promise<Deployment | undefined>;
  /**
   * the twin's active deployments on a node in one call (`zos.deployment.list`); a deployment that
   * is not active may be left out (ask getDeployment); throws NodeUnreachableError
   */
  listDeployments(nodeId: number): Promise<Deployment[]>;

  /** DAO: proposal hash of an action, creation, votes and listing */
  daoProposalHash(action: { pallet: string; call: string; args: unknown[] }): Promise<string>;
  daoPropose(p: {
    action: { pallet: string; call: string; args: unknown[] };
    threshold: number;
    description: string;
    link: string;
    durationBlocks?: number;
  }): Promise<string>;
  daoVote(farmId: number, proposalHash: string, approve: boolean): Promise<void>;
  daoProposals(): Promise<ChainProposal[]>;
}
