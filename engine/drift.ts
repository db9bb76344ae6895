/**
 * Drift (pure): what differs between the grid and what an apply left, per unit of a project.
 * - a contract billed while its node lost the deployment or has its workloads deleted or in error;
 * - a node that does not answer; a contract in grace period (the twin ran out of funds);
 * - a unit of the manifest with no contract (cancelled elsewhere), a contract the manifest no
 *   longer has (orphan), or a deployment changed behind our back (the plan shows the update).
 */
import type { Manifest } from '../constructs/manifest';
import type { Observed } from './observe';

export interface UnitStatus {
  readonly unit: string;
  readonly contractId: number;
  readonly nodeId: number;
  /** the contract's unit is not in the manifest */
  readonly orphan: boolean;
  /** `name:state` of each workload the node reports */
  readonly workloads: string[];
  /** what is wrong; empty when the unit is as deployed */
  readonly drift: string[];
}

export interface ProjectStatus {
  readonly project: string;
  readonly units: UnitStatus[];
  /** deployment units of the manifest without a contract */
  readonly missing: string[];
  /** name contracts of the manifest that exist: name -> contract id */
  readonly names: Record<string, number>;
  /** name contracts of the manifest that do not exist */
  readonly missingNames: string[];
  /** true when anything above needs an apply */
  readonly drifted: boolean;
}

export function projectStatus(manifest: Manifest, observed: Observed): ProjectStatus {
  const wanted = new Set(manifest.units.map((u) => u.id));
  const units = observed.deployments.map((o): UnitStatus => {
    const live = o.deployment ? o.deployment.workloads : [];
    const drift: string[] = [];
    if (o.deployment === undefined)
      drift.push(`node ${o.nodeId} does not answer${o.error ? ` (${o.error})` : ''}`);
    else if (o.deployment === null)
      drift.push(
        `node ${o.nodeId} answers but has no deployment for contract ${o.contractId}: apply deploys it on the same contract`,
      );
    else {
      const gone = live.filter((w) => w.result?.state === 'deleted');
      const failed = live.filter((w) => w.result?.state === 'error');
      if (gone.length > 0 && gone.length === live.length)
        drift.push('the contract is billed but its workloads are deleted on the node');
      for (const w of failed) drift.push(`${w.type} '${w.name}' is in error: ${w.result?.message ?? ''}`);
    }
    if (o.state === 'grace')
      drift.push('the contract is in grace period: fund the twin or its workloads stay paused');
    return {
      unit: o.unit,
      contractId: o.contractId,
      nodeId: o.nodeId,
      orphan: !wanted.has(o.unit),
      workloads: live.map((w) => `${w.name}:${w.result?.state ?? 'unknown'}`),
      drift,
    };
  });
  const missing = manifest.units
    .filter((u) => u.kind === 'deployment' && !observed.deployments.some((o) => o.unit === u.id))
    .map((u) => u.id);
  const names: Record<string, number> = {};
  const missingNames: string[] = [];
  for (const u of manifest.units) {
    if (u.kind !== 'name-contract') continue;
    const id = observed.names.get(u.name);
    if (id === undefined) missingNames.push(u.name);
    else names[u.name] = id;
  }
  const drifted =
    units.some((u) => u.orphan || u.drift.length > 0) || missing.length > 0 || missingNames.length > 0;
  return { project: manifest.project, units, missing, names, missingNames, drifted };
}
