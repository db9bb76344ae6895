/**
 * Places every deployment unit of a manifest at once (pure: nodes and farms come from the proxy).
 *
 * How: each request first gets its static candidates (up, farm, country, certification, who may
 * deploy, public ipv4/ipv6/domain/gpu; a fixed node is its only candidate). A request that cannot be placed even
 * alone fails immediately with the requirement no node meets. Then a backtracking search places the
 * requests one at a time, most constrained first (fixed nodes, then the fewest nodes that fit alone,
 * then the biggest units), trying each request's nodes from most free resources to least, then by
 * node id, and undoing earlier choices when a later request finds no node.
 * Every placement consumes capacity, farm public IPs and distinct-group slots, so two requests on one
 * node must both fit. Free resources are weighed against the largest node among the candidates.
 * The search is bounded (`maxChecks`); nothing is random, so the same input always
 * gives the same placement.
 */
import { PlacementRequest, ScheduleOptions, validateRequests } from './placement-request';
import { PLACEMENT_REQUIREMENTS, PlacementRequirement } from './placement-requirements';
import { PlacementState } from './placement-state';
import type { ProxyFarm, ProxyNode } from './types';

export type { PlacementRequest, PlacementCapacity, ScheduleOptions } from './placement-request';

export interface PlacementFailure {
  readonly requestId: string;
  /** which requirement no node meets, with the closest candidates */
  readonly reason: string;
}

/** No placement satisfies every request; `failures` says, per request, what no node offers. */
export class SchedulingError extends Error {
  constructor(
    readonly failures: readonly PlacementFailure[],
    /** how many requests were asked for */
    readonly requestCount: number,
  ) {
    super(
      `cannot place ${failures.length} of ${requestCount} deployment ${requestCount === 1 ? 'unit' : 'units'}:\n` +
        failures.map((f) => `  request '${f.requestId}': ${f.reason}`).join('\n'),
    );
    this.name = 'SchedulingError';
  }
}

const DEFAULT_MAX_CHECKS = 2_000_000;

/** A request with its applicable requirements and the nodes meeting the static ones. */
interface Plan {
  readonly req: PlacementRequest;
  readonly reqs: readonly PlacementRequirement[];
  readonly dynamic: readonly PlacementRequirement[];
  readonly candidates: readonly ProxyNode[];
}

/**
 * Chooses a node for every request. Returns request id -> node id, in request order.
 * Throws SchedulingError when some request cannot be placed.
 */
