/**
 * The picture of a program as data (pure): its units grouped by network and node placement, the
 * references between units, the dependency levels apply follows, the cost of each unit and, when a
 * plan is given, what apply would do to each unit. The renderers (svg.ts, dot.ts, mermaid.ts) only
 * draw this; they decide nothing.
 */
import type { Manifest, ManifestUnit } from '../../constructs/manifest';
import type { Cost } from '../../model/pricing/pricing';
import type { EnginePlan } from '../engine';
import { dependencyLevels } from '../levels';

/** What a plan does to a unit; `keep` when nothing changes. */
export type GraphOp = 'create' | 'update' | 'replace' | 'delete' | 'keep';

export interface GraphUnit {
  /** the manifest unit id (e.g. `compute.0`, `name:fullstack`) */
  readonly id: string;
  readonly kind: ManifestUnit['kind'] | 'orphan';
  /** construct paths that put something in the unit */
  readonly constructs: readonly string[];
  /** `type:name` of each zos workload (deployment units) */
  readonly workloads: readonly string[];
  /** monthly cost; undefined for units the chain does not bill (DAO items) */
  readonly cost?: Cost;
  /** 0-based dependency level: apply deploys level 0 first */
  readonly level: number;
  /** id of the group the unit sits in (see GraphGroup) */
  readonly group: string;
  /** set with a plan */
  readonly op?: GraphOp;
  /** the node the plan puts the unit on */
  readonly nodeId?: number;
  /** the contract the unit has now (with a plan) */
  readonly contractId?: number;
}

/** A network (outer) or a node placement (a NodeSelector, inner) the units are drawn in. */
export interface GraphGroup {
  readonly id: string;
  readonly label: string;
  readonly kind: 'network' | 'placement' | 'chain';
  /** the enclosing group (a placement inside a network) */
  readonly parent?: string;
}

/** One or more references from workloads of one unit to results of another, or a bare dependency. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** each reference as `workload.path -> workload.field`; empty for a dependency without reference */
  readonly refs: readonly string[];
}

export interface ProgramGraph {
  readonly project: string;
  readonly groups: readonly GraphGroup[];
  readonly units: readonly GraphUnit[];
  readonly edges: readonly GraphEdge[];
  /** unit ids per level, as apply follows them */
  readonly levels: readonly (readonly string[])[];
  readonly cost: Cost;
  readonly planned: boolean;
}

const NO_NETWORK = '';

/** The networks a deployment unit is part of (its `network` workloads), by name. */
function networksOf(u: ManifestUnit): string[] {
  if (u.kind !== 'deployment') return [];
  return u.workloads.filter((w) => w.type === 'network').map((w) => w.name);
}

function placementOf(u: ManifestUnit): string | undefined {
  return u.kind === 'deployment' ? u.selector.selector : undefined;
}

/** What the plan does to each unit, by unit id. */
function planOps(
  manifest: Manifest,
  plan: EnginePlan,
): Map<string, { op: GraphOp; nodeId?: number; contractId?: number }> {
  const ops = new Map<string, { op: GraphOp; nodeId?: number; contractId?: number }>();
  for (const a of plan.actions) {
    const op: GraphOp =
      a.op === 'create' || a.op === 'deploy'
        ? 'create'
        : a.op === 'noop' || a.op === 'unreachable'
          ? 'keep'
          : a.op;
    ops.set(a.unit, { op, nodeId: a.nodeId, contractId: 'contractId' in a ? a.contractId : undefined });
  }
  const nameUnit = new Map<string, string>();
  for (const u of manifest.units) if (u.kind === 'name-contract') nameUnit.set(u.name, u.id);
  for (const n of plan.names) {
    const op: GraphOp = n.op === 'noop' ? 'keep' : n.op === 'delete' ? 'delete' : 'create';
    ops.set(nameUnit.get(n.name) ?? `name:${n.name}`, { op });
  }
  for (const d of plan.dao) ops.set(d.unit, { op: d.op === 'noop' ? 'keep' : 'create' });
  return ops;
}

