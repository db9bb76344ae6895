/**
 * `TfgridNameContract`: a name contract, which a name gateway (`<name>.<gateway domain>`) needs.
 * An existing name contract of ours is adopted; a changed name is a new contract (replace).
 */
import * as pulumi from '@pulumi/pulumi';
import { GridProvider } from './grid-provider';

export const nameContractProvider: pulumi.dynamic.ResourceProvider = new GridProvider('name-contract');

export interface TfgridNameContractArgs {
  /** the gateway name: 1 to 50 of [a-zA-Z0-9-_] */
  readonly name: pulumi.Input<string>;
}

export class TfgridNameContract extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly contractId: pulumi.Output<number>;

  constructor(name: string, args: TfgridNameContractArgs, opts?: pulumi.CustomResourceOptions) {
    super(nameContractProvider, name, { ...args, contractId: undefined }, opts, 'tfgrid', 'NameContract');
  }
}