export function schedule(
  requests: readonly PlacementRequest[],
  nodes: readonly ProxyNode[],
  farms?: readonly ProxyFarm[],
  options: ScheduleOptions = {},
): Map<string, number> {
  validateRequests(requests);
  const byId = new Map<number, ProxyNode>();
  for (const n of nodes) if (!byId.has(n.nodeId)) byId.set(n.nodeId, n);
  const sortedNodes = [...byId.values()].sort((a, b) => a.nodeId - b.nodeId);
  const initial = new PlacementState(sortedNodes, farms);

  const plans = requests.map((req): Plan => {
    const reqs = PLACEMENT_REQUIREMENTS.filter((q) => q.applies(req, options));
    const pool =
      req.nodeId !== undefined ? [byId.get(req.nodeId)].filter((n): n is ProxyNode => !!n) : sortedNodes;
    const statics = reqs.filter((q) => !q.dynamic);
    return {
      req,
      reqs,
      dynamic: reqs.filter((q) => q.dynamic),
      candidates: pool.filter((n) => statics.every((q) => q.ok(req, n, initial, options))),
    };
  });

  // a request that does not fit on an empty slate is reported on its own, without searching
  const alone = plans
    .map((p) => ({
      requestId: p.req.id,
      reason: explain(p.req, p.reqs, sortedNodes, byId, initial, options),
    }))
    .filter((f): f is PlacementFailure => f.reason !== undefined);
  if (alone.length) throw new SchedulingError(alone, requests.length);

  // weighed over the nodes some request could use: nodes no request can use change nothing, so a
  // list of candidates (candidate-nodes.ts) places exactly as the whole grid does
  const weights = capacityWeights([...new Set(plans.flatMap((p) => p.candidates))]);
  const score = (s: PlacementState, n: ProxyNode): number => {
    const f = s.freeOf(n.nodeId);
    return f.cru * weights.cru + f.mru * weights.mru + f.sru * weights.sru + f.hru * weights.hru;
  };
  // most constrained first: fixed nodes, then fewest nodes that fit alone, then bigger units, then id
  const fitAlone = plans.map(
    (p) => p.candidates.filter((n) => p.dynamic.every((q) => q.ok(p.req, n, initial, options))).length,
  );
  const order = plans
    .map((_p, i) => i)
    .sort((a, b) => tieBreak(plans[a].req, plans[b].req, fitAlone[a], fitAlone[b]));

  const state = new PlacementState(sortedNodes, farms);
  const assignment = new Map<number, ProxyNode>();
  let best = new Map(assignment);
  let checks = 0;
  let exhausted = false;
  // the first descent is always paid for: a big feasible grid never fails on the budget alone
  const budget =
    (options.maxChecks ?? DEFAULT_MAX_CHECKS) + plans.reduce((sum, p) => sum + p.candidates.length, 0);

  const search = (depth: number): boolean => {
    if (depth === order.length) return true;
    const i = order[depth];
    const { req, dynamic, candidates } = plans[i];
    checks += candidates.length;
    const fit = candidates
      .filter((n) => dynamic.every((q) => q.ok(req, n, state, options)))
      .map((n) => ({ n, s: score(state, n) }))
      .sort((a, b) => b.s - a.s || a.n.nodeId - b.n.nodeId);
    for (const { n } of fit) {
      if (checks > budget) {
        exhausted = true;
        return false;
      }
      state.place(req, n);
      assignment.set(i, n);
      if (assignment.size > best.size) best = new Map(assignment);
      if (search(depth + 1)) return true;
      state.unplace(req, n);
      assignment.delete(i);
      if (exhausted) return false;
    }
    return false;
  };

  if (search(0)) {
    return new Map(plans.map((p, i) => [p.req.id, assignment.get(i)!.nodeId]));
  }
  const stuck = order[best.size];
  throw new SchedulingError(
    explainCombined(plans, best, stuck, sortedNodes, byId, farms, options, exhausted, budget),
    requests.length,
  );
}

/**
 * Why a request has no node in `state`: the first requirement that leaves no candidate, with the
 * closest candidates and how many nodes met the earlier requirements. Undefined when it fits.
 */
function explain(
  req: PlacementRequest,
  reqs: readonly PlacementRequirement[],
  nodes: readonly ProxyNode[],
  byId: ReadonlyMap<number, ProxyNode>,
  state: PlacementState,
  options: ScheduleOptions,
): string | undefined {
  if (req.nodeId !== undefined) {
    const node = byId.get(req.nodeId);
    if (!node) return `node ${req.nodeId} is not on the grid (the proxy does not list it)`;
    const unmet = reqs.filter((q) => !q.ok(req, node, state, options));
    return unmet.length ? unmet.map((q) => q.nodeFailure(req, node, state, options)).join('; ') : undefined;
  }
  let matched: readonly ProxyNode[] = nodes;
  const labels: string[] = [];
  for (const q of reqs) {
    const next = matched.filter((n) => q.ok(req, n, state, options));
    if (next.length === 0) {
      const failure = q.failure(req, matched, state, options);
      if (q === PLACEMENT_REQUIREMENTS[0]) return failure;
      const count = `${matched.length} ${matched.length === 1 ? 'node' : 'nodes'}`;
      return labels.length ? `${failure}; ${count} matched ${labels.join(', ')}` : `${failure}; ${count} up`;
    }
    const label = q.label(req, options);
    if (label) labels.push(label);
    matched = next;
  }
  return undefined;
}

