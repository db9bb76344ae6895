/**
 * The engine: plan, apply and destroy a manifest on a grid (through a GridBackend).
 *
 * Apply goes level by level in dependency order. Each level creates all its new contracts in one
 * batch, sends the signed deployments to their nodes in parallel, waits for every workload to be
 * `ok`, then resolves the references of the next level. If anything fails, every contract this
 * apply created is cancelled and every update is reverted, so a failed apply leaves nothing the
 * user did not have; the error says what failed and what was undone.
 */
import type { DeploymentUnit, ManifestUnit, SynthResult } from '../constructs/manifest';
import { nodeContractCost, sumCosts, type Cost } from '../model/pricing/pricing';
import { deploymentCapacity } from '../model/zos/deployment';
import type { Deployment } from '../model/zos/types';
import type { GridBackend } from './backend';
import { ApplyRun } from './apply-run';
import { confirmRemoved, type DestroyResult } from './destroy';
import { dependencyLevels } from './levels';
import { RequestPool } from './request-pool';
import {
  observe,
  manifestNames,
  NODE_READS_IN_FLIGHT,
  type Observed,
  type ObservedDeployment,
} from './observe';
import { checkNamesFree } from './ownership';
import { routeNetworkPeers } from './network-routes';
import { SchedulingError } from '../clients/proxy/scheduler';
import { placementRequests, placeUnits } from './placement';
import { planUnit, type PlanAction } from './plan';
import { resolveUnit, UnresolvedError, type ResolveContext } from '../constructs/resolve';
import { secretValues } from './secrets';
import { WireguardPublicKeys } from '../model/zos/wireguard-key';
import { stripResults } from './deployments';
import { Timings } from './timings';

export interface ProgressEvent {
  readonly step:
    | 'observe'
    | 'schedule'
    | 'level'
    | 'contracts'
    | 'deploy'
    | 'wait'
    | 'update'
    | 'delete'
    | 'dao'
    | 'rollback'
    | 'done';
  readonly message: string;
  readonly unit?: string;
}

export interface EngineOptions {
  /** how long to wait for a node to report its workloads ok, ms. @default 300000 */
  readonly timeoutMs?: number;
  /** first poll delay, ms. @default 250 */
  readonly pollMs?: number;
  /** requests to nodes in flight at once during an apply (deploys, updates, status polls). @default 32 */
  readonly nodeRequestLimit?: number;
  /** progress output on long steps */
  readonly progress?: (e: ProgressEvent) => void;
  /** where plan and apply add their phases ('grid reads', 'diff', 'apply') */
  readonly timings?: Timings;
}

/** Per unit, what the grid has after an apply. */
export interface UnitOutput {
  readonly nodeId: number;
  readonly contractId: number;
  /** workload name -> result data as the node reports it */
  readonly workloads: Record<string, unknown>;
}

export interface ApplyResult {
  readonly actions: {
    unit: string;
    op: PlanAction['op'] | 'create-name' | 'claim-name' | 'propose' | 'vote';
    contractId?: number;
    nodeId?: number;
  }[];
  readonly outputs: Record<string, UnitOutput>;
  readonly names: Record<string, number>;
  readonly proposals: Record<string, string>;
  readonly cost: Cost;
}

export interface EnginePlan {
  readonly actions: PlanAction[];
  /** node of every deployment unit: apply of this plan places units here, not anew */
  readonly placement: Record<string, number>;
  /**
   * the project's names: create (a new name contract), claim (a name contract of the account with
   * no owner record becomes the project's), delete (owned, no longer declared), noop
   */
  readonly names: { name: string; op: 'create' | 'claim' | 'delete' | 'noop' }[];
  readonly dao: { unit: string; op: 'propose' | 'vote' | 'noop' }[];
  readonly costBefore: Cost;
  readonly costAfter: Cost;
  readonly empty: boolean;
}

/** Everything the engine works out before it changes anything. */
export interface Prepared {
  readonly synth: SynthResult;
  readonly observed: Observed;
  /** oldest observed contract per unit */
  readonly current: Map<string, ObservedDeployment>;
  /** node of every deployment unit (kept, or newly scheduled) */
  readonly nodeOf: Map<string, number>;
  readonly secrets: Record<string, string>;
  /** wireguard public keys of the secrets, each derived once per run */
  readonly wireguardKeys: WireguardPublicKeys;
  readonly publicIps: Map<number, string | undefined>;
  readonly levels: ManifestUnit[][];
}

export class Engine {
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly nodeRequestLimit: number;

