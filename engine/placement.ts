/**
 * Node placement for the deployment units that do not have a node yet: manifest slots become the
 * scheduler's placement requests (all at once, so distinct-node rules and capacity hold together).
 */
import type { DeploymentUnit } from '../constructs/manifest';
import { schedule, type PlacementRequest } from '../clients/proxy/scheduler';
import type { ProxyNode } from '../clients/proxy/types';
import { needsPublicAddress } from './network-routes';

const GiB = 1024 ** 3;

/** `publicAddress`: the unit's node must be reachable from outside (it serves a network's wireguard access). */
export function placementRequest(
  unit: DeploymentUnit,
  publicAddress = needsPublicAddress(unit),
): PlacementRequest {
  const s = unit.selector;
  const f = s.filters ?? {};
  const need = {
    cru: Math.max(unit.capacity.cru, f.minCru ?? 0),
    mru: Math.max(unit.capacity.mru, (f.minMruGb ?? 0) * GiB),
    sru: Math.max(unit.capacity.sru, (f.minSruGb ?? 0) * GiB),
    hru: Math.max(unit.capacity.hru, (f.minHruGb ?? 0) * GiB),
  };
  return {
    id: unit.id,
    ...(s.nodeId !== undefined ? { nodeId: s.nodeId } : {}),
    ...(f.farmIds ? { farmIds: f.farmIds } : {}),
    ...(f.farmName ? { farmName: f.farmName } : {}),
    ...(f.country ? { country: f.country } : {}),
    need,
    publicIpv4: unit.publicIps,
    // the user's wireguard access peer dials this unit's node: it needs a public address
    ipv4: publicAddress,
    domain: f.domain ?? false,
    certified: f.certified ?? false,
    dedicated: f.dedicated ?? false,
    hasGpu: f.hasGpu ?? false,
    // slots of one selector, and units the manifest says must differ, go to distinct nodes/farms
    ...(s.distinctNodeFrom.length > 0 || s.nodeId === undefined
      ? { distinctGroup: `selector:${s.selector}` }
      : {}),
    ...(s.distinctFarmFrom.length > 0 ? { distinctFarmGroup: `selector:${s.selector}` } : {}),
  };
}

/** The scheduler's requests for `units` (see placeUnits for `pinned` and `options`). */
export function placementRequests(
  units: readonly DeploymentUnit[],
  pinned: ReadonlyMap<string, number> = new Map(),
  options: PlacementOptions = {},
): PlacementRequest[] {
  return units.map((u): PlacementRequest => {
    const r = placementRequest(u, (options.publicAddress ?? needsPublicAddress)(u));
    const node = pinned.get(u.id);
    if (node === undefined) return r;
    return {
      id: r.id,
      nodeId: node,
      need: options.growth?.get(u.id) ?? { cru: 0, mru: 0, sru: 0, hru: 0 },
      distinctGroup: r.distinctGroup,
      distinctFarmGroup: r.distinctFarmGroup,
    };
  });
}

export interface PlacementOptions {
  /** what a pinned unit asks for beyond what it holds (a unit growing in place), by unit id */
  readonly growth?: ReadonlyMap<string, { cru: number; mru: number; sru: number; hru: number }>;
  /** which units need a node with a public address. @default those serving a network's wireguard access */
  readonly publicAddress?: (u: DeploymentUnit) => boolean;
}

/**
 * Node ids for `units`, all placed in one scheduler call. `pinned` (unit id -> node id) are units
 * that stay where they are: they take part on their node asking for nothing more (what they use
 * is already in the node's used capacity, their IPs reserved), so that distinct-node and
 * distinct-farm rules hold between them and new units. `options.growth` (unit id -> capacity) is
 * what a pinned unit asks for beyond what it holds (a unit growing in place); `options.publicAddress`
 * says which units need a node with a public address (by default: those serving a network's
 * wireguard access). Throws the scheduler's SchedulingError naming what no node meets.
 */
export function placeUnits(
  units: readonly DeploymentUnit[],
  nodes: ProxyNode[],
  twinId: number,
  pinned: ReadonlyMap<string, number> = new Map(),
  options: PlacementOptions = {},
): Map<string, number> {
  const placed = new Map<string, number>();
  const requests = placementRequests(units, pinned, options);
  if (requests.length === 0) return placed;
  const result = schedule(requests, nodes, undefined, { twinId });
  for (const [id, nodeId] of result) placed.set(id, nodeId);
  return placed;
}
