/**
 * Planning: what must happen to turn what the grid has (observed units) into what the manifest asks
 * for (desired units). Pure: the engine gathers both sides from the chain and the nodes, this module
 * only compares them. Zos's own update rules (model/zos/update-rules.ts) decide between an
 * in-place update and a replacement, so the plan never proposes an update a node would refuse.
 */
import { sumCosts, type Cost } from '../model/pricing/pricing';
import type { Deployment, Workload } from '../model/zos/types';
import { nextDeployment } from '../model/zos/update-rules';

/** A deployment unit as the manifest wants it, after scheduling and with placeholders resolved. */
export interface DesiredUnit {
  readonly unit: string;
  readonly nodeId: number;
  /** public IPv4 addresses the contract reserves */
  readonly publicIps: number;
  readonly workloads: readonly Omit<Workload, 'version'>[];
  readonly cost: Cost;
}

/** A deployment unit as the grid has it: the contract (chain) and the deployment (node). */
export interface ObservedUnit {
  readonly unit: string;
  readonly contractId: number;
  readonly nodeId: number;
  readonly publicIps: number;
  /**
   * what the node reports; null when the node answers that it has no deployment for the contract
   * (an apply stopped between the contract batch and the deploy); undefined when it does not answer
   */
  readonly deployment?: Deployment | null;
  readonly cost: Cost;
}

export type PlanAction =
  | { op: 'create'; unit: string; nodeId: number; cost: Cost }
  | {
      op: 'update';
      unit: string;
      contractId: number;
      nodeId: number;
      changes: string[];
      cost: Cost;
      costBefore: Cost;
    }
  | {
      op: 'replace';
      unit: string;
      contractId: number;
      nodeId: number;
      reasons: string[];
      cost: Cost;
      costBefore: Cost;
    }
  | { op: 'delete'; unit: string; contractId: number; nodeId: number; reason: string; costBefore: Cost }
  | { op: 'noop'; unit: string; contractId: number; nodeId: number; cost: Cost }
  /**
   * the contract exists but its node answers that it has no deployment for it (an apply stopped
   * between the contract batch and the deploy): the deployment is sent on the same contract
   */
  | { op: 'deploy'; unit: string; contractId: number; nodeId: number; cost: Cost }
  /** the node does not answer: nothing can be compared or changed until it does (destroy still works) */
  | { op: 'unreachable'; unit: string; contractId: number; nodeId: number; cost: Cost };

export interface Plan {
  readonly actions: PlanAction[];
  /** monthly cost of what exists now and after the apply */
  readonly costBefore: Cost;
  readonly costAfter: Cost;
  /** true when applying would send nothing */
  readonly empty: boolean;
}

/** What differs between the node's workloads and the wanted ones, by workload name. */
export function workloadChanges(
  current: readonly Workload[],
  wanted: readonly Omit<Workload, 'version'>[],
): string[] {
  const changes: string[] = [];
  const next = nextDeployment(
    {
      version: 0,
      twin_id: 0,
      contract_id: 0,
      metadata: '',
      description: '',
      expiration: 0,
      signature_requirement: { requests: [], weight_required: 0, signatures: [], signature_style: '' },
      workloads: [...current],
    },
    { workloads: wanted },
  ).deployment;
  const before = new Map(current.map((w) => [w.name, w]));
  for (const w of next.workloads) {
    const prev = before.get(w.name);
    if (!prev) changes.push(`add ${w.type} '${w.name}'`);
    else if (w.version !== prev.version) changes.push(`change ${w.type} '${w.name}'`);
    before.delete(w.name);
  }
  for (const w of before.values()) changes.push(`remove ${w.type} '${w.name}'`);
  return changes;
}

/** The action for one unit. */
export function planUnit(
  desired: DesiredUnit | undefined,
  observed: ObservedUnit | undefined,
): PlanAction | undefined {
  if (!desired && !observed) return undefined;
  if (!observed) return { op: 'create', unit: desired!.unit, nodeId: desired!.nodeId, cost: desired!.cost };
  const base = { unit: observed.unit, contractId: observed.contractId };
  if (!desired) {
    return {
      op: 'delete',
      ...base,
      nodeId: observed.nodeId,
      reason: 'the manifest no longer has this unit',
      costBefore: observed.cost,
    };
  }
  const reasons: string[] = [];
  if (desired.nodeId !== observed.nodeId)
    reasons.push(`node changed from ${observed.nodeId} to ${desired.nodeId}`);
  if (desired.publicIps !== observed.publicIps) {
    reasons.push(
      `public ip count changed from ${observed.publicIps} to ${desired.publicIps} (fixed when the contract is created)`,
    );
  }
  if (reasons.length === 0 && observed.deployment === null) {
    return { op: 'deploy', ...base, nodeId: observed.nodeId, cost: desired.cost };
  }
  if (reasons.length === 0 && !observed.deployment) {
    return { op: 'unreachable', ...base, nodeId: observed.nodeId, cost: observed.cost };
  }
  if (reasons.length === 0 && observed.deployment) {
    // a workload the node lost or failed cannot be fixed by an update that does not change it
    for (const w of observed.deployment.workloads) {
      const state = w.result?.state;
      if ((state === 'error' || state === 'deleted') && desired.workloads.some((d) => d.name === w.name)) {
        reasons.push(
          `${w.type} '${w.name}' is ${state === 'error' ? `in error on the node (${w.result?.message ?? ''})` : 'deleted on the node'}`,
        );
      }
    }
  }
  if (reasons.length === 0 && observed.deployment) {
    const { problems } = nextDeployment(observed.deployment, { workloads: desired.workloads });
    for (const p of problems) reasons.push(`${p.path}: ${p.message}`);
  }
  if (reasons.length > 0) {
    return {
      op: 'replace',
      ...base,
      nodeId: desired.nodeId,
      reasons,
      cost: desired.cost,
      costBefore: observed.cost,
    };
  }
  const changes = workloadChanges(observed.deployment!.workloads, desired.workloads);
  if (changes.length === 0) return { op: 'noop', ...base, nodeId: observed.nodeId, cost: observed.cost };
  return {
    op: 'update',
    ...base,
    nodeId: observed.nodeId,
    changes,
    cost: desired.cost,
    costBefore: observed.cost,
  };
}

/** The plan for a whole project; actions are sorted by unit id for stable output. */
export function plan(desired: readonly DesiredUnit[], observed: readonly ObservedUnit[]): Plan {
  const want = new Map(desired.map((d) => [d.unit, d]));
  // Two contracts tagged with the same unit (e.g. left by an interrupted run of another tool): keep
  // the oldest, delete the others.
  const have = new Map<string, ObservedUnit>();
  const duplicates: PlanAction[] = [];
  for (const o of [...observed].sort((a, b) => a.contractId - b.contractId)) {
    if (!have.has(o.unit)) have.set(o.unit, o);
    else {
      duplicates.push({
        op: 'delete',
        unit: o.unit,
        contractId: o.contractId,
        nodeId: o.nodeId,
        reason: `duplicate of contract ${have.get(o.unit)!.contractId} for the same unit`,
        costBefore: o.cost,
      });
    }
  }
  const ids = [...new Set([...want.keys(), ...have.keys()])].sort();
  const actions = [...ids.map((id) => planUnit(want.get(id), have.get(id))!), ...duplicates];
  return {
    actions,
    costBefore: sumCosts(observed.map((o) => o.cost)),
    costAfter: sumCosts(desired.map((d) => d.cost)),
    empty: actions.every((a) => a.op === 'noop' || a.op === 'unreachable'),
  };
}
