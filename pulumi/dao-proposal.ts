/**
 * `TfgridDaoProposal`: a DAO proposal (a chain call the council votes on). A proposal with the same
 * action already open is adopted. It cannot change or be withdrawn: a change proposes anew, and
 * deleting the resource only forgets it (the chain closes it at the end of its vote).
 */
import * as pulumi from '@pulumi/pulumi';
import type { ChainCall } from '../constructs/manifest';
import { GridProvider } from './grid-provider';

export const daoProposalProvider: pulumi.dynamic.ResourceProvider = new GridProvider('dao-proposal');

export interface TfgridDaoProposalArgs {
  /** the chain call, e.g. {pallet: 'tftPriceModule', call: 'setMinTftPrice', args: [15]} */
  readonly action: pulumi.Input<ChainCall>;
  readonly description: pulumi.Input<string>;
  readonly link: pulumi.Input<string>;
  /** council votes needed */
  readonly threshold: pulumi.Input<number>;
  /** voting period in blocks; @default the chain's */
  readonly durationBlocks?: pulumi.Input<number>;
}

export class TfgridDaoProposal extends pulumi.dynamic.Resource {
  /** the proposal hash votes refer to */
  declare readonly proposalHash: pulumi.Output<string>;
  /** false once the chain closed it */
  declare readonly open: pulumi.Output<boolean>;
  declare readonly ayes: pulumi.Output<number>;
  declare readonly nays: pulumi.Output<number>;

  constructor(name: string, args: TfgridDaoProposalArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      daoProposalProvider,
      name,
      { ...args, proposalHash: undefined, open: undefined, ayes: undefined, nays: undefined },
      opts,
      'tfgrid',
      'DaoProposal',
    );
  }
}
