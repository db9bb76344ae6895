/**
 * Turns chain records and node statistics into the proxy's views (one consistent snapshot per request),
 * deriving what the real proxy derives: free farm IPs, renters, dedicated/rentable, health.
 */
import type {
  ProxyCapacity,
  ProxyDmi,
  ProxyContract,
  ProxyFarm,
  ProxyNode,
  ProxyNodeStatus,
  ProxyTwin,
} from '../../clients/proxy/types';
import type {
  ChainContractRecord,
  ChainFarmRecord,
  ChainNodeRecord,
  ContractBillRecord,
  GridStateSource,
  NodeStatistics,
} from './grid-state-source';

export interface GridSnapshot {
  /** sorted by node id */
  readonly nodes: readonly ProxyNode[];
  readonly farms: readonly ProxyFarm[];
  readonly twins: readonly ProxyTwin[];
  readonly contracts: readonly ProxyContract[];
  /** every bill, oldest first */
  readonly bills: readonly ContractBillRecord[];
  /** workloads reported by the nodes that answered */
  readonly workloads: number;
}

const zero = (): ProxyCapacity => ({ cru: 0, sru: 0, hru: 0, mru: 0 });
const live = (c: ChainContractRecord): boolean => c.state !== 'Deleted';

/** Which nodes a snapshot asks and views. */
export interface SnapshotOptions {
  /** false: no node is asked (for endpoints that only need chain records): nodes then read down. @default true */
  readonly nodeReports?: boolean;
  /**
   * only these nodes are asked and viewed (a request naming its nodes, e.g. `/nodes/7` or
   * `node_ids=`): the others are left out of `nodes` and `workloads`. @default every node
   */
  readonly nodeIds?: readonly number[];
}

/**
 * Reads everything from the source; node statistics and statuses are asked in parallel (of the
 * nodes `options.nodeIds` names, or of every node).
 */
export async function takeSnapshot(
  source: GridStateSource,
  options: SnapshotOptions = {},
): Promise<GridSnapshot> {
  const nodeReports = options.nodeReports ?? true;
  const [allNodes, farms, twins, contracts, bills] = await Promise.all([
    source.listNodes(),
    source.listFarms(),
    source.listTwins(),
    source.listContracts(),
    source.listBills(),
  ]);
  const only = options.nodeIds && new Set(options.nodeIds);
  const nodes = only ? allNodes.filter((n) => only.has(n.nodeId)) : allNodes;
  const reports = await Promise.all(
    nodes.map(async (n) => {
      if (!nodeReports) return { stats: undefined, status: 'down' as const };
      const [stats, status] = await Promise.all([
        source.nodeStatistics(n.nodeId),
        source.nodeStatus(n.nodeId),
      ]);
      return { stats, status };
    }),
  );
  const farmById = new Map(farms.map((f) => [f.farmId, f]));
  const nodeById = new Map(allNodes.map((n) => [n.nodeId, n]));
  const onNodes = liveContractsByNode(contracts);
  const views = nodes
    .map((n, i) =>
      nodeView(n, farmById.get(n.farmId), onNodes.get(n.nodeId), reports[i].stats, reports[i].status),
    )
    .sort((a, b) => a.nodeId - b.nodeId);
  return {
    nodes: views,
    farms: farms.map(farmView).sort((a, b) => a.farmId - b.farmId),
    twins: twins
      .map((t) => ({
        twinId: t.twinId,
        accountId: t.accountId,
        relay: t.relay ?? '',
        publicKey: t.publicKey ?? '',
      }))
      .sort((a, b) => a.twinId - b.twinId),
    contracts: contracts
      .map((c) => contractView(c, nodeById, farmById))
      .sort((a, b) => a.contract_id - b.contract_id),
    bills,
    workloads: reports.reduce((sum, r) => sum + (r.stats?.workloads ?? 0), 0),
  };
}

/** Per node: its live rent contract (the first) and how many live node contracts it has. */
interface NodeContracts {
  rent?: ChainContractRecord;
  nodeContracts: number;
}

/** The live contracts of every node, in one pass over the contracts. */
function liveContractsByNode(contracts: readonly ChainContractRecord[]): Map<number, NodeContracts> {
  const byNode = new Map<number, NodeContracts>();
  for (const c of contracts) {
    if (c.nodeId === undefined || !live(c) || (c.type !== 'rent' && c.type !== 'node')) continue;
    let on = byNode.get(c.nodeId);
    if (!on) byNode.set(c.nodeId, (on = { nodeContracts: 0 }));
    if (c.type === 'node') on.nodeContracts++;
    else on.rent ??= c;
  }
  return byNode;
}

