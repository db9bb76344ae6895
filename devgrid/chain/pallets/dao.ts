/**
 * Dao (index 43): council members propose calls, farmers vote with their farm's weight, the
 * council vetoes or closes; an approved proposal's call is dispatched as Root.
 */
import { blake2AsHex } from '@polkadot/util-crypto';
import type { CallContext, PalletSpec } from '../pallet';
import { moduleError } from '../pallet';
import { benchmarked } from '../runtime/weights';

const P = 'Dao';
const fail = (error: string) => moduleError(P, error);
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Blocks per day at 6 s. */
const DAY = 14_400;
/** Default voting period (TFChain's MotionDuration) and the bound on a given one. */
export const MOTION_DURATION = 7 * DAY;
const MAX_DURATION = 30 * DAY;
/** Vetoes that close a proposal as disapproved. */
export const MIN_VETOS = 3;

function ensureCouncil(ctx: CallContext): string {
  const who = ctx.signer();
  const members = (ctx.get('CouncilMembership', 'Members') as unknown as { toHex(): string }[]).map((m) =>
    m.toHex(),
  );
  if (!members.includes(who)) throw fail('NotCouncilMember');
  return who;
}

function removeProposal(ctx: CallContext, hash: string): void {
  ctx.remove(P, 'ProposalOf', hash);
  ctx.remove(P, 'Voting', hash);
  ctx.remove(P, 'Proposals', hash);
  const list = (ctx.getJson<string[]>(P, 'ProposalList') ?? []).filter((h) => h !== hash);
  ctx.put(P, 'ProposalList', [], list);
}

function votingOf(ctx: CallContext, hash: string): Json {
  const proposal = ctx.getJson(P, 'Proposals', hash);
  const voting = ctx.getJson(P, 'Voting', hash);
  if (!proposal || !voting) throw fail('ProposalMissing');
  if (proposal.index !== voting.index) throw fail('WrongIndex');
  return voting;
}

