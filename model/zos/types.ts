/**
 * The zos deployment model: the JSON a node receives (field names exactly as zos's gridtypes).
 * Sizes are bytes, times are unix seconds.
 */

/** Workload type names as zos spells them. */
export type WorkloadType =
  | 'zmachine'
  | 'zmachine-light'
  | 'network'
  | 'network-light'
  | 'zmount'
  | 'volume'
  | 'zdb'
  | 'ip'
  | 'ipv4'
  | 'gateway-name-proxy'
  | 'gateway-fqdn-proxy'
  | 'qsfs'
  | 'zlogs';

/** Workload states a node reports. */
export type ResultState = 'init' | 'unchanged' | 'error' | 'ok' | 'deleted' | 'paused';

export interface WorkloadResult {
  /** unix seconds */
  created: number;
  state: ResultState;
  message: string;
  /** type-specific result object (e.g. zdb: {Namespace, IPs, Port}) */
  data: unknown;
}

export interface Workload<D = Record<string, unknown>> {
  version: number;
  name: string;
  type: WorkloadType;
  data: D;
  metadata: string;
  description: string;
  result?: WorkloadResult;
}

export interface SignatureRequest {
  twin_id: number;
  required: boolean;
  weight: number;
}

export type SignatureType = 'ed25519' | 'sr25519';

export interface Signature {
  twin_id: number;
  /** lowercase hex, no 0x */
  signature: string;
  signature_type: SignatureType;
}

export interface SignatureRequirement {
  requests: SignatureRequest[];
  weight_required: number;
  signatures: Signature[];
  /** '' or 'polka-wallet' */
  signature_style: string;
}

export interface Deployment {
  version: number;
  twin_id: number;
  contract_id: number;
  metadata: string;
  description: string;
  /** deprecated, always 0 */
  expiration: number;
  signature_requirement: SignatureRequirement;
  workloads: Workload[];
}

/** Capacity in zos units: cru = cores, the others bytes; ipv4u = public IPv4 addresses. */
export interface Capacity {
  cru: number;
  mru: number;
  sru: number;
  hru: number;
  ipv4u: number;
}

export const zeroCapacity = (): Capacity => ({ cru: 0, mru: 0, sru: 0, hru: 0, ipv4u: 0 });

// ---- per-type data (zos JSON field names) ----

export interface ZmachineInterface {
  network: string;
  ip: string;
}
export interface MyceliumIp {
  network: string;
  /** 6 bytes, hex */
  hex_seed: string;
}
export interface ZmachineNetwork {
  /** name of an `ip` workload, or '' */
  public_ip: string;
  planetary: boolean;
  interfaces: ZmachineInterface[];
  mycelium?: MyceliumIp | null;
}
export interface ZmachineMount {
  name: string;
  mountpoint: string;
}
/** The fields both machine types carry (zos's zmachine_utils.go); their network differs. */
export interface MachineCommonData {
  flist: string;
  /** rootfs size, bytes */
  size: number;
  compute_capacity: { cpu: number; memory: number };
  mounts: ZmachineMount[];
  entrypoint: string;
  env: Record<string, string>;
  corex: boolean;
  /** `slot/vendor/device` */
  gpu?: string[];
}
export interface ZmachineData extends MachineCommonData {
  network: ZmachineNetwork;
}

export interface WireguardPeer {
  subnet: string;
  wireguard_public_key: string;
  allowed_ips: string[];
  endpoint: string;
}
export interface NetworkData {
  ip_range: string;
  subnet: string;
  wireguard_private_key: string;
  wireguard_listen_port: number;
  peers: WireguardPeer[];
  mycelium?: { hex_key: string; peers: string[] } | null;
}

export interface ZmountData {
  size: number;
}
export type VolumeData = ZmountData;

export interface ZdbData {
  size: number;
  mode: 'user' | 'seq';
  password: string;
  public: boolean;
}

export interface PublicIpData {
  v4: boolean;
  v6: boolean;
}

export interface GatewayNameProxyData {
  name: string;
  tls_passthrough: boolean;
  backends: string[];
  network?: string | null;
}
export interface GatewayFqdnProxyData {
  fqdn: string;
  tls_passthrough: boolean;
  backends: string[];
  network?: string | null;
}

export interface ZdbBackend {
  address: string;
  namespace: string;
  password: string;
}
export interface QsfsConfig {
  minimal_shards: number;
  expected_shards: number;
  redundant_groups: number;
  redundant_nodes: number;
  /** MiB */
  max_zdb_data_dir_size: number;
  encryption: { algorithm: string; key: string };
  meta: {
    type: string;
    config: { prefix: string; encryption: { algorithm: string; key: string }; backends: ZdbBackend[] };
  };
  groups: { backends: ZdbBackend[] }[];
  compression: { algorithm: string };
}
export interface QsfsData {
  /** bytes */
  cache: number;
  config: QsfsConfig;
}

export interface ZlogsData {
  zmachine: string;
  output: string;
}

// ---- light variants (zos-light nodes: mycelium instead of planetary/public ip) ----

/** Mycelium settings of a network: the node's mycelium key, so the network keeps its addresses when moved. */
export interface NetworkMycelium {
  /** 32 bytes, hex */
  hex_key: string;
  /** must be empty: zos does not accept user-defined peers yet */
  peers: string[];
}

export interface ZmachineLightNetwork {
  interfaces: ZmachineInterface[];
  mycelium?: MyceliumIp | null;
}
export interface ZmachineLightData extends MachineCommonData {
  network: ZmachineLightNetwork;
}

export interface NetworkLightData {
  subnet: string;
  /** required on network-light */
  mycelium: NetworkMycelium;
  /** optional on light nodes; an absent range is written as `<nil>` in the challenge (Go's empty IPNet) */
  ip_range?: string;
  wireguard_private_key?: string;
  wireguard_listen_port?: number;
  peers?: WireguardPeer[];
}

// ---- results a node reports (result.data) ----

export interface ZmachineResult {
  id: string;
  ip: string;
  planetary_ip: string;
  mycelium_ip: string;
  console_url: string;
}
export interface ZmachineLightResult {
  id: string;
  ip: string;
  mycelium_ip: string;
  console_url: string;
}
export interface ZmountResult {
  volume_id: string;
}
export interface VolumeResult {
  id: string;
}
/** zdb result keys are capitalised in zos */
export interface ZdbResult {
  Namespace: string;
  IPs: string[];
  Port: number;
}
export interface PublicIpResult {
  /** CIDR, '' when no v4 */
  ip: string;
  /** CIDR, '' when no v6 */
  ip6: string;
  gateway: string;
}
export interface GatewayProxyResult {
  fqdn: string;
}
export interface QsfsResult {
  path: string;
  metrics_endpoint: string;
}