/** Builds the graph of `manifest`, coloured by `plan` when one is given. */
export function programGraph(manifest: Manifest, plan?: EnginePlan): ProgramGraph {
  const levels = dependencyLevels(manifest.units);
  const levelOf = new Map<string, number>();
  levels.forEach((l, i) => l.forEach((u) => levelOf.set(u.id, i)));
  const ops = plan ? planOps(manifest, plan) : undefined;

  const groups = new Map<string, GraphGroup>();
  const groupOf = (u: ManifestUnit): string => {
    const net = networksOf(u)[0] ?? NO_NETWORK;
    const placement = placementOf(u);
    let parent: string | undefined;
    if (net !== NO_NETWORK) {
      parent = `network:${net}`;
      if (!groups.has(parent)) groups.set(parent, { id: parent, label: `network ${net}`, kind: 'network' });
    }
    if (placement === undefined) {
      const id = 'chain';
      if (!groups.has(id)) groups.set(id, { id, label: 'on chain (no node)', kind: 'chain' });
      return id;
    }
    const id = `${parent ?? 'placement'}/${placement}`;
    if (!groups.has(id)) groups.set(id, { id, label: `placement ${placement}`, kind: 'placement', parent });
    return id;
  };

  const units: GraphUnit[] = manifest.units.map((u) => {
    const planned = ops?.get(u.id);
    return {
      id: u.id,
      kind: u.kind,
      constructs: u.constructs,
      workloads: u.kind === 'deployment' ? u.workloads.map((w) => `${w.type}:${w.name}`) : [],
      cost: u.kind === 'deployment' || u.kind === 'name-contract' ? u.cost : undefined,
      level: levelOf.get(u.id) ?? 0,
      group: groupOf(u),
      ...(planned ?? (ops ? { op: 'keep' as const } : {})),
    };
  });
  // what the plan deletes is no longer in the program: drawn apart, on the node it has now
  if (ops) {
    const known = new Set(units.map((u) => u.id));
    for (const [id, o] of ops) {
      if (known.has(id) || o.op !== 'delete') continue;
      if (!groups.has('orphans'))
        groups.set('orphans', { id: 'orphans', label: 'no longer in the program', kind: 'chain' });
      units.push({ id, kind: 'orphan', constructs: [], workloads: [], level: 0, group: 'orphans', ...o });
    }
  }

  const edges = new Map<string, { from: string; to: string; refs: string[] }>();
  const edge = (from: string, to: string) => {
    const key = `${from}\u0000${to}`;
    let e = edges.get(key);
    if (!e) edges.set(key, (e = { from, to, refs: [] }));
    return e;
  };
  for (const r of manifest.references)
    edge(r.from.unit, r.to.unit).refs.push(
      `${r.from.workload}.${r.from.path} -> ${r.to.workload}.${r.to.field}`,
    );
  for (const u of manifest.units) for (const d of u.dependsOn) edge(u.id, d);

  return {
    project: manifest.project,
    groups: [...groups.values()].sort((a, b) => a.id.localeCompare(b.id)),
    units: units.sort((a, b) => a.id.localeCompare(b.id)),
    edges: [...edges.values()].sort((a, b) => `${a.from} ${a.to}`.localeCompare(`${b.from} ${b.to}`)),
    levels: levels.map((l) => l.map((u) => u.id)),
    cost: manifest.cost,
    planned: !!plan,
  };
}

/** One line saying what a unit costs, for labels. */
export function costLabel(c: Cost | undefined): string {
  return c ? `${c.usdPerMonth.toFixed(2)} USD/month` : 'no cost';
}

/** The fill colour of each plan op (the same in every format). */
export const OP_COLOURS: Record<GraphOp, string> = {
  create: '#d4f7d4',
  update: '#fff1c2',
  replace: '#ffd9b3',
  delete: '#ffc9c9',
  keep: '#eeeeee',
};
