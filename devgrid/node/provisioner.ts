/**
 * How the emulated node provisions one workload type. One file per type under provisioners/,
 * registered in provisioners/index.ts, the way zos's primitives are organised.
 */
import type { Deployment, Workload } from '../../model/zos/types';
import type { NodeContract } from './chain-view';
import type { NodeServices } from './services';

export interface ProvisionContext {
  readonly services: NodeServices;
  readonly nodeId: number;
  readonly deployment: Deployment;
  readonly workload: Workload;
  /** `<twin>-<contract>-<name>` */
  readonly workloadId: string;
  /** the contract on chain (public IPs reserved for it) */
  readonly contract?: NodeContract;
  /** result data of workloads of the same deployment provisioned before this one */
  readonly results: ReadonlyMap<string, unknown>;
  /** on a node restart: the result the workload had, so ports and addresses can stay the same */
  readonly previousResult?: unknown;
}

export interface Provisioner {
  /** creates the workload; returns zos's result data; throws to put the workload in `error` */
  provision(ctx: ProvisionContext): Promise<unknown>;
  /** changes it in place (only types zos can update); @default deprovision + provision */
  update?(ctx: ProvisionContext, previous: Workload): Promise<unknown>;
  /** removes it; must not throw for a workload that is already gone */
  deprovision(ctx: ProvisionContext): Promise<void>;
  /** grace period: stop serving but keep data */
  pause?(ctx: ProvisionContext): Promise<void>;
  resume?(ctx: ProvisionContext): Promise<void>;
}

/** Error a provisioner throws to put the workload in `error` with zos's message. */
export class ProvisionError extends Error {}