  constructor(
    readonly backend: GridBackend,
    private readonly opts: EngineOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 300_000;
    this.pollMs = opts.pollMs ?? 250;
    this.nodeRequestLimit = opts.nodeRequestLimit ?? 32;
  }

  /** The same engine (options, timings) on another backend. */
  withBackend(backend: GridBackend): Engine {
    return new Engine(backend, { ...this.opts, timings: this.timings });
  }

  progress(e: ProgressEvent): void {
    this.opts.progress?.(e);
  }

  /** The phases of this engine's work (the options' Timings, or its own). */
  get timings(): Timings {
    return (this.ownTimings ??= this.opts.timings ?? new Timings());
  }
  private ownTimings?: Timings;

  /** Observes the grid and places units; `placement` (from a confirmed plan) pins units to its nodes. */
  async prepare(synth: SynthResult, placement?: Readonly<Record<string, number>>): Promise<Prepared> {
    return this.timings.time('grid reads', () => this.prepareOn(synth, placement));
  }

  private async prepareOn(
    synth: SynthResult,
    placement?: Readonly<Record<string, number>>,
  ): Promise<Prepared> {
    const { manifest } = synth;
    this.progress({ step: 'observe', message: `reading contracts of project '${manifest.project}'` });
    const observed = await observe(this.backend, manifest.project);
    checkNamesFree(manifest.project, manifestNames(manifest), {
      ours: observed.names,
      others: observed.namesOfOthers,
      unclaimed: observed.unclaimedNames,
    });
    const current = new Map<string, ObservedDeployment>();
    for (const o of observed.deployments) if (!current.has(o.unit)) current.set(o.unit, o);
    const secrets = secretValues(manifest, synth.secrets, this.backend.accountSecret);
    const units = manifest.units.filter((u): u is DeploymentUnit => u.kind === 'deployment');
    const nodeOf = new Map<string, number>();
    const toPlace: DeploymentUnit[] = [];
    for (const u of units) {
      const o = current.get(u.id);
      const fixed = u.selector.nodeId;
      if (placement?.[u.id] !== undefined) nodeOf.set(u.id, placement[u.id]);
      else if (o && (fixed === undefined || fixed === o.nodeId) && o.publicIps === u.publicIps)
        nodeOf.set(u.id, o.nodeId);
      else toPlace.push(u);
    }
    if (toPlace.length > 0) {
      this.progress({ step: 'schedule', message: `choosing nodes for ${toPlace.length} unit(s)` });
      // units that keep their node take part pinned, so distinct-node rules hold against them too
      const placed = await this.place(units, new Map(nodeOf));
      for (const [id, node] of placed) nodeOf.set(id, node);
    }
    const nodes = [...new Set(nodeOf.values())];
    await this.backend.readNodes?.(nodes);
    const ips = await new RequestPool(NODE_READS_IN_FLIGHT).map(nodes, (node) =>
      this.backend.nodePublicIp(node),
    );
    const publicIps = new Map(nodes.map((node, i) => [node, ips[i]]));
    // networks over nodes without a public address are routed through an access node
    const isPublic = (unit: string) => !!publicIps.get(nodeOf.get(unit) ?? -1);
    const routed = manifest.units.map((u) => (u.kind === 'deployment' ? routeNetworkPeers(u, isPublic) : u));
    const routedSynth: SynthResult = { ...synth, manifest: { ...manifest, units: routed } };
    return {
      synth: routedSynth,
      observed,
      current,
      nodeOf,
      secrets,
      wireguardKeys: new WireguardPublicKeys(),
      publicIps,
      levels: dependencyLevels(routed),
    };
  }

  /** The resolve context over what is known: observed results plus `results` gathered so far. */
  resolveContext(p: Prepared, results: Map<string, Map<string, unknown>>): ResolveContext {
    const units = new Map(p.synth.manifest.units.map((u) => [u.id, u]));
    return {
      secrets: p.secrets,
      wireguardKeys: p.wireguardKeys,
      results,
      endpoint: (unit, network) => {
        const node = p.nodeOf.get(unit);
        const ip = node === undefined ? undefined : p.publicIps.get(node);
        const u = units.get(unit);
        const net =
          u?.kind === 'deployment'
            ? u.workloads.find((w) => w.type === 'network' && w.name === network)
            : undefined;
        const port = (net?.data as { wireguard_listen_port?: number } | undefined)?.wireguard_listen_port;
        if (node === undefined || !port) return undefined;
        // a node without a public address cannot be dialled: its peers wait for it to dial them
        return ip ? `${ip}:${port}` : '';
      },
    };
  }

