/**
 * The Pulumi `diff` of a deployment unit (pure): the engine's planUnit between what the node has
 * (the `deployed` output, which refresh keeps true) and the resolved inputs, and the engine's rule
 * for replacements that cannot live beside the old contract (`deleteBeforeReplace`). In a preview,
 * inputs computed from resources not created yet are unknown: what is known is compared, the rest
 * is named as known after apply.
 */
import { planUnit } from '../engine/plan';
import { cancelFirstReason } from '../engine/replace-order';
import type { Deployment, Workload } from '../model/zos/types';
import {
  COMPARE_SECRET,
  UNKNOWN,
  containsUnknown,
  draftDeployment,
  resolveInputs,
  secretValuesOf,
  type DeploymentInputs,
  type DeploymentOutputs,
} from './deployment-inputs';

/** Result of {@link diffDeployment}, as the dynamic provider returns it. */
export interface DeploymentDiff {
  readonly changes: boolean;
  readonly replaces: string[];
  /** the old contract must be cancelled before the replacement is created */
  readonly deleteBeforeReplace: boolean;
  /** why, in words: planUnit's reasons and changes, what goes first, what is not known yet */
  readonly reasons: string[];
}

/** Inputs whose change is a change of the resource (`moveReason` only explains one). */
const COMPARED: readonly (keyof DeploymentInputs)[] = [
  'project',
  'unitId',
  'selector',
  'constructs',
  'workloads',
  'publicIps',
  'capacity',
  'cost',
  'secrets',
  'secretDeclarations',
  'refs',
  'endpoints',
];

/** Where the unit should be: an explicit or fixed node, else where it already is. */
export function wantedNode(news: DeploymentInputs, current?: number): number | undefined {
  const given = (news.nodeId as unknown) === UNKNOWN ? undefined : news.nodeId;
  return given ?? news.selector?.nodeId ?? current;
}

/** Inputs (top-level names) holding a value that is not known yet. */
export function unknownInputs(news: object): string[] {
  return Object.entries(news)
    .filter(([k, v]) => k !== '__provider' && containsUnknown(v))
    .map(([k]) => k)
    .sort();
}

const withStates = (workloads: readonly Workload[], states: Record<string, string> | undefined) =>
  workloads.map((w) => {
    const state = states?.[w.name];
    return state ? { ...w, result: { created: 0, state: state as 'ok', message: '', data: null } } : w;
  });

/** True when the node lost the whole deployment (read says so). */
function isLost(olds: DeploymentOutputs): boolean {
  if (olds.deployed === null) return true;
  const states = Object.values(olds.states ?? {});
  return olds.deployed === undefined && states.length > 0 && states.every((s) => s === 'deleted');
}

/**
 * The deployment as the node has it. Twin and metadata keep draft values, as in the replacement
 * built for comparison, so equal hashes mean equal deployments. Without `deployed` (a state written
 * before it existed) the recorded inputs stand in.
 */
function observedDeployment(olds: DeploymentOutputs, recorded: Omit<Workload, 'version'>[]): Deployment {
  const base = draftDeployment([], olds.version ?? 0);
  const workloads = Array.isArray(olds.deployed) ? olds.deployed : draftDeployment(recorded).workloads;
  return { ...base, workloads: withStates(workloads, olds.states) };
}

const replaceKey = (reason: string): keyof DeploymentInputs =>
  reason.startsWith('node changed')
    ? 'nodeId'
    : reason.startsWith('public ip count')
      ? 'publicIps'
      : 'workloads';

/**
 * Pulumi `diff` with the engine's planUnit semantics: replace when the node or the public ip count
 * changes, a workload is in error or lost, or zos cannot update a workload in place; an update
 * otherwise. A replacement goes first unless the engine's rule says the old one must go first.
 */
export function diffDeployment(
  olds: DeploymentOutputs,
  news: DeploymentInputs,
  /** the account secret, which generated secrets (wireguard keys...) derive from, as on the node */
  accountSecret = COMPARE_SECRET,
): DeploymentDiff {
  const differs = COMPARED.some((k) => JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null));
  const node = wantedNode(news, olds.nodeId);
  const replaces: string[] = [];
  const reasons: string[] = [];
  if (olds.project !== news.project) replaces.push('project');
  if (olds.unitId !== news.unitId) replaces.push('unitId');
  const unknown = unknownInputs(news);
  if (unknown.length > 0) {
    // a preview: compare what is known; Pulumi diffs again with the real values before it acts
    if (typeof node === 'number' && node !== olds.nodeId) {
      replaces.push('nodeId');
      reasons.push(`node changed from ${olds.nodeId} to ${node}`);
    }
    if (typeof news.publicIps === 'number' && news.publicIps !== olds.publicIps) replaces.push('publicIps');
    reasons.push(...unknown.map((k) => `${k}: known after apply`));
    return { changes: true, replaces, deleteBeforeReplace: false, reasons };
  }
  let desired: Omit<Workload, 'version'>[];
  let recorded: Omit<Workload, 'version'>[];
  try {
    desired = resolveInputs(news, secretValuesOf(news, accountSecret), olds.results).workloads;
    recorded = resolveInputs(olds, secretValuesOf(olds, accountSecret), olds.results).workloads;
  } catch (e) {
    return { changes: true, replaces, deleteBeforeReplace: false, reasons: [(e as Error).message] };
  }
  const lost = isLost(olds);
  const observed: Deployment = lost
    ? {
        ...draftDeployment(recorded),
        workloads: draftDeployment(recorded).workloads.map((w) => ({
          ...w,
          result: { created: 0, state: 'deleted', message: '', data: null },
        })),
      }
    : observedDeployment(olds, recorded);
  const target = node ?? olds.nodeId;
  const action = planUnit(
    { unit: news.unitId, nodeId: target, publicIps: news.publicIps, workloads: desired, cost: news.cost },
    {
      unit: olds.unitId,
      contractId: olds.contractId,
      nodeId: olds.nodeId,
      publicIps: olds.publicIps,
      deployment: observed,
      cost: olds.cost,
    },
  )!;
  let deleteBeforeReplace = false;
  if (action.op === 'replace') {
    reasons.push(...action.reasons);
    for (const r of action.reasons) if (!replaces.includes(replaceKey(r))) replaces.push(replaceKey(r));
    if (replaces.includes('nodeId') && news.moveReason) reasons.push(news.moveReason);
    const first = cancelFirstReason(
      { nodeId: olds.nodeId, deployment: lost ? null : observed },
      { nodeId: target, deployment: draftDeployment(desired) },
    );
    if (first) {
      deleteBeforeReplace = true;
      reasons.push(`the old contract is cancelled first: ${first}`);
    }
  } else if (action.op === 'update') reasons.push(...action.changes);
  return {
    changes: differs || replaces.length > 0 || action.op !== 'noop',
    replaces,
    deleteBeforeReplace,
    reasons,
  };
}
