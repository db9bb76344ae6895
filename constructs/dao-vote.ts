/** A farm's vote on a DAO proposal (`dao.vote`): signed by the farm's owner; a vote can be switched, not repeated. */
import { Construct } from 'constructs';
import { DaoProposal } from './dao-proposal';
import { Checker } from './errors';
import { dottedPath } from './names';
import type { ISynthesizable, SynthContext } from './synth';

export interface DaoVoteProps {
  /** The voting farm (weight = its nodes' 2*CU + SU). */
  readonly farmId: number;
  /** A proposal of this program, or the hash of an existing one ('0x' + 64 hex). */
  readonly proposal: DaoProposal | string;
  /** Yes or no. */
  readonly approve: boolean;
}

export class DaoVote extends Construct implements ISynthesizable {
  readonly farmId: number;
  readonly approve: boolean;
  readonly proposal: DaoProposal | string;

  constructor(scope: Construct, id: string, voteProps: DaoVoteProps) {
    super(scope, id);
    const c = new Checker(this, 'dao vote');
    const props = c.props(voteProps) as DaoVoteProps;
    c.integer('farmId', props.farmId, 1, 2 ** 32 - 1, 'set farmId to the id of a farm you own');
    if (!(props.proposal instanceof DaoProposal)) {
      c.check(
        typeof props.proposal === 'string' && /^0x[0-9a-fA-F]{64}$/.test(props.proposal),
        'proposal',
        props.proposal,
        "a DaoProposal or a proposal hash ('0x' + 64 hex)",
        'copy the hash from `tfgrid dao list`',
      );
    }
    c.check(
      typeof props.approve === 'boolean',
      'approve',
      props.approve,
      'true or false',
      'set approve: true to vote yes, false to vote no',
    );
    c.done();
    this.farmId = props.farmId;
    this.approve = props.approve;
    this.proposal = props.proposal;
  }

  synthesize(ctx: SynthContext): void {
    const p = this.proposal;
    ctx.addUnit({
      kind: 'dao-vote',
      id: `dao:${dottedPath(this)}`,
      constructs: [this.node.path],
      farmId: this.farmId,
      proposal: p instanceof DaoProposal ? { unit: p.unitId } : { hash: p.toLowerCase() },
      approve: this.approve,
      dependsOn: p instanceof DaoProposal ? [p.unitId] : [],
    });
  }
}