function nodeView(
  n: ChainNodeRecord,
  farm: ChainFarmRecord | undefined,
  onNode: NodeContracts | undefined,
  stats: NodeStatistics | undefined,
  reported: ProxyNodeStatus,
): ProxyNode {
  const rent = onNode?.rent;
  const nodeContracts = onNode?.nodeContracts ?? 0;
  const farmDedicated = farm?.dedicated ?? false;
  const renter = rent?.twinId ?? 0;
  const extraFee = n.extraFee ?? 0;
  // a node that does not answer RMB is down, whatever its last uptime report says
  const status: ProxyNodeStatus = reported === 'up' && !stats ? 'down' : reported;
  const pc = n.publicConfig;
  return {
    id: `node-${n.nodeId}`,
    nodeId: n.nodeId,
    farmId: n.farmId,
    farmName: farm?.name ?? '',
    twinId: n.twinId,
    country: n.location.country,
    city: n.location.city,
    gridVersion: n.gridVersion ?? 3,
    uptime: n.uptime ?? 0,
    created: n.created,
    farmingPolicyId: n.farmingPolicyId ?? 1,
    updatedAt: n.updatedAt ?? n.created,
    // the chain's registered capacity is the total, as on the real proxy
    total_resources: { ...n.resources },
    used_resources: stats ? { ...stats.used } : zero(),
    location: {
      country: n.location.country,
      city: n.location.city,
      longitude: n.location.longitude ?? null,
      latitude: n.location.latitude ?? null,
    },
    publicConfig: {
      ipv4: pc?.ipv4 ?? '',
      ipv6: pc?.ipv6 ?? '',
      gw4: pc?.gw4 ?? '',
      gw6: pc?.gw6 ?? '',
      domain: pc?.domain ?? '',
    },
    status,
    certificationType: n.certification,
    // the proxy's rules: only a renter may deploy on a dedicated node
    dedicated: farmDedicated || nodeContracts === 0 || renter !== 0 || extraFee > 0,
    inDedicatedFarm: farmDedicated,
    rentContractId: rent?.contractId ?? 0,
    rented: renter !== 0,
    rentable: (farmDedicated || nodeContracts === 0) && renter === 0,
    rentedByTwinId: renter,
    serialNumber: n.serialNumber ?? '',
    power: { state: n.power?.state ?? 'Up', target: n.power?.target ?? 'Up' },
    num_gpu: n.gpus?.length ?? 0,
    extraFee,
    healthy: status === 'up' && stats !== undefined,
    dmi: dmiView(n.dmi),
    speed: { upload: n.speed?.upload ?? 0, download: n.speed?.download ?? 0, UpdatedAt: 0 },
    gpus: (n.gpus ?? []).map((g) => ({ ...g })),
    price_usd: 0,
    farm_free_ips: farm?.publicIps.filter((ip) => !ip.contractId).length ?? 0,
    features: [...(n.features ?? [])],
  };
}

/** The proxy's Dmi row: empty strings and null lists until the node reported its hardware. */
function dmiView(dmi: ChainNodeRecord['dmi']): ProxyDmi {
  return {
    bios: { vendor: dmi?.bios.vendor ?? '', version: dmi?.bios.version ?? '' },
    baseboard: {
      manufacturer: dmi?.baseboard.manufacturer ?? '',
      product_name: dmi?.baseboard.product_name ?? '',
    },
    processor: dmi?.processor ? dmi.processor.map((p) => ({ ...p })) : null,
    memory: dmi?.memory ? dmi.memory.map((m) => ({ ...m })) : null,
    UpdatedAt: 0,
  };
}

function farmView(f: ChainFarmRecord): ProxyFarm {
  return {
    name: f.name,
    farmId: f.farmId,
    twinId: f.twinId,
    pricingPolicyId: f.pricingPolicyId,
    certificationType: f.certification,
    stellarAddress: f.stellarAddress ?? '',
    dedicated: f.dedicated ?? false,
    publicIps: f.publicIps.map((ip, k) => ({
      id: `ip-${f.farmId}-${k}`,
      ip: ip.ip,
      gateway: ip.gateway,
      contract_id: ip.contractId,
    })),
  };
}

function contractView(
  c: ChainContractRecord,
  nodes: ReadonlyMap<number, ChainNodeRecord>,
  farms: ReadonlyMap<number, ChainFarmRecord>,
): ProxyContract {
  const base = {
    contract_id: c.contractId,
    twin_id: c.twinId,
    state: c.state,
    created_at: c.createdAt,
    type: c.type,
  };
  if (c.type === 'name') return { ...base, details: { name: c.name ?? '' } };
  const farmId = c.nodeId !== undefined ? (nodes.get(c.nodeId)?.farmId ?? 0) : 0;
  const farm = { farm_name: farms.get(farmId)?.name ?? '', farm_id: farmId };
  if (c.type === 'rent') return { ...base, details: { nodeId: c.nodeId ?? 0, ...farm } };
  return {
    ...base,
    details: {
      nodeId: c.nodeId ?? 0,
      deployment_data: c.deploymentData ?? '',
      deployment_hash: c.deploymentHash ?? '',
      number_of_public_ips: c.publicIps ?? 0,
      ...farm,
    },
  };
}
