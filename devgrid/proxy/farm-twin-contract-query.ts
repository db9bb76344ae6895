/**
 * Filters and sort fields of `/farms`, `/twins` and `/contracts`, plus `/stats`, with grid-proxy's
 * semantics (farm `node_*` filters: the farm has at least one node matching them all).
 */
import type { ProxyContract, ProxyFarm, ProxyNode, ProxyStats, ProxyTwin } from '../../clients/proxy/types';
import type { GridSnapshot } from './grid-snapshot';
import { lower, Params, ParamSpec } from './list-query';
import { nodeMatches } from './node-query';

export const FARM_PARAMS: ParamSpec = {
  free_ips: 'uint',
  total_ips: 'uint',
  stellar_address: 'string',
  pricing_policy_id: 'uint',
  farm_id: 'uint',
  twin_id: 'uint',
  name: 'string',
  name_contains: 'string',
  certification_type: 'string',
  dedicated: 'bool',
  node_free_mru: 'uint',
  node_free_hru: 'uint',
  node_free_sru: 'uint',
  node_total_cru: 'uint',
  node_status: 'stringList',
  node_rented_by: 'uint',
  node_available_for: 'uint',
  node_has_gpu: 'bool',
  node_has_ipv6: 'bool',
  node_certified: 'bool',
  node_features: 'stringList',
  country: 'string',
  region: 'string',
};

/** farm filter -> the node filter it applies to the farm's nodes */
const FARM_NODE_FILTERS: Record<string, string> = {
  node_free_mru: 'free_mru',
  node_free_hru: 'free_hru',
  node_free_sru: 'free_sru',
  node_total_cru: 'total_cru',
  node_status: 'status',
  node_rented_by: 'rented_by',
  node_available_for: 'available_for',
  node_has_gpu: 'has_gpu',
  node_has_ipv6: 'has_ipv6',
  node_features: 'features',
  country: 'country',
  region: 'region',
};

const freeIps = (f: ProxyFarm): number => f.publicIps.filter((ip) => !ip.contract_id).length;

export function farmMatches(
  farm: ProxyFarm,
  p: Params,
  nodes: readonly ProxyNode[],
  farms: ReadonlyMap<number, ProxyFarm>,
): boolean {
  if (p.free_ips !== undefined && freeIps(farm) < (p.free_ips as number)) return false;
  if (p.total_ips !== undefined && farm.publicIps.length < (p.total_ips as number)) return false;
  if (p.stellar_address !== undefined && farm.stellarAddress !== p.stellar_address) return false;
  if (p.pricing_policy_id !== undefined && farm.pricingPolicyId !== p.pricing_policy_id) return false;
  if (p.farm_id !== undefined && farm.farmId !== p.farm_id) return false;
  if (p.twin_id !== undefined && farm.twinId !== p.twin_id) return false;
  if (p.name !== undefined && farm.name.toLowerCase() !== lower(p.name)) return false;
  if (p.name_contains !== undefined && !farm.name.toLowerCase().includes(lower(p.name_contains)))
    return false;
  if (
    p.certification_type !== undefined &&
    farm.certificationType.toLowerCase() !== lower(p.certification_type)
  )
    return false;
  if (p.dedicated !== undefined && farm.dedicated !== p.dedicated) return false;
  const nodeFilters: Params = {};
  for (const [farmKey, nodeKey] of Object.entries(FARM_NODE_FILTERS)) nodeFilters[nodeKey] = p[farmKey];
  const wantsNode = Object.values(nodeFilters).some((v) => v !== undefined) || p.node_certified !== undefined;
  if (!wantsNode) return true;
  return nodes.some(
    (n) =>
      n.farmId === farm.farmId &&
      nodeMatches(n, nodeFilters, farms) &&
      (p.node_certified === undefined ||
        (n.certificationType.toLowerCase() === 'certified') === p.node_certified),
  );
}

export const FARM_SORT_KEYS: Record<string, (f: ProxyFarm) => number | string | boolean> = {
  name: (f) => f.name,
  farm_id: (f) => f.farmId,
  twin_id: (f) => f.twinId,
  dedicated: (f) => f.dedicated,
  public_ips: (f) => f.publicIps.length,
  free_ips: freeIps,
  total_ips: (f) => f.publicIps.length,
  used_ips: (f) => f.publicIps.length - freeIps(f),
};

