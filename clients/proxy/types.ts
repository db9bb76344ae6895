/**
 * The grid proxy's JSON (grid-protocol.md section 6), field names and casing exactly as
 * tfgrid-sdk-go's grid-proxy serves them (note the mix: `nodeId` but `total_resources`, `farm_free_ips`).
 * Sizes are bytes, times are unix seconds.
 */

/** Node status as the proxy derives it from the node's uptime reports and its farmerbot power state. */
export type ProxyNodeStatus = 'up' | 'down' | 'standby';

/** Node certification as the chain spells it (`certification_type` filters case-insensitively). */
export type NodeCertificationType = 'Diy' | 'Certified';

/** Farm certification as the chain spells it. */
export type FarmCertificationType = 'NotCertified' | 'Gold';

/** Capacity of a node: `cru` in cores, the rest in bytes. */
export interface ProxyCapacity {
  cru: number;
  /** ssd, bytes */
  sru: number;
  /** hdd, bytes */
  hru: number;
  /** memory, bytes */
  mru: number;
}

export interface ProxyPublicConfig {
  /** public ipv4 of the node in CIDR form, '' when none */
  ipv4: string;
  /** public ipv6 in CIDR form, '' when none */
  ipv6: string;
  gw4: string;
  gw6: string;
  /** domain the node serves gateways under, '' when it is not a gateway */
  domain: string;
}

export interface ProxyLocation {
  country: string;
  city: string;
  longitude: number | null;
  latitude: number | null;
}

/** Farmerbot power report: `state` is what the node is, `target` what the farmerbot wants. */
export interface ProxyNodePower {
  state: string;
  target: string;
}

export interface ProxyNodeGpu {
  id: string;
  vendor: string;
  device: string;
  /** contract using the gpu, 0 when free */
  contract: number;
}

/** A node as listed by `/nodes` and `/gateways`. */
export interface ProxyNode {
  /** proxy-internal id, e.g. `node-12` */
  id: string;
  nodeId: number;
  farmId: number;
  farmName: string;
  twinId: number;
  country: string;
  city: string;
  gridVersion: number;
  /** seconds the node has been up */
  uptime: number;
  /** unix seconds */
  created: number;
  farmingPolicyId: number;
  /** unix seconds of the node's last uptime report */
  updatedAt: number;
  total_resources: ProxyCapacity;
  /** capacity in use, including what zos reserves for itself */
  used_resources: ProxyCapacity;
  location: ProxyLocation;
  publicConfig: ProxyPublicConfig;
  status: ProxyNodeStatus;
  certificationType: NodeCertificationType | string;
  /** only its renter may deploy (dedicated farm, no contracts yet, rented, or an extra fee) */
  dedicated: boolean;
  inDedicatedFarm: boolean;
  /** 0 when not rented */
  rentContractId: number;
  rented: boolean;
  rentable: boolean;
  /** 0 when not rented */
  rentedByTwinId: number;
  serialNumber: string;
  power: ProxyNodePower;
  num_gpu: number;
  /** extra monthly fee set by the farmer, mUSD */
  extraFee: number;
  healthy: boolean;
  /** hardware the node reported (zos.system.dmi); empty strings and nulls until it did */
  dmi: ProxyDmi;
  /** network speed measured by the node's perf tests, bits/s; 0 until measured */
  speed: ProxySpeed;
  gpus: ProxyNodeGpu[];
  price_usd: number;
  /** public IPs of the node's farm not used by any contract */
  farm_free_ips: number;
  features: string[];
}

/**
 * A node's DMI as the proxy serves it (Go's encoding of its Dmi row: `UpdatedAt` has no json tag,
 * processor and memory are null when the node reported none).
 */
export interface ProxyDmi {
  bios: { vendor: string; version: string };
  baseboard: { manufacturer: string; product_name: string };
  processor: { version: string; thread_count: string }[] | null;
  memory: { manufacturer: string; type: string }[] | null;
  UpdatedAt: number;
}

/** Upload and download speed, bits/s (`UpdatedAt` untagged, as the proxy's Go struct encodes it). */
export interface ProxySpeed {
  upload: number;
  download: number;
  UpdatedAt: number;
}

