/**
 * Council (index 40, pallet_collective instance 1 of polkadot-v1.0.0): the council's members
 * (kept equal to CouncilMembership's, as TFChain's MembershipChangedGroup does), and motions
 * they propose, vote on and close. An approved motion runs with the council's origin
 * (`Members(yes, seats)`), which TFChain's EnsureRootOrCouncilApproval accepts at 3/5.
 */
import { blake2AsHex } from '@polkadot/util-crypto';
import type { CallContext, PalletSpec } from '../pallet';
import { moduleError } from '../pallet';
import { addWeights, benchmarked, type DispatchInfo } from '../runtime/weights';

const P = 'Council';
const fail = (error: string) => moduleError(P, error);
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** TFChain's CouncilMotionDuration: 2 hours of 6 s blocks. */
export const COUNCIL_MOTION_DURATION = 1200;
/** TFChain's CouncilMaxProposals. */
const MAX_PROPOSALS = 100;
/** TFChain's CouncilMaxMembers. */
const MAX_MEMBERS = 100;

/**
 * pallet_collective's benchmarked weights (Substrate, May 2023) as its calls declare them: for the
 * largest council and proposal count (TFChain's bounds), `b` bytes of proposal, Operational class.
 */
const operational = (refTime: number, proofSize: number, reads: number, writes: number): DispatchInfo => ({
  weight: benchmarked(refTime, proofSize, reads, writes),
  class: 'Operational',
});
const [M, Pn] = [MAX_MEMBERS, MAX_PROPOSALS];
const num = (c: unknown) => Number(String(c));
const COUNCIL_WEIGHTS = {
  setMembers: (m: number) =>
    operational(19_342_000 + 4_971_734 * m + 8_713_428 * Pn, 15861 + 1967 * m + 4332 * Pn, 2 + Pn, 2 + Pn),
  execute: (b: number) => operational(16_043_528 + 2_134 * b + 15_360 * M, 1688 + 32 * M, 1, 0),
  proposeExecute: (b: number) => operational(19_034_746 + 2_195 * b + 27_285 * M, 3668 + 32 * M, 2, 0),
  proposeProposed: (b: number) =>
    operational(27_030_097 + 4_359 * b + 31_184 * M + 202_951 * Pn, 3884 + 33 * M + 36 * Pn, 4, 4),
  vote: operational(28_725_540 + 59_611 * M, 4405 + 64 * M, 2, 1),
  // the largest of close_early_approved, close_early_disapproved, close_approved, close_disapproved
  close: (b: number) =>
    operational(48_184_286 + 3_295 * b + 34_386 * M + 218_551 * Pn, 4169 + b + 66 * M + 40 * Pn, 5, 3),
  disapprove: benchmarked(18_677_570 + 183_928 * Pn, 1844 + 32 * Pn, 1, 3),
};

/** The council's members (account ids, hex, sorted). */
export function councilMembers(ctx: Pick<CallContext, 'get'>): string[] {
  return (ctx.get(P, 'Members') as unknown as { toHex(): string }[]).map((m) => m.toHex());
}

/**
 * Sets the members (pallet_collective's change_members_sorted): votes of members who left are
 * dropped from open motions.
 */
export function changeCouncilMembers(ctx: CallContext, members: readonly string[]): void {
  const sorted = [...members].sort();
  const outgoing = councilMembers(ctx).filter((m) => !sorted.includes(m));
  if (outgoing.length) {
    for (const hash of ctx.getJson<string[]>(P, 'Proposals') ?? []) {
      const voting = ctx.getJson(P, 'Voting', hash);
      if (!voting) continue;
      const keep = (list: string[]) => list.filter((m) => !outgoing.includes(m));
      ctx.put(P, 'Voting', [hash], { ...voting, ayes: keep(voting.ayes), nays: keep(voting.nays) });
    }
  }
  ctx.put(P, 'Members', [], sorted);
  const prime = ctx.get(P, 'Prime')?.toHex();
  if (prime && !sorted.includes(prime)) ctx.remove(P, 'Prime');
}

function ensureMember(ctx: CallContext): string {
  const who = ctx.signer();
  if (!councilMembers(ctx).includes(who)) throw fail('NotMember');
  return who;
}

/** Runs an approved or member-executed call; the result as Executed events carry it. */
function run(
  ctx: CallContext,
  call: Parameters<CallContext['dispatch']>[0],
  yes: number,
  seats: number,
): unknown {
  try {
    ctx.transactional(() => ctx.dispatch(call, { council: { yes, seats } }));
    return { Ok: null };
  } catch (e) {
    return { Err: ctx.dispatchErrorOf(e) };
  }
}

