/**
 * A DAO proposal (`dao.propose`): a chain call that farmers vote on and the council closes. Only a
 * council member can propose; a duplicate of a live proposal is refused by the chain.
 */
import { Construct } from 'constructs';
import { Checker, isPlainObject } from './errors';
import type { ChainCall } from './manifest';
import { dottedPath } from './names';
import type { ISynthesizable, SynthContext } from './synth';

/** Blocks in 30 days at 6 s per block: a proposal's duration must be shorter. */
export const MAX_DURATION_BLOCKS = (30 * 24 * 3600) / 6;

export interface DaoProposalProps {
  /** The call executed (as Root) when the proposal is approved, e.g. {pallet: 'tfgridModule', call: 'setFarmCertification', args: [1, 'Gold']}. */
  readonly action: ChainCall;
  /** What the proposal does and why. */
  readonly description: string;
  /** Link to the discussion (forum post). */
  readonly link: string;
  /** Votes (farms) needed before the council may close it. */
  readonly threshold: number;
  /** Voting period in blocks (6 s each), less than 30 days. @default - the chain's default (7 days) */
  readonly durationBlocks?: number;
}

/** True for what JSON carries unchanged: null, booleans, strings, finite numbers, arrays and plain objects of them. */
function isJsonValue(v: unknown, depth = 0): boolean {
  if (depth > 32) return false;
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isJsonValue(x, depth + 1));
  return isPlainObject(v) && Object.values(v).every((x) => isJsonValue(x, depth + 1));
}

export class DaoProposal extends Construct implements ISynthesizable {
  readonly action: ChainCall;
  private readonly props: DaoProposalProps;

  constructor(scope: Construct, id: string, proposalProps: DaoProposalProps) {
    super(scope, id);
    const c = new Checker(this, 'dao proposal');
    const props = c.props(proposalProps) as DaoProposalProps;
    const a = props.action as Partial<ChainCall> | undefined;
    const name = (x: unknown): boolean => typeof x === 'string' && /^[a-z][A-Za-z0-9]*$/.test(x);
    const callOk = isPlainObject(a) && name(a.pallet) && name(a.call) && Array.isArray(a.args);
    c.check(
      callOk,
      'action',
      a,
      '{pallet, call, args} in polkadot.js spelling (camelCase)',
      "write e.g. {pallet: 'tfgridModule', call: 'setFarmCertification', args: [1, 'Gold']}",
    );
    if (callOk && !isJsonValue(a.args)) {
      c.fail(
        'action.args',
        '(not plain JSON)',
        'plain JSON values',
        'pass finite numbers, strings, booleans, null, arrays and objects only',
      );
    }
    c.check(
      typeof props.description === 'string' && props.description.trim() !== '',
      'description',
      props.description,
      'a non-empty text',
      'say what the proposal does',
    );
    c.check(
      typeof props.link === 'string' && /^https?:\/\/\S+$/.test(props.link),
      'link',
      props.link,
      'an http(s) url',
      'link the forum discussion',
    );
    c.integer(
      'threshold',
      props.threshold,
      1,
      2 ** 32 - 1,
      'set threshold to the number of farm votes needed, 1 or more',
    );
    if (props.durationBlocks !== undefined) {
      c.integer(
        'durationBlocks',
        props.durationBlocks,
        1,
        MAX_DURATION_BLOCKS - 1,
        `set durationBlocks below ${MAX_DURATION_BLOCKS} (30 days), or leave it out for 7 days`,
      );
    }
    c.done();
    this.props = props;
    this.action = props.action;
  }

  /** The manifest unit id. */
  get unitId(): string {
    return `dao:${dottedPath(this)}`;
  }

  synthesize(ctx: SynthContext): void {
    ctx.addUnit({
      kind: 'dao-proposal',
      id: this.unitId,
      constructs: [this.node.path],
      action: {
        pallet: this.action.pallet,
        call: this.action.call,
        args: JSON.parse(JSON.stringify(this.action.args)),
      },
      description: this.props.description,
      link: this.props.link,
      threshold: this.props.threshold,
      ...(this.props.durationBlocks !== undefined ? { durationBlocks: this.props.durationBlocks } : {}),
      dependsOn: [],
    });
  }
}