export const TWIN_PARAMS: ParamSpec = {
  twin_id: 'uint',
  account_id: 'string',
  relay: 'string',
  public_key: 'string',
};

export function twinMatches(t: ProxyTwin, p: Params): boolean {
  return (
    (p.twin_id === undefined || t.twinId === p.twin_id) &&
    (p.account_id === undefined || t.accountId === p.account_id) &&
    (p.relay === undefined || t.relay === p.relay) &&
    (p.public_key === undefined || t.publicKey === p.public_key)
  );
}

export const TWIN_SORT_KEYS: Record<string, (t: ProxyTwin) => number | string> = {
  twin_id: (t) => t.twinId,
  account_id: (t) => t.accountId,
  relay: (t) => t.relay,
  public_key: (t) => t.publicKey,
};

export const CONTRACT_PARAMS: ParamSpec = {
  contract_id: 'uint',
  twin_id: 'uint',
  node_id: 'uint',
  type: 'string',
  state: 'stringList',
  name: 'string',
  number_of_public_ips: 'uint',
  deployment_data: 'string',
  deployment_hash: 'string',
  farm_name: 'string',
  farm_id: 'uint',
};

export function contractMatches(c: ProxyContract, p: Params): boolean {
  const d = c.details as unknown as Partial<Record<string, string | number>>;
  const eq = (param: string, value: unknown): boolean => p[param] === undefined || p[param] === value;
  return (
    eq('contract_id', c.contract_id) &&
    eq('twin_id', c.twin_id) &&
    eq('node_id', d.nodeId) &&
    eq('type', c.type) &&
    (p.state === undefined || (p.state as string[]).some((s) => s.toLowerCase() === c.state.toLowerCase())) &&
    eq('name', d.name) &&
    eq('number_of_public_ips', d.number_of_public_ips) &&
    eq('deployment_data', d.deployment_data) &&
    eq('deployment_hash', d.deployment_hash) &&
    (p.farm_name === undefined || String(d.farm_name ?? '').toLowerCase() === lower(p.farm_name)) &&
    eq('farm_id', d.farm_id)
  );
}

export const CONTRACT_SORT_KEYS: Record<string, (c: ProxyContract) => number | string> = {
  contract_id: (c) => c.contract_id,
  twin_id: (c) => c.twin_id,
  state: (c) => c.state,
  created_at: (c) => c.created_at,
  type: (c) => c.type,
};

/** `/stats`: totals over the nodes with the given statuses (all nodes when none given). */
export function gridStats(snapshot: GridSnapshot, statuses: readonly string[] | undefined): ProxyStats {
  const nodes = snapshot.nodes.filter((n) => !statuses || statuses.includes(n.status));
  const distribution: Record<string, number> = {};
  for (const n of nodes) if (n.country) distribution[n.country] = (distribution[n.country] ?? 0) + 1;
  const sum = (f: (n: ProxyNode) => number): number => nodes.reduce((s, n) => s + f(n), 0);
  return {
    nodes: nodes.length,
    farms: snapshot.farms.length,
    countries: Object.keys(distribution).length,
    totalCru: sum((n) => n.total_resources.cru),
    totalSru: sum((n) => n.total_resources.sru),
    totalMru: sum((n) => n.total_resources.mru),
    totalHru: sum((n) => n.total_resources.hru),
    publicIps: snapshot.farms.reduce((s, f) => s + f.publicIps.length, 0),
    accessNodes: nodes.filter((n) => n.publicConfig.ipv4 !== '' || n.publicConfig.ipv6 !== '').length,
    gateways: nodes.filter((n) => n.publicConfig.domain !== '').length,
    twins: snapshot.twins.length,
    contracts: snapshot.contracts.filter((c) => c.state !== 'Deleted').length,
    nodesDistribution: distribution,
    gpus: sum((n) => n.num_gpu),
    dedicatedNodes: nodes.filter((n) => n.inDedicatedFarm || n.extraFee > 0).length,
    workloads_number: snapshot.workloads,
  };
}