/** `/nodes/{id}` nests the capacity under `capacity` (the proxy's older node view). */
export type ProxyNodeDetail = Omit<ProxyNode, 'total_resources' | 'used_resources'> & {
  capacity: { total_resources: ProxyCapacity; used_resources: ProxyCapacity };
};

export interface ProxyPublicIp {
  /** proxy-internal id */
  id: string;
  /** CIDR, e.g. `185.206.122.33/24` */
  ip: string;
  gateway: string;
  /** contract holding the ip, 0 when free */
  contract_id: number;
  /** the farm, in `/public_ips` only (omitted inside a farm) */
  farm_id?: number;
}

/** One resource line of `/nodes/{id}/statistics` (zos.statistics.get): cru cores, the rest bytes. */
export interface ProxyStatisticsResources {
  cru: number;
  hru: number;
  ipv4u: number;
  mru: number;
  sru: number;
}

/** `/nodes/{id}/statistics`: what the node answers to zos.statistics.get. */
export interface ProxyNodeStatistics {
  system: ProxyStatisticsResources;
  total: ProxyStatisticsResources;
  used: ProxyStatisticsResources;
  users: { deployments: number; workloads: number; last_deployment_timestamp: number };
}

/** `/twins/{id}/consumption`: TFT spent in the last hour and over the twin's whole history. */
export interface ProxyTwinConsumption {
  last_hour_consumption: number;
  overall_consumption: number;
}

/** `/contracts/{id}/bills`: one bill (amount in units of 10^-7 TFT, timestamp unix seconds). */
export interface ProxyContractBill {
  amountBilled: number;
  discountReceived: string;
  timestamp: number;
}

export interface ProxyFarm {
  name: string;
  farmId: number;
  twinId: number;
  pricingPolicyId: number;
  certificationType: FarmCertificationType | string;
  stellarAddress: string;
  dedicated: boolean;
  publicIps: ProxyPublicIp[];
}

export interface ProxyTwin {
  twinId: number;
  /** ss58 address */
  accountId: string;
  /** relay host name(s), '' when none */
  relay: string;
  /** hex public key used for payload encryption, '' when none */
  publicKey: string;
}

export type ProxyContractState = 'Created' | 'GracePeriod' | 'Deleted';
export type ProxyContractType = 'node' | 'name' | 'rent';

export interface ProxyNodeContractDetails {
  nodeId: number;
  deployment_data: string;
  deployment_hash: string;
  number_of_public_ips: number;
  farm_name: string;
  farm_id: number;
}

export interface ProxyNameContractDetails {
  name: string;
}

export interface ProxyRentContractDetails {
  nodeId: number;
  farm_name: string;
  farm_id: number;
}

export interface ProxyContract {
  contract_id: number;
  twin_id: number;
  state: ProxyContractState;
  /** unix seconds */
  created_at: number;
  type: ProxyContractType;
  details: ProxyNodeContractDetails | ProxyNameContractDetails | ProxyRentContractDetails;
}

/** `/stats`: grid-wide totals (capacity in bytes). */
export interface ProxyStats {
  nodes: number;
  farms: number;
  countries: number;
  totalCru: number;
  totalSru: number;
  totalMru: number;
  totalHru: number;
  publicIps: number;
  accessNodes: number;
  gateways: number;
  twins: number;
  contracts: number;
  /** nodes per country */
  nodesDistribution: Record<string, number>;
  gpus: number;
  dedicatedNodes: number;
  workloads_number: number;
}

/** `/ping` answer. */
export interface ProxyPing {
  ping: string;
}

/** The body of every proxy error answer. */
export interface ProxyErrorBody {
  error: string;
}

/** Free capacity of a node (total minus used, never negative). */
export function freeCapacity(node: Pick<ProxyNode, 'total_resources' | 'used_resources'>): ProxyCapacity {
  const t = node.total_resources;
  const u = node.used_resources;
  return {
    cru: Math.max(0, t.cru - u.cru),
    sru: Math.max(0, t.sru - u.sru),
    hru: Math.max(0, t.hru - u.hru),
    mru: Math.max(0, t.mru - u.mru),
  };
}

/** Converts the nested `/nodes/{id}` view to the flat `/nodes` view. */
export function flattenNodeDetail(detail: ProxyNodeDetail): ProxyNode {
  const { capacity, ...rest } = detail;
  return { ...rest, total_resources: capacity.total_resources, used_resources: capacity.used_resources };
}
