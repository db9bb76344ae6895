/**
 * Typed filters of the grid proxy's list endpoints and their mapping to the proxy's query parameter
 * names (tfgrid-sdk-go grid-proxy `NodeFilter`, `FarmFilter`, `TwinFilter`, `ContractFilter`, `Limit`).
 * Lists go out comma separated, booleans as `true`/`false`, sizes in bytes.
 */
import type { ProxyContractState, ProxyContractType, ProxyNodeStatus } from './types';

/** Paging and ordering, shared by every list endpoint. */
export interface PagingOptions {
  /** 1-based page; when given, only that page is fetched. @default all pages */
  readonly page?: number;
  /** items per page. @default 50 (the proxy's default) */
  readonly size?: number;
  /** ask the proxy for the total in the `count` header. @default true when paging through all pages */
  readonly retCount?: boolean;
  /** random order (the proxy ignores sortBy then). @default false */
  readonly randomize?: boolean;
  /** a sort field of the endpoint, e.g. `node_id`, `free_cru`, `total_mru`. @default by id */
  readonly sortBy?: string;
  /** @default 'asc' */
  readonly sortOrder?: 'asc' | 'desc';
}

export interface NodeFilters extends PagingOptions {
  /** at least this much free memory, bytes */
  readonly freeMru?: number;
  /** at least this much free ssd, bytes */
  readonly freeSru?: number;
  /** at least this much free hdd, bytes */
  readonly freeHru?: number;
  /** the node's farm has at least this many free public IPs */
  readonly freeIps?: number;
  /** at least this many cores in total */
  readonly totalCru?: number;
  /** at least this much memory in total, bytes */
  readonly totalMru?: number;
  /** at least this much ssd in total, bytes */
  readonly totalSru?: number;
  /** at least this much hdd in total, bytes */
  readonly totalHru?: number;
  /** one status or any of several */
  readonly status?: ProxyNodeStatus | readonly ProxyNodeStatus[];
  readonly healthy?: boolean;
  /** exact, case-insensitive */
  readonly country?: string;
  readonly countryContains?: string;
  /** exact, case-insensitive */
  readonly city?: string;
  readonly cityContains?: string;
  readonly farmIds?: readonly number[];
  /** exact, case-insensitive */
  readonly farmName?: string;
  readonly farmNameContains?: string;
  /** has (true) or lacks (false) a public ipv4 */
  readonly ipv4?: boolean;
  readonly ipv6?: boolean;
  /** serves gateways under a domain */
  readonly domain?: boolean;
  readonly dedicated?: boolean;
  readonly inDedicatedFarm?: boolean;
  readonly rentable?: boolean;
  readonly rented?: boolean;
  /** rented by this twin */
  readonly rentedBy?: number;
  /** rented by this twin, or free for anyone to deploy on */
  readonly availableFor?: number;
  /** rented by this twin, or rentable */
  readonly rentableOrRentedBy?: number;
  /** farm owned by this twin */
  readonly ownedBy?: number;
  readonly nodeId?: number;
  readonly nodeIds?: readonly number[];
  /** leave these nodes out */
  readonly excluded?: readonly number[];
  /** the node's own twin */
  readonly twinId?: number;
  /** `Certified` or `Diy`, case-insensitive */
  readonly certificationType?: string;
  readonly hasGpu?: boolean;
  /** at least this many gpus */
  readonly numGpu?: number;
  /** zos workload types the node supports, all of them (e.g. `zmachine`, `mycelium`) */
  readonly features?: readonly string[];
}

export interface FarmFilters extends PagingOptions {
  /** at least this many free public IPs */
  readonly freeIps?: number;
  readonly totalIps?: number;
  readonly farmId?: number;
  /** owner twin */
  readonly twinId?: number;
  /** exact, case-insensitive */
  readonly name?: string;
  readonly nameContains?: string;
  readonly certificationType?: string;
  readonly dedicated?: boolean;
  readonly pricingPolicyId?: number;
  readonly stellarAddress?: string;
}

export interface TwinFilters extends PagingOptions {
  readonly twinId?: number;
  readonly accountId?: string;
  readonly relay?: string;
  readonly publicKey?: string;
}

