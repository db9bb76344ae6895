/**
 * Where the dev grid proxy reads the grid from: chain records (nodes, farms, twins, contracts) and what
 * each node reports over RMB (statistics). The chain/RMB implementation lives elsewhere; tests use
 * `InMemoryGridStateSource`.
 */
import type {
  FarmCertificationType,
  ProxyDmi,
  NodeCertificationType,
  ProxyCapacity,
  ProxyContractState,
  ProxyContractType,
  ProxyNodeGpu,
  ProxyNodeStatus,
} from '../../clients/proxy/types';

/** A node as registered on the chain (tfgridModule.Nodes). */
export interface ChainNodeRecord {
  readonly nodeId: number;
  readonly farmId: number;
  readonly twinId: number;
  /** total capacity the node registered: cru in cores, the rest in bytes */
  readonly resources: ProxyCapacity;
  readonly location: {
    readonly country: string;
    readonly city: string;
    readonly latitude?: number;
    readonly longitude?: number;
  };
  /** public config, when the farmer set one */
  readonly publicConfig?: {
    /** CIDR */
    readonly ipv4: string;
    readonly gw4: string;
    /** CIDR, '' or absent when none */
    readonly ipv6?: string;
    readonly gw6?: string;
    /** gateway domain, '' or absent when the node is no gateway */
    readonly domain?: string;
  };
  readonly certification: NodeCertificationType;
  /** unix seconds the node registered */
  readonly created: number;
  /** unix seconds of the last uptime report. @default created */
  readonly updatedAt?: number;
  /** seconds up, from the last uptime report. @default 0 */
  readonly uptime?: number;
  /** @default 1 */
  readonly farmingPolicyId?: number;
  readonly serialNumber?: string;
  /** zos generation. @default 3 */
  readonly gridVersion?: number;
  /** extra monthly fee set by the farmer, mUSD. @default 0 */
  readonly extraFee?: number;
  readonly gpus?: readonly ProxyNodeGpu[];
  /** workload types the node supports (zos.system.node_features_get), e.g. `zmachine`, `zdb` */
  readonly features?: readonly string[];
  /** hardware the node reported (zos.system.dmi). @default none reported */
  readonly dmi?: Omit<ProxyDmi, 'UpdatedAt'>;
  /** measured network speed, bits/s. @default 0 both */
  readonly speed?: { readonly upload: number; readonly download: number };
  /** farmerbot power state. @default {state: 'Up', target: 'Up'} */
  readonly power?: { readonly state: 'Up' | 'Down'; readonly target: 'Up' | 'Down' };
}

/** A farm as registered on the chain (tfgridModule.Farms). */
export interface ChainFarmRecord {
  readonly farmId: number;
  readonly name: string;
  /** owner twin */
  readonly twinId: number;
  readonly pricingPolicyId: number;
  readonly certification: FarmCertificationType;
  /** only renters of whole nodes may deploy. @default false */
  readonly dedicated?: boolean;
  readonly stellarAddress?: string;
  /** the farm's public IPs; `contractId` 0 when free */
  readonly publicIps: readonly {
    readonly ip: string;
    readonly gateway: string;
    readonly contractId: number;
  }[];
}

/** A twin as registered on the chain (tfgridModule.Twins). */
export interface ChainTwinRecord {
  readonly twinId: number;
  /** ss58 address */
  readonly accountId: string;
  /** relay host name(s). @default '' */
  readonly relay?: string;
  /** hex public key for payload encryption. @default '' */
  readonly publicKey?: string;
}

/** A contract as stored on the chain (smartContractModule.Contracts). */
export interface ChainContractRecord {
  readonly contractId: number;
  readonly twinId: number;
  readonly state: ProxyContractState;
  readonly type: ProxyContractType;
  /** unix seconds */
  readonly createdAt: number;
  /** node and rent contracts */
  readonly nodeId?: number;
  /** node contracts: hex */
  readonly deploymentHash?: string;
  readonly deploymentData?: string;
  /** node contracts: public IPs reserved */
  readonly publicIps?: number;
  /** name contracts */
  readonly name?: string;
  readonly solutionProviderId?: number;
}

