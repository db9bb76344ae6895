/**
 * Saved plans: `tfgrid plan <program> --out plan.json`, then `tfgrid apply plan.json` applies that
 * plan and nothing else (as Terraform does). The file holds no secret: it names the program, the
 * network, a digest of the manifest (whose secrets are placeholders) and the plan (actions, nodes,
 * names, DAO items). Apply loads the program again, so secrets are derived again from the program,
 * its environment and the account, never read from the file; a program whose manifest changed
 * since is refused, and a grid that no longer gives the same plan stops the apply (engine.applyPlan).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { GridNetworkName, Manifest } from '../constructs/manifest';
import type { EnginePlan } from '../engine/engine';
import { UsageError } from './args';

/** A saved plan that cannot be applied as it is (exit 1, nothing changed). */
export class SavedPlanError extends Error {}

export const PLAN_FORMAT = 'tfgrid-plan/1';

export interface PlanFile {
  readonly format: typeof PLAN_FORMAT;
  /** absolute path of the program the plan was made from */
  readonly program: string;
  readonly network: GridNetworkName;
  readonly project: string;
  /** sha256 of the manifest (secrets in it are placeholders, so the digest reveals none) */
  readonly manifestSha256: string;
  readonly createdAt: string;
  readonly plan: EnginePlan;
}

export function manifestDigest(m: Manifest): string {
  return createHash('sha256').update(JSON.stringify(m)).digest('hex');
}

export function writePlanFile(
  file: string,
  o: { program: string; network: GridNetworkName; manifest: Manifest; plan: EnginePlan },
): void {
  const saved: PlanFile = {
    format: PLAN_FORMAT,
    program: path.resolve(o.program),
    network: o.network,
    project: o.manifest.project,
    manifestSha256: manifestDigest(o.manifest),
    createdAt: new Date().toISOString(),
    plan: o.plan,
  };
  try {
    fs.writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`);
  } catch (e) {
    throw new UsageError(
      `cannot write the plan to '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** The saved plan in `file`, or undefined when `file` is not one (a program). */
export function readPlanFile(file: string): PlanFile | undefined {
  if (!file.endsWith('.json') || !fs.existsSync(file)) return undefined;
  let saved: Partial<PlanFile>;
  try {
    saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<PlanFile>;
  } catch (e) {
    throw new UsageError(
      `'${file}' is not a saved plan (${(e as Error).message}): make one with 'tfgrid plan <program> --out ${file}'`,
    );
  }
  if (
    saved.format !== PLAN_FORMAT ||
    !saved.program ||
    !saved.plan ||
    !saved.manifestSha256 ||
    !saved.network
  )
    throw new UsageError(
      `'${file}' is not a saved plan of this version (format '${String(saved.format)}', expected '${PLAN_FORMAT}'): make one with 'tfgrid plan <program> --out ${file}'`,
    );
  return saved as PlanFile;
}

/** Refuses a saved plan whose program no longer gives the manifest it was made from. */
export function checkPlanProgram(saved: PlanFile, manifest: Manifest): void {
  if (manifestDigest(manifest) !== saved.manifestSha256)
    throw new SavedPlanError(
      `the program ${saved.program} changed since the plan was made (${saved.createdAt}): nothing was applied; run 'tfgrid plan ${saved.program} --out <file>' again`,
    );
}