  /** Results the grid already has, by unit and workload. */
  observedResults(p: Prepared): Map<string, Map<string, unknown>> {
    const results = new Map<string, Map<string, unknown>>();
    for (const [unit, o] of p.current) {
      if (!o.deployment) continue;
      results.set(unit, new Map(o.deployment.workloads.map((w) => [w.name, w.result?.data])));
    }
    return results;
  }

  observedCost(o: ObservedDeployment): Cost {
    if (!o.deployment) return { usdPerMonth: 0, tftPerMonth: 0 };
    return nodeContractCost(capacityOf(o.deployment));
  }

  /** What apply would do, without changing anything. */
  /**
   * Places `units` on the nodes their requests could use (asked of the proxy with their filters);
   * when that fails, again over every node that is up, so the error names what the whole grid lacks.
   */
  private async place(
    units: readonly DeploymentUnit[],
    pinned: ReadonlyMap<string, number>,
  ): Promise<Map<string, number>> {
    const { backend } = this;
    if (!backend.nodesFor) return placeUnits(units, await backend.nodes(), backend.twinId, pinned);
    const candidates = await backend.nodesFor(placementRequests(units, pinned));
    try {
      return placeUnits(units, candidates, backend.twinId, pinned);
    } catch (e) {
      if (!(e instanceof SchedulingError)) throw e;
      return placeUnits(units, await backend.nodes(), backend.twinId, pinned);
    }
  }

  async plan(synth: SynthResult): Promise<EnginePlan> {
    return this.planOf(await this.prepare(synth));
  }

  private planOf(p: Prepared): Promise<EnginePlan> {
    return this.timings.time('diff', () => this.diff(p));
  }

  private async diff(p: Prepared): Promise<EnginePlan> {
    const synth = p.synth;
    const results = this.observedResults(p);
    const ctx = this.resolveContext(p, results);
    const actions: PlanAction[] = [];
    const wanted = new Set<string>();
    for (const u of p.synth.manifest.units) {
      if (u.kind !== 'deployment') continue;
      wanted.add(u.id);
      const o = p.current.get(u.id);
      let workloads;
      try {
        workloads = resolveUnit(u, ctx);
      } catch (e) {
        if (!(e instanceof UnresolvedError)) throw e;
        // depends on units not deployed yet: it will change once they are
        actions.push(
          o?.deployment === null
            ? { op: 'deploy', unit: u.id, contractId: o.contractId, nodeId: o.nodeId, cost: u.cost }
            : o
              ? {
                  op: 'update',
                  unit: u.id,
                  contractId: o.contractId,
                  nodeId: o.nodeId,
                  changes: ['references to units created by this apply'],
                  cost: u.cost,
                  costBefore: this.observedCost(o),
                }
              : { op: 'create', unit: u.id, nodeId: p.nodeOf.get(u.id)!, cost: u.cost },
        );
        continue;
      }
      const action = planUnit(
        { unit: u.id, nodeId: p.nodeOf.get(u.id)!, publicIps: u.publicIps, workloads, cost: u.cost },
        o && { ...o, cost: this.observedCost(o) },
      );
      if (action) actions.push(action);
    }
    for (const o of p.observed.deployments) {
      if (!wanted.has(o.unit) || p.current.get(o.unit) !== o) {
        actions.push({
          op: 'delete',
          unit: o.unit,
          contractId: o.contractId,
          nodeId: o.nodeId,
          reason: wanted.has(o.unit)
            ? 'duplicate contract for the unit'
            : 'the manifest no longer has this unit',
          costBefore: this.observedCost(o),
        });
      }
    }
    pairMoves(actions, p);
    const names = namesPlan(p);
    const dao = await new ApplyRun(this, p).daoPlan();
    const costBefore = sumCosts(p.observed.deployments.map((o) => this.observedCost(o)));
    const costAfter = synth.manifest.cost;
    const empty =
      actions.every((a) => a.op === 'noop') &&
      names.every((n) => n.op === 'noop') &&
      dao.every((d) => d.op === 'noop');
    const placement = Object.fromEntries([...p.nodeOf].sort(([a], [b]) => a.localeCompare(b)));
    return { actions, placement, names, dao, costBefore, costAfter, empty };
  }

  /** Makes the grid match the manifest; rolls back on failure (see ApplyRun). */
  async apply(synth: SynthResult): Promise<ApplyResult> {
    const p = await this.prepare(synth);
    return this.timings.time('apply', () => new ApplyRun(this, p).run());
  }