/** A `ContractBilled` event: amount in units of 10^-7 TFT, timestamp in unix seconds. */
export interface ContractBillRecord {
  readonly contractId: number;
  readonly amountBilled: number;
  readonly discountReceived: string;
  readonly timestamp: number;
}

/** What a node answers to `zos.statistics.get`: capacity in use (cru cores, the rest bytes). */
export interface NodeStatistics {
  readonly total: ProxyCapacity;
  readonly used: ProxyCapacity;
  /** workloads deployed on the node. @default 0 */
  readonly workloads?: number;
  /** capacity zos keeps for itself. @default 0 all */
  readonly system?: ProxyCapacity;
  /** deployments on the node. @default 0 */
  readonly deployments?: number;
  /** unix seconds of the newest workload. @default 0 */
  readonly lastDeploymentTimestamp?: number;
  /** public IPv4s in use. @default 0 */
  readonly ipv4u?: number;
}

export interface GridStateSource {
  listNodes(): Promise<readonly ChainNodeRecord[]>;
  listFarms(): Promise<readonly ChainFarmRecord[]>;
  listTwins(): Promise<readonly ChainTwinRecord[]>;
  /** every contract the indexer saw, deleted ones included (the chain forgets those) */
  listContracts(): Promise<readonly ChainContractRecord[]>;
  /** every bill the indexer saw, oldest first */
  listBills(): Promise<readonly ContractBillRecord[]>;
  /** asks the node over RMB; undefined when it does not answer (the proxy then reports it down) */
  nodeStatistics(nodeId: number): Promise<NodeStatistics | undefined>;
  /** status from the node's uptime reports and power state */
  nodeStatus(nodeId: number): Promise<ProxyNodeStatus>;
}

/** A GridStateSource over plain arrays, for tests and demos; mutate its fields between requests. */
export class InMemoryGridStateSource implements GridStateSource {
  nodes: ChainNodeRecord[];
  farms: ChainFarmRecord[];
  twins: ChainTwinRecord[];
  contracts: ChainContractRecord[];
  bills: ContractBillRecord[];
  /** per node; a node missing here does not answer (down) */
  statistics: Map<number, NodeStatistics>;
  /** per node. @default 'up' when the node answers statistics, else 'down' */
  statuses: Map<number, ProxyNodeStatus>;

  constructor(
    init: Partial<
      Pick<
        InMemoryGridStateSource,
        'nodes' | 'farms' | 'twins' | 'contracts' | 'bills' | 'statistics' | 'statuses'
      >
    > = {},
  ) {
    this.nodes = init.nodes ?? [];
    this.farms = init.farms ?? [];
    this.twins = init.twins ?? [];
    this.contracts = init.contracts ?? [];
    this.bills = init.bills ?? [];
    this.statistics = init.statistics ?? new Map();
    this.statuses = init.statuses ?? new Map();
  }

  async listNodes(): Promise<readonly ChainNodeRecord[]> {
    return this.nodes;
  }

  async listFarms(): Promise<readonly ChainFarmRecord[]> {
    return this.farms;
  }

  async listTwins(): Promise<readonly ChainTwinRecord[]> {
    return this.twins;
  }

  async listContracts(): Promise<readonly ChainContractRecord[]> {
    return this.contracts;
  }

  async listBills(): Promise<readonly ContractBillRecord[]> {
    return this.bills;
  }

  async nodeStatistics(nodeId: number): Promise<NodeStatistics | undefined> {
    return this.statistics.get(nodeId);
  }

  async nodeStatus(nodeId: number): Promise<ProxyNodeStatus> {
    return this.statuses.get(nodeId) ?? (this.statistics.has(nodeId) ? 'up' : 'down');
  }
}
