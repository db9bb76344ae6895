/**
 * Updating a deployment in place (zos.deployment.update): what a node accepts, and building the
 * next version from the current one. Zos decides per workload by version: the new deployment
 * version means add or update, the old version means leave untouched, absence means remove.
 */
import { workloadChallenge } from './challenge';
import { workloadPath } from './deployment';
import { isObject } from './field-checks';
import type { Deployment, SignatureRequirement, Workload } from './types';
import type { Problem } from './workload-type';
import { workloadTypeSpec } from './workload-types';

/** Everything about a workload except its version and result, to tell whether it changed. */
function content(w: Workload): string {
  try {
    return workloadChallenge({ ...w, version: 0 });
  } catch {
    return JSON.stringify([w.name, w.type, w.metadata, w.description, w.data]);
  }
}

/** True when the workload's name, type, metadata, description or data differ. */
export function workloadChanged(previous: Workload, next: Workload): boolean {
  return content(previous) !== content(next);
}

/** How the workloads of `next` relate to `current`, by name. */
export interface WorkloadDiff {
  readonly added: string[];
  readonly changed: string[];
  readonly unchanged: string[];
  readonly removed: string[];
}

/** Which workloads an update adds, changes, keeps or removes. */
export function diffWorkloads(current: Deployment, next: Deployment): WorkloadDiff {
  const old = new Map((current.workloads ?? []).map((w) => [w.name, w]));
  const diff: WorkloadDiff = { added: [], changed: [], unchanged: [], removed: [] };
  for (const w of next.workloads ?? []) {
    const prev = old.get(w.name);
    if (!prev) diff.added.push(w.name);
    else if (workloadChanged(prev, w)) diff.changed.push(w.name);
    else diff.unchanged.push(w.name);
  }
  const kept = new Set((next.workloads ?? []).map((w) => w.name));
  for (const w of current.workloads ?? []) if (!kept.has(w.name)) diff.removed.push(w.name);
  return diff;
}

/**
 * Every problem with `next` as an update of `current`: version, twin and contract, types,
 * versions of changed and untouched workloads, types zos cannot update in place, and per-type
 * rules (zdb mode fixed, sizes that may not shrink). Zos also validates `next` as a deployment:
 * run validateDeployment on it too (kept apart so these problems mean "cannot update in place").
 */
export function checkUpdate(current: Deployment, next: Deployment): Problem[] {
  const problems: Problem[] = [];
  const expected = current.version + 1;
  if (next.version !== expected) {
    problems.push({
      path: 'version',
      message: `expecting deployment version ${expected}, got ${next.version}`,
      value: next.version,
      fix: `set version to ${expected} (current + 1)`,
    });
  }
  if (next.twin_id !== current.twin_id || next.contract_id !== current.contract_id) {
    problems.push({
      path: next.twin_id !== current.twin_id ? 'twin_id' : 'contract_id',
      message: 'cannot change deployment or twin id',
      fix: `keep twin_id ${current.twin_id} and contract_id ${current.contract_id}; create a new contract to move`,
    });
  }
  const old = new Map((current.workloads ?? []).map((w) => [w.name, w]));
  (next.workloads ?? []).forEach((w, i) => {
    if (!isObject(w)) return;
    const path = workloadPath(w, i);
    const prev = old.get(w.name);
    if (!prev) {
      if (w.version !== expected) {
        problems.push({
          path: `${path}.version`,
          message: `invalid version number for workload '${w.name}' expected '${expected}'`,
          value: w.version,
          fix: `new workloads carry the new deployment version ${expected}`,
        });
      }
      return;
    }
    if (prev.type !== w.type) {
      problems.push({
        path: `${path}.type`,
        message: `cannot change workload type '${w.name}'`,
        value: w.type,
        fix: `keep type '${prev.type}', or remove '${w.name}' and add a workload with a new name`,
      });
      return;
    }
    const changed = workloadChanged(prev, w);
    const spec = workloadTypeSpec(w.type);
    if (w.version === expected) {
      if (spec && !spec.updatable) {
        problems.push({
          path: `${path}.version`,
          message: `workload '${w.type}' does not support upgrade`,
          value: w.name,
          fix: changed
            ? `zos cannot change a '${w.type}' in place: give it a new name (remove + add), or remove it in one update and add it in the next`
            : `leave '${w.name}' at version ${prev.version}: it did not change`,
        });
      } else if (changed && spec?.validateUpdate && isObject(prev.data) && isObject(w.data)) {
        problems.push(...spec.validateUpdate(prev.data, w.data, `${path}.data`));
      }
    } else if (w.version !== prev.version) {
      problems.push({
        path: `${path}.version`,
        message: `workload '${w.name}' version must be ${prev.version} (unchanged) or ${expected} (changed), got ${w.version}`,
        value: w.version,
        fix: `set its version to ${changed ? expected : prev.version}`,
      });
    } else if (changed) {
      problems.push({
        path: `${path}.version`,
        message: `workload '${w.name}' changed but its version was not bumped, so zos would ignore the change`,
        value: w.version,
        fix: `set its version to ${expected}`,
      });
    }
  });
  return problems;
}

/** What the next version should look like; versions are worked out by nextDeployment. */
export interface DesiredDeployment {
  /** the workloads wanted after the update (their versions are ignored) */
  readonly workloads: readonly Omit<Workload, 'version'>[];
  /** @default the current metadata */
  readonly metadata?: string;
  /** @default the current description */
  readonly description?: string;
  /** @default the current requirement, with signatures cleared */
  readonly signature_requirement?: SignatureRequirement;
}

/**
 * The next version of a deployment: version + 1; new and changed workloads get the new version,
 * untouched ones keep theirs; results and signatures are dropped (sign it again). `problems`
 * are what a node would reject (see checkUpdate), e.g. changing a machine in place.
 */
export function nextDeployment(
  current: Deployment,
  desired: DesiredDeployment,
): { deployment: Deployment; problems: Problem[] } {
  const version = current.version + 1;
  const old = new Map((current.workloads ?? []).map((w) => [w.name, w]));
  const workloads: Workload[] = desired.workloads.map((d) => {
    const { result: _result, ...rest } = d as Workload;
    const candidate: Workload = {
      ...rest,
      metadata: rest.metadata ?? '',
      description: rest.description ?? '',
      version,
    };
    const prev = old.get(candidate.name);
    if (prev && prev.type === candidate.type && !workloadChanged(prev, candidate))
      return { ...candidate, version: prev.version };
    return candidate;
  });
  const sr = desired.signature_requirement ?? current.signature_requirement;
  const deployment: Deployment = {
    version,
    twin_id: current.twin_id,
    contract_id: current.contract_id,
    metadata: desired.metadata ?? current.metadata,
    description: desired.description ?? current.description,
    expiration: current.expiration ?? 0,
    signature_requirement: { ...sr, signatures: [] },
    workloads,
  };
  return { deployment, problems: checkUpdate(current, deployment) };
}