function removeMotion(ctx: CallContext, hash: string): void {
  ctx.remove(P, 'ProposalOf', hash);
  ctx.remove(P, 'Voting', hash);
  ctx.put(
    P,
    'Proposals',
    [],
    (ctx.getJson<string[]>(P, 'Proposals') ?? []).filter((h) => h !== hash),
  );
}

export const COUNCIL: PalletSpec = {
  name: P,
  index: 40,
  types: {
    CollectiveVotes: {
      path: 'pallet_collective::Votes',
      fields: { index: 'u32', threshold: 'u32', ayes: 'Vec<AccountId>', nays: 'Vec<AccountId>', end: 'u32' },
    },
  },
  calls: {
    set_members: {
      index: 0,
      args: { new_members: 'Vec<AccountId>', prime: 'Option<AccountId>', old_count: 'u32' },
      weight: (a) => COUNCIL_WEIGHTS.setMembers(num(a.old_count)),
    },
    execute: {
      index: 1,
      args: { proposal: 'Box<RuntimeCall>', length_bound: 'Compact<u32>' },
      weight: (a, infoOf) => {
        const own = COUNCIL_WEIGHTS.execute(num(a.length_bound));
        return { ...own, weight: addWeights(own.weight, infoOf(a.proposal).weight) };
      },
    },
    propose: {
      index: 2,
      args: { threshold: 'Compact<u32>', proposal: 'Box<RuntimeCall>', length_bound: 'Compact<u32>' },
      weight: (a, infoOf) => {
        const b = num(a.length_bound);
        if (num(a.threshold) >= 2) return COUNCIL_WEIGHTS.proposeProposed(b);
        const own = COUNCIL_WEIGHTS.proposeExecute(b);
        return { ...own, weight: addWeights(own.weight, infoOf(a.proposal).weight) };
      },
    },
    vote: {
      index: 3,
      args: { proposal: 'H256', index: 'Compact<u32>', approve: 'bool' },
      weight: () => COUNCIL_WEIGHTS.vote,
    },
    disapprove_proposal: { index: 5, args: { proposal_hash: 'H256' }, weight: COUNCIL_WEIGHTS.disapprove },
    close: {
      index: 6,
      weight: (a) => {
        const own = COUNCIL_WEIGHTS.close(num(a.length_bound));
        const bound = a.proposal_weight_bound.toJSON() as { refTime: number; proofSize: number };
        return { ...own, weight: addWeights(own.weight, benchmarked(bound.refTime, bound.proofSize)) };
      },
      args: {
        proposal_hash: 'H256',
        index: 'Compact<u32>',
        proposal_weight_bound: 'Weight',
        length_bound: 'Compact<u32>',
      },
    },
  },
  events: {
    Proposed: { account: 'AccountId', proposal_index: 'u32', proposal_hash: 'H256', threshold: 'u32' },
    Voted: { account: 'AccountId', proposal_hash: 'H256', voted: 'bool', yes: 'u32', no: 'u32' },
    Approved: { proposal_hash: 'H256' },
    Disapproved: { proposal_hash: 'H256' },
    Executed: { proposal_hash: 'H256', result: 'Result<(),DispatchError>' },
    MemberExecuted: { proposal_hash: 'H256', result: 'Result<(),DispatchError>' },
    Closed: { proposal_hash: 'H256', yes: 'u32', no: 'u32' },
  },
  errors: `NotMember DuplicateProposal ProposalMissing WrongIndex DuplicateVote AlreadyInitialized TooEarly
TooManyProposals WrongProposalWeight WrongProposalLength`.split(/\s+/),
  storage: [
    { name: 'Proposals', type: 'Vec<H256>' },
    { name: 'ProposalOf', type: 'RuntimeCall', keys: [{ hasher: 'Identity', type: 'H256' }], optional: true },
    {
      name: 'Voting',
      type: 'CollectiveVotes',
      keys: [{ hasher: 'Identity', type: 'H256' }],
      optional: true,
    },
    { name: 'ProposalCount', type: 'u32' },
    { name: 'Members', type: 'Vec<AccountId>' },
    { name: 'Prime', type: 'AccountId', optional: true },
  ],
  constants: [
    {
      name: 'MaxProposalWeight',
      type: 'Weight',
      value: { refTime: 1_000_000_000_000, proofSize: 2_621_440 },
    },
  ],
  handlers: {
    set_members: (ctx, a) => {
      ctx.ensureRoot();
      changeCouncilMembers(
        ctx,
        (a.new_members as unknown as { toHex(): string }[]).map((m) => m.toHex()),
      );
      const prime = a.prime.toJSON() === null ? undefined : (a.prime as Json).unwrap().toHex();
      if (prime) ctx.put(P, 'Prime', [], prime);
      else ctx.remove(P, 'Prime');
    },
    execute: (ctx, a) => {
      ensureMember(ctx);
      const encoded = a.proposal.toU8a();
      if (encoded.length > Number(a.length_bound.toString())) throw fail('WrongProposalLength');
      // RawOrigin::Member(who): one member's origin is never a council approval
      const result = run(ctx, a.proposal, 0, councilMembers(ctx).length);
      ctx.emit(P, 'MemberExecuted', blake2AsHex(encoded, 256), result);
    },
    propose: (ctx, a) => {
      const who = ensureMember(ctx);
      const encoded = a.proposal.toU8a();
      if (encoded.length > Number(a.length_bound.toString())) throw fail('WrongProposalLength');
      const hash = blake2AsHex(encoded, 256);
      const threshold = Number(a.threshold.toString());
      const seats = councilMembers(ctx).length;
      if (threshold < 2) {
        ctx.emit(P, 'Executed', hash, run(ctx, a.proposal, 1, seats));
        return;
      }
      if (ctx.get(P, 'ProposalOf', hash)) throw fail('DuplicateProposal');
      const proposals = ctx.getJson<string[]>(P, 'Proposals') ?? [];
      if (proposals.length >= MAX_PROPOSALS) throw fail('TooManyProposals');
      const index = Number(ctx.get(P, 'ProposalCount')?.toString() ?? 0);
      ctx.put(P, 'Proposals', [], [...proposals, hash]);
      ctx.put(P, 'ProposalCount', [], index + 1);
      ctx.put(P, 'ProposalOf', [hash], encoded);
      const end = ctx.blockNumber + COUNCIL_MOTION_DURATION;
      ctx.put(P, 'Voting', [hash], { index, threshold, ayes: [], nays: [], end });
      ctx.emit(P, 'Proposed', who, index, hash, threshold);
    },
    vote: (ctx, a) => {
      const who = ensureMember(ctx);
      const hash = a.proposal.toHex();
      const voting = ctx.getJson(P, 'Voting', hash);
      if (!voting) throw fail('ProposalMissing');
      if (voting.index !== Number(a.index.toString())) throw fail('WrongIndex');
      const approve = a.approve.toJSON() === true;
      const [mine, other] = approve ? [voting.ayes, voting.nays] : [voting.nays, voting.ayes];
      if (mine.includes(who)) throw fail('DuplicateVote');
      mine.push(who);
      const switched = other.indexOf(who);
      if (switched >= 0) other.splice(switched, 1);
      ctx.emit(P, 'Voted', who, hash, approve, voting.ayes.length, voting.nays.length);
      ctx.put(P, 'Voting', [hash], voting);
    },
    disapprove_proposal: (ctx, a) => {
      ctx.ensureRoot();
      const hash = a.proposal_hash.toHex();
      ctx.emit(P, 'Disapproved', hash);
      removeMotion(ctx, hash);
    },
    close: (ctx, a) => {
      ctx.signer();
      const hash = a.proposal_hash.toHex();
      const voting = ctx.getJson(P, 'Voting', hash);
      if (!voting) throw fail('ProposalMissing');
      if (voting.index !== Number(a.index.toString())) throw fail('WrongIndex');
      const members = councilMembers(ctx);
      const seats = members.length;
      let yes: number = voting.ayes.length;
      let no: number = voting.nays.length;
      let approved = yes >= voting.threshold;
      const disapproved = seats - no < voting.threshold;
      if (!approved && !disapproved) {
        if (ctx.blockNumber < voting.end) throw fail('TooEarly');
        // PrimeDefaultVote: members who did not vote count as the prime voted (nay without a prime)
        const prime = ctx.get(P, 'Prime')?.toHex();
        const abstained = seats - yes - no;
        if (prime && voting.ayes.includes(prime)) yes += abstained;
        else no += abstained;
        approved = yes >= voting.threshold;
      }
      if (approved) {
        const call = ctx.get(P, 'ProposalOf', hash);
        if (!call) throw fail('ProposalMissing');
        if (call.toU8a().length > Number(a.length_bound.toString())) throw fail('WrongProposalLength');
        ctx.emit(P, 'Closed', hash, yes, no);
        ctx.emit(P, 'Approved', hash);
        ctx.emit(P, 'Executed', hash, run(ctx, call, yes, seats));
      } else {
        ctx.emit(P, 'Closed', hash, yes, no);
        ctx.emit(P, 'Disapproved', hash);
      }
      removeMotion(ctx, hash);
    },
  },
};
