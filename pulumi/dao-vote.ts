/**
 * `TfgridDaoVote`: a farm's vote on a DAO proposal. A vote the farm already cast is adopted; a vote
 * cannot be taken back, so deleting the resource only forgets it.
 */
import * as pulumi from '@pulumi/pulumi';
import { GridProvider } from './grid-provider';

export const daoVoteProvider: pulumi.dynamic.ResourceProvider = new GridProvider('dao-vote');

export interface TfgridDaoVoteArgs {
  /** the voting farm (owned by the deploying twin) */
  readonly farmId: pulumi.Input<number>;
  /** a `TfgridDaoProposal.proposalHash`, or the hash of an existing proposal */
  readonly proposalHash: pulumi.Input<string>;
  readonly approve: pulumi.Input<boolean>;
}

export class TfgridDaoVote extends pulumi.dynamic.Resource {
  declare readonly farmId: pulumi.Output<number>;
  declare readonly proposalHash: pulumi.Output<string>;
  declare readonly approve: pulumi.Output<boolean>;

  constructor(name: string, args: TfgridDaoVoteArgs, opts?: pulumi.CustomResourceOptions) {
    super(daoVoteProvider, name, { ...args }, opts, 'tfgrid', 'DaoVote');
  }
}
