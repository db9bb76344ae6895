/**
 * `TfgridNameContract`: a name contract, which a name gateway (`<name>.<gateway domain>`) needs.
 * The stack owns it (an ownership record beside it on chain): the stack's own contract is adopted,
 * another stack's or project's is an error naming the holder; a changed name is a new contract.
 */
import * as pulumi from '@pulumi/pulumi';
import { pulumiOwner } from '../engine/ownership';
import { GridProvider } from './grid-provider';

export const nameContractProvider: pulumi.dynamic.ResourceProvider = new GridProvider('name-contract');

export interface TfgridNameContractArgs {
  /** the gateway name: 1 to 50 of [a-zA-Z0-9-_] */
  readonly name: pulumi.Input<string>;
  /** who owns it. @default `pulumi:<project>/<stack>` of the running program */
  readonly owner?: pulumi.Input<string>;
}

export class TfgridNameContract extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly contractId: pulumi.Output<number>;
  declare readonly owner: pulumi.Output<string>;

  constructor(name: string, args: TfgridNameContractArgs, opts?: pulumi.CustomResourceOptions) {
    const owner = args.owner ?? pulumiOwner(pulumi.getProject(), pulumi.getStack());
    super(
      nameContractProvider,
      name,
      { ...args, owner, contractId: undefined },
      opts,
      'tfgrid',
      'NameContract',
    );
  }
}
