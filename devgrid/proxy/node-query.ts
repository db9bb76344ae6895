/**
 * `/nodes` (and `/gateways`) filters and sort fields with grid-proxy's semantics: "free" is total
 * minus used, text filters compare case-insensitively, `free_ips` counts the farm's free IPs.
 */
import { freeCapacity, ProxyFarm, ProxyNode, ProxyNodeGpu } from '../../clients/proxy/types';
import { regionOf } from './country-regions';
import { lower, Params, ParamSpec, ParamValue, QueryError } from './list-query';

export const NODE_PARAMS: ParamSpec = {
  status: 'stringList',
  free_mru: 'uint',
  free_hru: 'uint',
  free_sru: 'uint',
  total_mru: 'uint',
  total_hru: 'uint',
  total_sru: 'uint',
  total_cru: 'uint',
  country: 'string',
  country_contains: 'string',
  city: 'string',
  city_contains: 'string',
  region: 'string',
  farm_name: 'string',
  farm_name_contains: 'string',
  farm_ids: 'uintList',
  free_ips: 'uint',
  ipv4: 'bool',
  ipv6: 'bool',
  domain: 'bool',
  dedicated: 'bool',
  in_dedicated_farm: 'bool',
  rentable: 'bool',
  owned_by: 'uint',
  rented: 'bool',
  rented_by: 'uint',
  rentable_or_rented_by: 'uint',
  available_for: 'uint',
  node_id: 'uint',
  node_ids: 'uintList',
  twin_id: 'uint',
  certification_type: 'string',
  has_gpu: 'bool',
  num_gpu: 'uint',
  gpu_device_id: 'string',
  gpu_device_name: 'string',
  gpu_vendor_id: 'string',
  gpu_vendor_name: 'string',
  gpu_available: 'bool',
  healthy: 'bool',
  price_min: 'number',
  price_max: 'number',
  excluded: 'uintList',
  has_ipv6: 'bool',
  features: 'stringList',
};

type Check = (node: ProxyNode, value: ParamValue, farms: ReadonlyMap<number, ProxyFarm>) => boolean;

const num = (v: ParamValue): number => v as number;
const list = (v: ParamValue): number[] => v as number[];
const has = (s: string, part: ParamValue): boolean => s.toLowerCase().includes(lower(part));
const free = (n: ProxyNode) => freeCapacity(n);
/** anyone may deploy: not rented, not in a dedicated farm, no extra fee */
const openToAll = (n: ProxyNode): boolean => !n.rented && !n.inDedicatedFarm && !n.extraFee;

/** GPU filters: the node has one GPU that passes all of them (text ones: contained, any case). */
const GPU_CHECKS: Record<string, (g: ProxyNodeGpu, v: ParamValue) => boolean> = {
  gpu_device_id: (g, v) => has(g.id, v),
  gpu_device_name: (g, v) => has(g.device, v),
  gpu_vendor_id: (g, v) => has(g.id, v),
  gpu_vendor_name: (g, v) => has(g.vendor, v),
  gpu_available: (g, v) => (g.contract === 0) === v,
};

const CHECKS: Record<string, Check> = {
  status: (n, v) => (v as string[]).includes(n.status),
  free_mru: (n, v) => free(n).mru >= num(v),
  free_hru: (n, v) => free(n).hru >= num(v),
  free_sru: (n, v) => free(n).sru >= num(v),
  total_mru: (n, v) => n.total_resources.mru >= num(v),
  total_hru: (n, v) => n.total_resources.hru >= num(v),
  total_sru: (n, v) => n.total_resources.sru >= num(v),
  total_cru: (n, v) => n.total_resources.cru >= num(v),
  country: (n, v) => n.country.toLowerCase() === lower(v),
  country_contains: (n, v) => has(n.country, v),
  city: (n, v) => n.city.toLowerCase() === lower(v),
  city_contains: (n, v) => has(n.city, v),
  region: (n, v) => regionOf(n.country).toLowerCase() === lower(v),
  farm_name: (n, v) => n.farmName.toLowerCase() === lower(v),
  farm_name_contains: (n, v) => has(n.farmName, v),
  farm_ids: (n, v) => list(v).includes(n.farmId),
  free_ips: (n, v) => n.farm_free_ips >= num(v),
  ipv4: (n, v) => (n.publicConfig.ipv4 !== '') === v,
  ipv6: (n, v) => (n.publicConfig.ipv6 !== '') === v,
  has_ipv6: (n, v) => (n.publicConfig.ipv6 !== '') === v,
  domain: (n, v) => (n.publicConfig.domain !== '') === v,
  dedicated: (n, v) => n.dedicated === v,
  in_dedicated_farm: (n, v) => n.inDedicatedFarm === v,
  rentable: (n, v) => n.rentable === v,
  owned_by: (n, v, farms) => (farms.get(n.farmId)?.twinId ?? 0) === num(v),
  rented: (n, v) => n.rented === v,
  rented_by: (n, v) => n.rentedByTwinId === num(v),
  rentable_or_rented_by: (n, v) => n.rentable || n.rentedByTwinId === num(v),
  available_for: (n, v) => n.rentedByTwinId === num(v) || openToAll(n),
  node_id: (n, v) => n.nodeId === num(v),
  node_ids: (n, v) => list(v).includes(n.nodeId),
  twin_id: (n, v) => n.twinId === num(v),
  certification_type: (n, v) => n.certificationType.toLowerCase() === lower(v),
  has_gpu: (n, v) => n.num_gpu > 0 === v,
  num_gpu: (n, v) => n.num_gpu >= num(v),
  healthy: (n, v) => n.healthy === v,
  price_min: (n, v) => n.price_usd >= num(v),
  price_max: (n, v) => n.price_usd <= num(v),
  excluded: (n, v) => !list(v).includes(n.nodeId),
  features: (n, v) => (v as string[]).every((f) => n.features.includes(f)),
};