/** How many placements a failure message lists as context. */
const CONTEXT_PLACEMENTS = 5;

/**
 * Explains a failed search from the deepest partial placement it reached: every unplaced request that
 * has no node in that state, with the placements that took its nodes; else the request it got stuck on.
 */
function explainCombined(
  plans: readonly Plan[],
  best: ReadonlyMap<number, ProxyNode>,
  stuck: number,
  nodes: readonly ProxyNode[],
  byId: ReadonlyMap<number, ProxyNode>,
  farms: readonly ProxyFarm[] | undefined,
  options: ScheduleOptions,
  exhausted: boolean,
  budget: number,
): PlacementFailure[] {
  const state = new PlacementState(nodes, farms);
  for (const [i, n] of best) state.place(plans[i].req, n);
  const failures: PlacementFailure[] = [];
  plans.forEach((p, i) => {
    if (best.has(i)) return;
    const reason = explain(p.req, p.reqs, nodes, byId, state, options);
    if (reason) failures.push({ requestId: p.req.id, reason: `${reason}${context(p, plans, best)}` });
  });
  if (failures.length) return failures;
  const why = exhausted
    ? `no combined placement found within ${budget} node checks`
    : 'fits alone but not together with the other requests';
  const p = plans[stuck];
  return [
    {
      requestId: p.req.id,
      reason: `${why}; loosen distinct groups or farm filters, or fix some units to nodes`,
    },
  ];
}

/** `; after placing 'a' on node 1, 'b' on node 2`: the placements on this request's nodes or in its groups. */
function context(p: Plan, plans: readonly Plan[], best: ReadonlyMap<number, ProxyNode>): string {
  const mine = new Set(p.candidates.map((n) => n.nodeId));
  const related = [...best]
    .filter(([i, n]) => {
      const other = plans[i].req;
      const sameGroup = !!p.req.distinctGroup && other.distinctGroup === p.req.distinctGroup;
      const sameFarmGroup = !!p.req.distinctFarmGroup && other.distinctFarmGroup === p.req.distinctFarmGroup;
      return mine.has(n.nodeId) || sameGroup || sameFarmGroup;
    })
    .sort(([a], [b]) => a - b);
  if (!related.length) return '';
  const shown = related
    .slice(0, CONTEXT_PLACEMENTS)
    .map(([i, n]) => `'${plans[i].req.id}' on node ${n.nodeId}`);
  const more = related.length > CONTEXT_PLACEMENTS ? ` and ${related.length - CONTEXT_PLACEMENTS} more` : '';
  return `; after placing ${shown.join(', ')}${more}`;
}

/** Weights that make each resource's share of the grid's largest node count equally in the score. */
function capacityWeights(nodes: readonly ProxyNode[]): {
  cru: number;
  mru: number;
  sru: number;
  hru: number;
} {
  const max = { cru: 0, mru: 0, sru: 0, hru: 0 };
  for (const n of nodes) {
    for (const k of ['cru', 'mru', 'sru', 'hru'] as const) max[k] = Math.max(max[k], n.total_resources[k]);
  }
  return { cru: inv(max.cru), mru: inv(max.mru), sru: inv(max.sru), hru: inv(max.hru) };
}

function inv(v: number): number {
  return v > 0 ? 1 / v : 0;
}

function tieBreak(a: PlacementRequest, b: PlacementRequest, ca: number, cb: number): number {
  const fixed = Number(b.nodeId !== undefined) - Number(a.nodeId !== undefined);
  if (fixed) return fixed;
  if (ca !== cb) return ca - cb;
  const size = (r: PlacementRequest): number[] => [
    r.need.mru,
    r.need.cru,
    r.need.sru,
    r.need.hru,
    r.publicIpv4 ?? 0,
  ];
  const sa = size(a);
  const sb = size(b);
  for (let k = 0; k < sa.length; k++) if (sa[k] !== sb[k]) return sb[k] - sa[k];
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