export const DAO: PalletSpec = {
  name: P,
  index: 43,
  types: {
    DaoProposal: {
      path: 'pallet_dao::proposal::DaoProposal',
      fields: { index: 'u32', description: 'Bytes', link: 'Bytes' },
    },
    VoteWeight: { path: 'pallet_dao::proposal::VoteWeight', fields: { farm_id: 'u32', weight: 'u64' } },
    DaoVotes: {
      path: 'pallet_dao::proposal::DaoVotes',
      fields: {
        index: 'u32',
        threshold: 'u32',
        ayes: 'Vec<VoteWeight>',
        nays: 'Vec<VoteWeight>',
        end: 'u32',
        vetos: 'Vec<AccountId>',
      },
    },
  },
  calls: {
    propose: {
      index: 0,
      weight: benchmarked(61_897_000, 4687, 4, 5),
      class: 'Operational',
      args: {
        threshold: 'Compact<u32>',
        action: 'Box<RuntimeCall>',
        description: 'Bytes',
        link: 'Bytes',
        duration: 'Option<u32>',
      },
    },
    vote: {
      index: 1,
      args: { farm_id: 'u32', proposal_hash: 'H256', approve: 'bool' },
      weight: benchmarked(35_647_000, 4444, 5, 1),
      class: 'Operational',
    },
    veto: {
      index: 2,
      args: { proposal_hash: 'H256' },
      weight: benchmarked(25_618_000, 4687, 3, 1),
      class: 'Operational',
    },
    close: {
      index: 3,
      args: { proposal_hash: 'H256', proposal_index: 'Compact<u32>' },
      weight: benchmarked(34_786_000, 4687, 3, 4),
      class: 'Operational',
    },
  },
  events: {
    Voted: { account: 'AccountId', proposal_hash: 'H256', voted: 'bool', yes: 'u32', no: 'u32' },
    Proposed: { account: 'AccountId', proposal_index: 'u32', proposal_hash: 'H256', threshold: 'u32' },
    Approved: { proposal_hash: 'H256' },
    Disapproved: { proposal_hash: 'H256' },
    Executed: { proposal_hash: 'H256', result: 'Result<(),DispatchError>' },
    Closed: { proposal_hash: 'H256', yes: 'u32', yes_weight: 'u64', no: 'u32', no_weight: 'u64' },
    ClosedByCouncil: { proposal_hash: 'H256', vetos: 'Vec<AccountId>' },
    CouncilMemberVeto: { proposal_hash: 'H256', who: 'AccountId' },
  },
  errors: `NoneValue StorageOverflow FarmNotExists NotCouncilMember WrongProposalLength DuplicateProposal
NotAuthorizedToVote ProposalMissing WrongIndex DuplicateVote DuplicateVeto WrongProposalWeight TooEarly
TimeLimitReached OngoingVoteAndTresholdStillNotMet FarmHasNoNodes InvalidProposalDuration`.split(/\s+/),
  storage: [
    { name: 'ProposalList', type: 'Vec<H256>' },
    { name: 'Proposals', type: 'DaoProposal', keys: [{ hasher: 'Identity', type: 'H256' }], optional: true },
    { name: 'ProposalOf', type: 'RuntimeCall', keys: [{ hasher: 'Identity', type: 'H256' }], optional: true },
    { name: 'Voting', type: 'DaoVotes', keys: [{ hasher: 'Identity', type: 'H256' }], optional: true },
    { name: 'ProposalCount', type: 'u32' },
    { name: 'FarmWeight', type: 'u64', keys: [{ hasher: 'Identity', type: 'u32' }] },
  ],
  constants: [{ name: 'MotionDuration', type: 'u32', value: MOTION_DURATION }],
  handlers: {
    propose: (ctx, a) => {
      const who = ensureCouncil(ctx);
      const encoded = a.action.toU8a();
      const hash = blake2AsHex(encoded, 256);
      if (ctx.get(P, 'ProposalOf', hash)) throw fail('DuplicateProposal');
      const duration = a.duration.toJSON() as number | null;
      if (duration !== null && duration >= MAX_DURATION) throw fail('InvalidProposalDuration');
      const index = Number(ctx.get(P, 'ProposalCount')?.toString() ?? 0);
      const threshold = Number(a.threshold.toString());
      ctx.put(P, 'ProposalCount', [], index + 1);
      ctx.put(P, 'ProposalOf', [hash], encoded);
      ctx.put(P, 'Proposals', [hash], { index, description: a.description.toHex(), link: a.link.toHex() });
      const end = ctx.blockNumber + (duration ?? MOTION_DURATION);
      ctx.put(P, 'Voting', [hash], { index, threshold, ayes: [], nays: [], end, vetos: [] });
      ctx.put(P, 'ProposalList', [], [...(ctx.getJson<string[]>(P, 'ProposalList') ?? []), hash]);
      ctx.emit(P, 'Proposed', who, index, hash, threshold);
    },
    vote: (ctx, a) => {
      const who = ctx.signer();
      const farmId = Number(a.farm_id.toString());
      const farm = ctx.getJson('TfgridModule', 'Farms', farmId);
      const twin = farm ? (ctx.get('TfgridModule', 'Twins', farm.twinId) as Json) : undefined;
      const owner = twin ? twin.accountId.toHex() : undefined;
      if (owner !== who) throw fail('NotAuthorizedToVote');
      const hash = a.proposal_hash.toHex();
      const voting = votingOf(ctx, hash);
      if (ctx.blockNumber > voting.end) throw fail('TimeLimitReached');
      const approve = a.approve.toJSON() === true;
      const [mine, other] = approve ? [voting.ayes, voting.nays] : [voting.nays, voting.ayes];
      if (mine.some((v: Json) => v.farmId === farmId)) throw fail('DuplicateVote');
      const weight = BigInt(ctx.get(P, 'FarmWeight', farmId)?.toString() ?? '0');
      if (weight === 0n) throw fail('FarmHasNoNodes');
      mine.push({ farmId, weight });
      const switched = other.findIndex((v: Json) => v.farmId === farmId);
      if (switched >= 0) other.splice(switched, 1);
      ctx.emit(P, 'Voted', who, hash, approve, voting.ayes.length, voting.nays.length);
      ctx.put(P, 'Voting', [hash], voting);
    },
    veto: (ctx, a) => {
      const who = ensureCouncil(ctx);
      const hash = a.proposal_hash.toHex();
      const voting = votingOf(ctx, hash);
      const vetos = (ctx.get(P, 'Voting', hash) as Json).vetos.map((v: { toHex(): string }) =>
        v.toHex(),
      ) as string[];
      if (vetos.includes(who)) throw fail('DuplicateVeto');
      vetos.push(who);
      ctx.emit(P, 'CouncilMemberVeto', hash, who);
      if (vetos.length >= MIN_VETOS) {
        ctx.emit(P, 'ClosedByCouncil', hash, vetos);
        ctx.emit(P, 'Disapproved', hash);
        removeProposal(ctx, hash);
        return;
      }
      ctx.put(P, 'Voting', [hash], { ...voting, vetos });
    },
    close: (ctx, a) => {
      ensureCouncil(ctx);
      const hash = a.proposal_hash.toHex();
      const voting = ctx.getJson(P, 'Voting', hash);
      if (!voting) throw fail('ProposalMissing');
      if (voting.index !== Number(a.proposal_index.toString())) throw fail('WrongIndex');
      const yes = voting.ayes.length;
      const no = voting.nays.length;
      const thresholdMet = yes + no >= voting.threshold;
      const expired = ctx.blockNumber >= voting.end;
      if (!thresholdMet && !expired) throw fail('OngoingVoteAndTresholdStillNotMet');
      const sum = (list: Json[]) => list.reduce((s: bigint, v: Json) => s + BigInt(v.weight), 0n);
      const yesWeight = sum(voting.ayes);
      const noWeight = sum(voting.nays);
      ctx.emit(P, 'Closed', hash, yes, yesWeight, no, noWeight);
      if (thresholdMet && yesWeight > noWeight) {
        const call = ctx.get(P, 'ProposalOf', hash);
        if (!call) throw fail('ProposalMissing');
        ctx.emit(P, 'Approved', hash);
        let result: unknown = { Ok: null };
        try {
          ctx.transactional(() => ctx.dispatch(call, { root: true }));
        } catch (e) {
          result = { Err: ctx.dispatchErrorOf(e) };
        }
        ctx.emit(P, 'Executed', hash, result);
      } else {
        ctx.emit(P, 'Disapproved', hash);
      }
      removeProposal(ctx, hash);
    },
  },
};