export interface ContractFilters extends PagingOptions {
  readonly contractId?: number;
  /** owner twin */
  readonly twinId?: number;
  readonly nodeId?: number;
  readonly type?: ProxyContractType;
  readonly state?: ProxyContractState | readonly ProxyContractState[];
  /** name of a name contract */
  readonly name?: string;
  readonly numberOfPublicIps?: number;
  readonly deploymentData?: string;
  readonly deploymentHash?: string;
  readonly farmName?: string;
  readonly farmId?: number;
}

/** Our option name -> the proxy's query parameter. */
const PAGING_PARAMS: Record<keyof PagingOptions, string> = {
  page: 'page',
  size: 'size',
  retCount: 'ret_count',
  randomize: 'randomize',
  sortBy: 'sort_by',
  sortOrder: 'sort_order',
};

export const NODE_FILTER_PARAMS: Record<Exclude<keyof NodeFilters, keyof PagingOptions>, string> = {
  freeMru: 'free_mru',
  freeSru: 'free_sru',
  freeHru: 'free_hru',
  freeIps: 'free_ips',
  totalCru: 'total_cru',
  totalMru: 'total_mru',
  totalSru: 'total_sru',
  totalHru: 'total_hru',
  status: 'status',
  healthy: 'healthy',
  country: 'country',
  countryContains: 'country_contains',
  city: 'city',
  cityContains: 'city_contains',
  farmIds: 'farm_ids',
  farmName: 'farm_name',
  farmNameContains: 'farm_name_contains',
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  domain: 'domain',
  dedicated: 'dedicated',
  inDedicatedFarm: 'in_dedicated_farm',
  rentable: 'rentable',
  rented: 'rented',
  rentedBy: 'rented_by',
  availableFor: 'available_for',
  rentableOrRentedBy: 'rentable_or_rented_by',
  ownedBy: 'owned_by',
  nodeId: 'node_id',
  nodeIds: 'node_ids',
  excluded: 'excluded',
  twinId: 'twin_id',
  certificationType: 'certification_type',
  hasGpu: 'has_gpu',
  numGpu: 'num_gpu',
  features: 'features',
};

export const FARM_FILTER_PARAMS: Record<Exclude<keyof FarmFilters, keyof PagingOptions>, string> = {
  freeIps: 'free_ips',
  totalIps: 'total_ips',
  farmId: 'farm_id',
  twinId: 'twin_id',
  name: 'name',
  nameContains: 'name_contains',
  certificationType: 'certification_type',
  dedicated: 'dedicated',
  pricingPolicyId: 'pricing_policy_id',
  stellarAddress: 'stellar_address',
};

export const TWIN_FILTER_PARAMS: Record<Exclude<keyof TwinFilters, keyof PagingOptions>, string> = {
  twinId: 'twin_id',
  accountId: 'account_id',
  relay: 'relay',
  publicKey: 'public_key',
};

export const CONTRACT_FILTER_PARAMS: Record<Exclude<keyof ContractFilters, keyof PagingOptions>, string> = {
  contractId: 'contract_id',
  twinId: 'twin_id',
  nodeId: 'node_id',
  type: 'type',
  state: 'state',
  name: 'name',
  numberOfPublicIps: 'number_of_public_ips',
  deploymentData: 'deployment_data',
  deploymentHash: 'deployment_hash',
  farmName: 'farm_name',
  farmId: 'farm_id',
};

/**
 * Builds the query string for a filter object. Unknown keys are refused so a typo never silently
 * widens a search.
 */
export function toQuery(filters: object, names: Record<string, string>): URLSearchParams {
  const query = new URLSearchParams();
  const all: Record<string, string> = { ...names, ...PAGING_PARAMS };
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    const param = all[key];
    if (!param) {
      throw new Error(`grid proxy: unknown filter '${key}' (known: ${Object.keys(all).sort().join(', ')})`);
    }
    query.set(param, encodeValue(key, value));
  }
  return query;
}

function encodeValue(key: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => encodeValue(key, v)).join(',');
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) {
      throw new Error(`grid proxy: filter '${key}' must be a non-negative number, got ${value}`);
    }
    return String(Math.floor(value));
  }
  if (typeof value === 'boolean' || typeof value === 'string') return String(value);
  throw new Error(`grid proxy: filter '${key}' has unsupported value ${JSON.stringify(value)}`);
}