  /**
   * Applies the plan the user confirmed, and nothing else: the grid is read again with the units on
   * the plan's nodes; if the plan this gives is not the confirmed one (the grid or the program
   * changed in between), nothing is changed and StalePlanError carries the new plan.
   */
  async applyPlan(synth: SynthResult, confirmed: EnginePlan): Promise<ApplyResult> {
    const p = await this.prepare(synth, confirmed.placement);
    const now = await this.planOf(p);
    if (planKey(now) !== planKey(confirmed)) throw new StalePlanError(now);
    return this.timings.time('apply', () => new ApplyRun(this, p).run());
  }

  /**
   * Cancels every contract of a project on chain (the chain alone is enough): its node contracts and
   * the name contracts it owns (never a name another project owns or one without an owner record),
   * then asks the nodes to confirm the workloads are gone; nodes that cannot be asked are listed,
   * not waited for.
   */
  async destroy(project: string): Promise<DestroyResult> {
    this.progress({ step: 'observe', message: `reading contracts of project '${project}'` });
    const observed = await observe(this.backend, project);
    const ids = [...observed.deployments.map((o) => o.contractId), ...observed.names.values()];
    if (ids.length === 0) return { cancelled: [], untold: [] };
    this.progress({ step: 'delete', message: `cancelling ${ids.length} contract(s)` });
    await this.backend.cancelContracts(ids);
    const untold = await confirmRemoved(this.backend, observed.deployments, {
      timeoutMs: Math.min(this.timeoutMs, 60_000),
      pollMs: this.pollMs,
    });
    if (untold.length > 0)
      this.progress({
        step: 'delete',
        message: `${untold.length} node(s) could not be told; they clean up from the chain's cancel events`,
      });
    return { cancelled: ids, untold };
  }
}

/** What happens to each name the project declares or owns. */
export function namesPlan(p: Prepared): EnginePlan['names'] {
  const wanted = manifestNames(p.synth.manifest);
  const out: EnginePlan['names'] = wanted.map((name) => ({
    name,
    op: p.observed.names.has(name) ? 'noop' : p.observed.unclaimedNames.has(name) ? 'claim' : 'create',
  }));
  for (const name of p.observed.names.keys()) if (!wanted.includes(name)) out.push({ name, op: 'delete' });
  return out;
}

/** Raised when the grid no longer gives the plan the user confirmed; `plan` is what it gives now. */
export class StalePlanError extends Error {
  constructor(readonly plan: EnginePlan) {
    super(
      'the grid changed since the plan was made: nothing was applied; review the new plan and apply again',
    );
  }
}

/** What a plan does (actions, placement, names, DAO items), without the costs, as one string. */
export function planKey(p: EnginePlan): string {
  return JSON.stringify({
    actions: p.actions.map((a) => ({ ...a, cost: undefined, costBefore: undefined })),
    placement: p.placement,
    names: p.names,
    dao: p.dao,
  });
}

function capacityOf(d: Deployment) {
  return deploymentCapacity(stripResults(d));
}

/**
 * A unit placed on a fixed node is named after it (`node-<id>`), so moving it to another node shows
 * as a new unit and a dropped one. When a created unit holds workloads of the same names as a
 * deleted one, the plan says what happens: the workloads move, a replace with the nodes named.
 */
function pairMoves(actions: PlanAction[], p: Prepared): void {
  const units = new Map(p.synth.manifest.units.map((u) => [u.id, u]));
  for (const created of actions.filter((a) => a.op === 'create')) {
    const unit = units.get(created.unit);
    if (unit?.kind !== 'deployment') continue;
    const names = new Set(unit.workloads.map((w) => w.name));
    const i = actions.findIndex((a) => {
      if (a.op !== 'delete') return false;
      const old = p.observed.deployments.find((o) => o.contractId === a.contractId)?.deployment;
      return !!old && old.workloads.some((w) => names.has(w.name) && w.result?.state !== 'deleted');
    });
    if (i < 0) continue;
    const dropped = actions[i] as Extract<PlanAction, { op: 'delete' }>;
    actions.splice(i, 1);
    actions[actions.indexOf(created)] = {
      op: 'replace',
      unit: created.unit,
      contractId: dropped.contractId,
      nodeId: created.nodeId,
      reasons: [
        `node changed from ${dropped.nodeId} to ${created.nodeId} (unit '${dropped.unit}' becomes '${created.unit}')`,
      ],
      cost: created.cost,
      costBefore: dropped.costBefore,
    };
  }
}
