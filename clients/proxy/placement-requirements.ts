/**
 * The requirements a node must meet for a placement request, in the order the scheduler explains a
 * failure: the first requirement that leaves no node is the one named in the error. Adding a
 * requirement is adding one entry here.
 */
import { formatBytes, PlacementRequest, ScheduleOptions } from './placement-request';
import type { PlacementState } from './placement-state';
import type { ProxyCapacity, ProxyNode } from './types';

export interface PlacementRequirement {
  /** whether the request asks for it */
  applies(req: PlacementRequest, options: ScheduleOptions): boolean;
  /** whether the node meets it now */
  ok(req: PlacementRequest, node: ProxyNode, state: PlacementState, options: ScheduleOptions): boolean;
  /** how the nodes meeting it are described: `3 nodes matched <label>`; undefined = not worth listing */
  label(req: PlacementRequest, options: ScheduleOptions): string | undefined;
  /** why none of `candidates` (the nodes meeting the earlier requirements) meets it */
  failure(
    req: PlacementRequest,
    candidates: readonly ProxyNode[],
    state: PlacementState,
    options: ScheduleOptions,
  ): string;
  /** why this one node does not meet it (for fixed nodes) */
  nodeFailure(
    req: PlacementRequest,
    node: ProxyNode,
    state: PlacementState,
    options: ScheduleOptions,
  ): string;
  /** false when it depends only on the node itself, not on what this call placed already */
  readonly dynamic: boolean;
}

type Req = PlacementRequirement;
const always = (): boolean => true;

const up: Req = {
  dynamic: false,
  applies: always,
  ok: (_r, n) => n.status === 'up',
  label: () => undefined,
  failure: (_r, c) => `no node is up (${c.length} listed${c.length ? `: ${statusCounts(c)}` : ''})`,
  nodeFailure: (_r, n) => `node ${n.nodeId} is ${n.status}, not up`,
};

const farms: Req = {
  dynamic: false,
  applies: (r) => !!r.farmIds?.length,
  ok: (r, n) => r.farmIds!.includes(n.farmId),
  label: (r) => `${plural(r.farmIds!.length, 'farm')} ${r.farmIds!.join(', ')}`,
  failure: (r) => `no node up in ${plural(r.farmIds!.length, 'farm')} ${r.farmIds!.join(', ')}`,
  nodeFailure: (r, n) => `node ${n.nodeId} is in farm ${n.farmId}, not in ${r.farmIds!.join(', ')}`,
};

const farmName: Req = {
  dynamic: false,
  applies: (r) => !!r.farmName,
  ok: (r, n, s) => s.farmNameOf(n).toLowerCase() === r.farmName!.toLowerCase(),
  label: (r) => `farm '${r.farmName}'`,
  failure: (r) => `no node up in farm '${r.farmName}'`,
  nodeFailure: (r, n, s) => `node ${n.nodeId} is in farm '${s.farmNameOf(n)}', not '${r.farmName}'`,
};

const country: Req = {
  dynamic: false,
  applies: (r) => !!r.country,
  ok: (r, n) => n.country.toLowerCase() === r.country!.toLowerCase(),
  label: (r) => `country '${r.country}'`,
  failure: (r) => `no node up in country '${r.country}'`,
  nodeFailure: (r, n) => `node ${n.nodeId} is in '${n.country}', not '${r.country}'`,
};

const certified: Req = {
  dynamic: false,
  applies: (r) => !!r.certified,
  ok: (_r, n) => n.certificationType.toLowerCase() === 'certified',
  label: () => 'certified',
  failure: () => 'no certified node',
  nodeFailure: (_r, n) => `node ${n.nodeId} is not certified (${n.certificationType || 'no certification'})`,
};

/** Who may deploy: zos and the chain refuse a rented node to anyone but its renter. */
const availability: Req = {
  dynamic: false,
  applies: always,
  ok: (r, n, _s, o) => {
    const ours = o.twinId !== undefined && n.rented && n.rentedByTwinId === o.twinId;
    if (r.dedicated) return ours || (!n.rented && n.rentable);
    return ours || (!n.rented && !n.inDedicatedFarm && !n.extraFee);
  },
  label: (r, o) =>
    r.dedicated ? `rentable${o.twinId !== undefined ? ` or rented by twin ${o.twinId}` : ''}` : undefined,
  failure: (r, _c, _s, o) => {
    const who =
      o.twinId !== undefined ? `twin ${o.twinId}` : 'us (no twin given, so every rented node is left out)';
    return r.dedicated
      ? `no node that is rentable or rented by ${who}`
      : `no node available to ${who}: the others are rented, in dedicated farms or charge an extra fee`;
  },
  nodeFailure: (r, n, _s, o) => {
    if (n.rented && n.rentedByTwinId !== o.twinId)
      return `node ${n.nodeId} is rented by twin ${n.rentedByTwinId}`;
    if (r.dedicated) return `node ${n.nodeId} is not rentable`;
    return `node ${n.nodeId} is reserved for renters (${n.inDedicatedFarm ? 'dedicated farm' : 'extra fee'}); set dedicated`;
  },
};

