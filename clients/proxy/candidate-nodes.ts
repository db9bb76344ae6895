/**
 * Scheduling without scanning the grid: each placement request's static requirements become proxy
 * filters (up, free memory/ssd/hdd and total cores, farm, farm name, country, certification, public
 * ipv4/ipv6, domain, gpu, who may deploy, free farm IPs; a fixed node by id), and only the nodes
 * they match are fetched. Every filter is a necessary condition of the scheduler's own checks, so
 * the union holds every node the scheduler could choose, and the scheduler (which weighs only its
 * candidates) places exactly as over the whole grid. An older proxy that refuses a filter (400)
 * makes the caller fall back to listing every node that is up.
 */
import type { GridProxyClient } from './client';
import { GridProxyError } from './errors';
import type { NodeFilters } from './filters';
import type { PlacementRequest } from './placement-request';
import type { ProxyNode } from './types';

/** The proxy filters one request needs (nodes failing them can never be its candidates). */
export function candidateFilters(req: PlacementRequest, twinId: number | undefined): NodeFilters {
  if (req.nodeId !== undefined) return { status: 'up', nodeId: req.nodeId };
  const positive = (v: number | undefined) => (v && v > 0 ? v : undefined);
  const f: Record<string, unknown> = {
    status: 'up',
    freeMru: positive(req.need.mru),
    freeSru: positive(req.need.sru),
    freeHru: positive(req.need.hru),
    // the proxy has no free-cores filter: total cores bound them
    totalCru: positive(req.need.cru),
    freeIps: positive(req.publicIpv4),
    farmIds: req.farmIds?.length ? [...req.farmIds] : undefined,
    farmName: req.farmName || undefined,
    country: req.country || undefined,
    certificationType: req.certified ? 'Certified' : undefined,
    ipv4: req.ipv4 ? true : undefined,
    ipv6: req.ipv6 ? true : undefined,
    domain: req.domain ? true : undefined,
    hasGpu: req.hasGpu ? true : undefined,
  };
  // who may deploy, as the scheduler's availability rule (without a twin every rented node is out)
  if (twinId !== undefined) f[req.dedicated ? 'rentableOrRentedBy' : 'availableFor'] = twinId;
  else if (req.dedicated) f.rentable = true;
  else Object.assign(f, { rented: false, inDedicatedFarm: false });
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as NodeFilters;
}

/**
 * The nodes any request could be placed on, each request's matches fetched page by page (equal
 * filter sets once). Undefined when the proxy refuses a filter (an older proxy): list every node
 * that is up instead.
 */
export async function fetchCandidates(
  proxy: GridProxyClient,
  requests: readonly PlacementRequest[],
  twinId: number | undefined,
): Promise<ProxyNode[] | undefined> {
  const queries = new Map<string, NodeFilters>();
  const fixed = new Set<number>();
  for (const r of requests) {
    if (r.nodeId !== undefined) fixed.add(r.nodeId);
    else {
      const f = candidateFilters(r, twinId);
      queries.set(JSON.stringify(f), f);
    }
  }
  // fixed nodes in one request
  if (fixed.size) queries.set('fixed', { status: 'up', nodeIds: [...fixed].sort((a, b) => a - b) });
  const byId = new Map<number, ProxyNode>();
  try {
    for (const f of queries.values()) for (const n of await proxy.nodes(f)) byId.set(n.nodeId, n);
  } catch (e) {
    if (e instanceof GridProxyError && e.status === 400) return undefined;
    throw e;
  }
  return [...byId.values()].sort((a, b) => a.nodeId - b.nodeId);
}