/** Whether a node passes every given filter. */
export function nodeMatches(
  node: ProxyNode,
  filters: Params,
  farms: ReadonlyMap<number, ProxyFarm>,
): boolean {
  const gpuFilters: [string, ParamValue][] = [];
  for (const [name, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    if (GPU_CHECKS[name]) gpuFilters.push([name, value]);
    const check = CHECKS[name];
    if (check && !check(node, value, farms)) return false;
  }
  return gpuFilters.length === 0 || node.gpus.some((g) => gpuFilters.every(([k, v]) => GPU_CHECKS[k](g, v)));
}

/** zos's workload types a node may report (light and full nodes); anything else is a 400. */
export const KNOWN_FEATURES: readonly string[] = [
  'zmount',
  'zdb',
  'volume',
  'ipv4',
  'ip',
  'gateway-name-proxy',
  'gateway-fqdn-proxy',
  'qsfs',
  'zlogs',
  'network',
  'zmachine',
  'zmachine-light',
  'network-light',
  'wireguard',
  'yggdrasil',
  'mycelium',
];

/** The proxy's check of a `features` (or farm `node_features`) filter. */
export function validateFeatures(features: readonly string[] | undefined): void {
  const bad = (features ?? []).find((f) => !KNOWN_FEATURES.includes(f));
  if (bad !== undefined) throw new QueryError(`${bad} is not a valid node feature`);
}

const STATUS_ORDER: Record<string, number> = { up: 0, standby: 1, down: 2 };

/** `sort_by` values of `/nodes`, as grid-proxy's `Node` sort tags. */
export const NODE_SORT_KEYS: Record<string, (n: ProxyNode) => number | string | boolean> = {
  status: (n) => STATUS_ORDER[n.status] ?? 3,
  node_id: (n) => n.nodeId,
  farm_id: (n) => n.farmId,
  twin_id: (n) => n.twinId,
  uptime: (n) => n.uptime,
  created: (n) => n.created,
  updated_at: (n) => n.updatedAt,
  country: (n) => n.country,
  city: (n) => n.city,
  dedicated_farm: (n) => n.inDedicatedFarm,
  rent_contract_id: (n) => n.rentContractId,
  rented: (n) => n.rented,
  rentable: (n) => n.rentable,
  total_cru: (n) => n.total_resources.cru,
  total_mru: (n) => n.total_resources.mru,
  total_hru: (n) => n.total_resources.hru,
  total_sru: (n) => n.total_resources.sru,
  used_cru: (n) => n.used_resources.cru,
  used_mru: (n) => n.used_resources.mru,
  used_hru: (n) => n.used_resources.hru,
  used_sru: (n) => n.used_resources.sru,
  free_cru: (n) => n.total_resources.cru - n.used_resources.cru,
  num_gpu: (n) => n.num_gpu,
  extra_fee: (n) => n.extraFee,
  price_usd: (n) => n.price_usd,
};

/** With `available_for` or `rentable_or_rented_by`, the proxy lists rented (the twin's own) nodes first. */
export function rentedFirst(filters: Params): ((n: ProxyNode) => number) | undefined {
  if (filters.available_for === undefined && filters.rentable_or_rented_by === undefined) return undefined;
  return (n) => (n.rented ? 0 : 1);
}