function flag(key: 'ipv4' | 'ipv6' | 'domain' | 'hasGpu', what: string, has: (n: ProxyNode) => boolean): Req {
  return {
    dynamic: false,
    applies: (r) => !!r[key],
    ok: (_r, n) => has(n),
    label: () => what,
    failure: () => `no node with ${what}`,
    nodeFailure: (_r, n) => `node ${n.nodeId} has no ${what}`,
  };
}

const publicIps: Req = {
  dynamic: true,
  applies: (r) => !!r.publicIpv4,
  ok: (r, n, s) => s.freeIpsOf(n.farmId) >= r.publicIpv4!,
  label: (r) => `${r.publicIpv4} free public ipv4 in the farm`,
  failure: (r, c, s) => {
    let best: ProxyNode | undefined;
    for (const n of c) if (!best || s.freeIpsOf(n.farmId) > s.freeIpsOf(best.farmId)) best = n;
    const most = best ? ` (most: ${s.freeIpsOf(best.farmId)} in farm ${best.farmId})` : '';
    return `no farm with ${r.publicIpv4} free public ipv4${most}`;
  },
  nodeFailure: (r, n, s) =>
    `farm ${n.farmId} of node ${n.nodeId} has ${s.freeIpsOf(n.farmId)} free public ipv4, needs ${r.publicIpv4}`,
};

/** `describe(v)` says an amount with its resource, e.g. `8 free cores`, `16 GiB free memory`. */
function capacity(
  key: keyof ProxyCapacity,
  describe: (v: number) => string,
  amount: (v: number) => string,
): Req {
  return {
    dynamic: true,
    applies: (r) => r.need[key] > 0,
    ok: (r, n, s) => s.freeOf(n.nodeId)[key] >= r.need[key],
    label: (r) => describe(r.need[key]),
    failure: (r, c, s) => {
      let best: ProxyNode | undefined;
      for (const n of c) if (!best || s.freeOf(n.nodeId)[key] > s.freeOf(best.nodeId)[key]) best = n;
      const largest = best
        ? ` (largest free: ${amount(s.freeOf(best.nodeId)[key])} on node ${best.nodeId})`
        : '';
      return `no node with ${describe(r.need[key])}${largest}`;
    },
    nodeFailure: (r, n, s) =>
      `node ${n.nodeId} has ${describe(s.freeOf(n.nodeId)[key])}, needs ${amount(r.need[key])}`,
  };
}

const distinctNodes: Req = {
  dynamic: true,
  applies: (r) => !!r.distinctGroup,
  ok: (r, n, s) => !s.groupHasNode(r.distinctGroup!, n.nodeId),
  label: (r) => `a node not used by distinct group '${r.distinctGroup}'`,
  failure: (r, _c, s) =>
    `no node left for distinct group '${r.distinctGroup}' (nodes already used: ${s.nodesOfGroup(r.distinctGroup!).join(', ') || 'none'})`,
  nodeFailure: (r, n) => `node ${n.nodeId} is already used by distinct group '${r.distinctGroup}'`,
};

const distinctFarms: Req = {
  dynamic: true,
  applies: (r) => !!r.distinctFarmGroup,
  ok: (r, n, s) => !s.groupHasFarm(r.distinctFarmGroup!, n.farmId),
  label: (r) => `a farm not used by distinct farm group '${r.distinctFarmGroup}'`,
  failure: (r, _c, s) =>
    `no farm left for distinct farm group '${r.distinctFarmGroup}' (farms already used: ${s.farmsOfGroup(r.distinctFarmGroup!).join(', ') || 'none'})`,
  nodeFailure: (r, n) =>
    `farm ${n.farmId} of node ${n.nodeId} is already used by distinct farm group '${r.distinctFarmGroup}'`,
};

/** Every requirement, in explanation order: node facts first, then what placements consume. */
export const PLACEMENT_REQUIREMENTS: readonly PlacementRequirement[] = [
  up,
  farms,
  farmName,
  country,
  certified,
  availability,
  flag('ipv4', 'a public config (public ipv4)', (n) => !!n.publicConfig?.ipv4),
  flag('ipv6', 'public ipv6', (n) => !!n.publicConfig?.ipv6),
  flag('domain', 'a gateway domain', (n) => !!n.publicConfig?.domain),
  flag('hasGpu', 'a gpu', (n) => (n.num_gpu ?? 0) > 0 || (n.gpus?.length ?? 0) > 0),
  publicIps,
  capacity('cru', (v) => `${v} free ${v === 1 ? 'core' : 'cores'}`, String),
  capacity('mru', (v) => `${formatBytes(v)} free memory`, formatBytes),
  capacity('sru', (v) => `${formatBytes(v)} free ssd`, formatBytes),
  capacity('hru', (v) => `${formatBytes(v)} free hdd`, formatBytes),
  distinctNodes,
  distinctFarms,
];

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function statusCounts(nodes: readonly ProxyNode[]): string {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.status, (counts.get(n.status) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([s, k]) => `${k} ${s}`)
    .join(', ');
}
