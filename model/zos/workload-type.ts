/**
 * What every zos workload type answers: is its data valid, what is its challenge, what capacity
 * does it use, and how may it change on update. One file per type implements this
 * (like zos's pkg/gridtypes/zos), and workload-types.ts lists them.
 */
import type { Capacity, Workload, WorkloadType } from './types';

/** One thing wrong with a deployment, precise enough to fix without reading zos. */
export interface Problem {
  /** where, e.g. `workloads[vm1].data.compute_capacity.memory` */
  readonly path: string;
  /** what is wrong, in zos's words where zos has a message */
  readonly message: string;
  /** the offending value (never a secret: keys and passwords are left out) */
  readonly value?: unknown;
  /** how to fix it */
  readonly fix: string;
}

/** What a workload's validation may look at beyond its own data. */
export interface ValidationContext {
  /** path of the workload's data, e.g. `workloads[vm1].data` */
  readonly path: string;
  /** name of the workload being validated */
  readonly name: string;
  /** all workloads of the deployment (for references such as public_ip, mounts, zlogs.zmachine) */
  readonly workloads: readonly Workload[];
  /**
   * Names of network workloads the same twin already has in other deployments on the same node.
   * Zos finds networks by twin and name, so a machine may join one defined elsewhere.
   * @default none
   */
  readonly sharedNetworks?: readonly string[];
}

/** The small set of questions every workload type answers. */
export interface WorkloadTypeSpec<D = unknown> {
  /** type name as zos spells it */
  readonly type: WorkloadType;
  /** zos can update it in place; other types must be removed and added again to change */
  readonly updatable: boolean;
  /** zos lets other deployments of the same twin reference it (networks) */
  readonly sharable: boolean;
  /** every problem with the data (not only the first); [] when valid */
  validate(data: D, ctx: ValidationContext): Problem[];
  /** the data's part of the deployment challenge, byte-exact with zos */
  challenge(data: D): string;
  /** capacity this workload reserves on the node */
  capacity(data: D): Capacity;
  /** extra rules for an in-place update from `previous` to `next` (only for updatable types) */
  validateUpdate?(previous: D, next: D, path: string): Problem[];
}

/** Declares a spec with its data type checked, and erases the type for the registry. */
export function defineWorkloadType<D>(spec: WorkloadTypeSpec<D>): WorkloadTypeSpec<unknown> {
  return spec as unknown as WorkloadTypeSpec<unknown>;
}

/** Looks up a workload of the deployment by name. */
export function findWorkload(ctx: ValidationContext, name: string): Workload | undefined {
  return ctx.workloads.find((w) => w.name === name);
}
