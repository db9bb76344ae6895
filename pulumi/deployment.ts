/**
 * `TfgridDeployment`: one deployment unit of a manifest (a node contract and its workloads) as a
 * Pulumi dynamic resource. Networks, gateways, machines, zdbs, qsfs and Kubernetes clusters are
 * constructs that synthesise into such units, so they all become `TfgridDeployment` resources.
 *
 * Check runs our validation (input shape, then zos's rules on the resolved workloads); Diff follows
 * the engine's planUnit against what the node has (replace on node, public ip count or a workload zos
 * cannot update in place; the old contract first where the engine cancels it first);
 * Create/Read/Update/Delete work on the grid through deployment-ops.ts.
 */
import * as pulumi from '@pulumi/pulumi';
import type { DeploymentInputs, DeploymentOutputs } from './deployment-inputs';
import { GridProvider } from './grid-provider';

/** The provider of every `TfgridDeployment` (stateless; configuration arrives in the host). */
export const deploymentProvider: pulumi.dynamic.ResourceProvider = new GridProvider('deployment');

/** Inputs of {@link TfgridDeployment}, each a Pulumi input. */
export type TfgridDeploymentArgs = {
  readonly [K in keyof DeploymentInputs]: pulumi.Input<DeploymentInputs[K]>;
};

/** A deployment unit on the grid: a node contract and its workloads. */
export class TfgridDeployment extends pulumi.dynamic.Resource {
  declare readonly project: pulumi.Output<string>;
  declare readonly unitId: pulumi.Output<string>;
  declare readonly constructs: pulumi.Output<string[]>;
  declare readonly cost: pulumi.Output<DeploymentOutputs['cost']>;
  /** the node the unit runs on */
  declare readonly nodeId: pulumi.Output<number>;
  /** the node contract */
  declare readonly contractId: pulumi.Output<number>;
  /** deployment version on the node (0 after create, +1 per update) */
  declare readonly version: pulumi.Output<number>;
  /** workload name -> result data the node reports (ips, zdb namespace and port, fqdn...) */
  declare readonly results: pulumi.Output<Record<string, unknown>>;
  /** the given secret values (a Pulumi secret) */
  declare readonly secrets: pulumi.Output<Record<string, string>>;
  /** workload name -> state (`ok`, `error`, `deleted`) */
  declare readonly states: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: TfgridDeploymentArgs, opts: pulumi.CustomResourceOptions = {}) {
    super(
      deploymentProvider,
      name,
      {
        ...args,
        nodeId: args.nodeId,
        contractId: undefined,
        version: undefined,
        results: undefined,
        states: undefined,
      },
      { ...opts, additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? []), 'secrets'] },
      'tfgrid',
      'Deployment',
    );
  }
}
