/**
 * The DAO (pallet dao): council members propose a call, farmers vote with their farm's weight, the
 * council vetoes or closes; an approved proposal's call runs as Root.
 */
import type { ApiPromise } from '@polkadot/api';
import type { Call, DispatchError } from '@polkadot/types/interfaces';
import type { Null, Result } from '@polkadot/types-codec';
import { blake2AsHex } from '@polkadot/util-crypto';
import { bytesArg, plainCall, run, type ChainCall } from './chain-call';
import { checkId } from './contract-data';
import { num, obj, text } from './decode';
import { dispatchErrorFacts, type ChainContext, type ChainEvent, type Extrinsic } from './submit';

/** Longest voting period TFChain allows, in blocks (30 days of 6 s blocks; the duration must be below it). */
export const MAX_PROPOSAL_DURATION_BLOCKS = 30 * 14_400;

/** An action to propose, named as in @polkadot/api: `{pallet: 'tftPriceModule', call: 'setPrices', args: [20, 1]}`. */
export interface ActionSpec {
  readonly pallet: string;
  readonly call: string;
  readonly args: readonly unknown[];
}

export interface FarmVote {
  readonly farmId: number;
  /** the farm's vote weight (sum over its nodes of 2 * CU + SU) */
  readonly weight: number;
}

export interface Proposal {
  /** blake2-256 of the encoded action call, 0x-hex */
  readonly hash: string;
  readonly index: number;
  readonly description: string;
  readonly link: string;
  /** votes (farms) needed before the council may close it early */
  readonly threshold: number;
  readonly ayes: readonly FarmVote[];
  readonly nays: readonly FarmVote[];
  /** SS58 addresses of the council members who vetoed */
  readonly vetos: readonly string[];
  /** block number when voting ends */
  readonly end: number;
  /** the proposed call, decoded (undefined if the chain no longer holds it) */
  readonly action?: { readonly section: string; readonly method: string; readonly args: unknown };
  /** 'voting' until the threshold is met or the end is reached; then 'closable' by the council */
  readonly state: 'voting' | 'closable';
  /** whether closing now would approve it: threshold met and yes weight > no weight */
  readonly wouldPass: boolean;
}

export interface CloseOutcome {
  readonly approved: boolean;
  /** for an approved proposal: whether its action ran, and its error when it did not */
  readonly executed?: { readonly ok: boolean; readonly error?: string };
}

/** The extrinsic for an action spec; throws naming the unknown pallet or call. */
export function actionCall(api: ApiPromise, action: ActionSpec): Extrinsic {
  const pallet = api.tx[action.pallet];
  if (!pallet)
    throw new Error(
      `DAO action pallet '${action.pallet}' does not exist on this chain: use the camelCase name (e.g. tftPriceModule)`,
    );
  const fn = pallet[action.call];
  if (!fn)
    throw new Error(
      `DAO action call '${action.pallet}.${action.call}' does not exist on this chain: use the camelCase call name (e.g. setPrices)`,
    );
  return fn(...action.args);
}

/** The proposal hash of an action: blake2-256 of the encoded call. */
export function proposalHashOf(action: Extrinsic | Call): string {
  const call = 'method' in action && typeof action.method !== 'string' ? action.method : (action as Call);
  return blake2AsHex(call.toU8a(), 256);
}

/** Pure: a proposal's state and prospects from its votes, at block `now`. */
export function proposalProspect(
  v: { threshold: number; ayes: readonly FarmVote[]; nays: readonly FarmVote[]; end: number },
  now: number,
): Pick<Proposal, 'state' | 'wouldPass'> {
  const thresholdMet = v.ayes.length + v.nays.length >= v.threshold;
  const weight = (list: readonly FarmVote[]) => list.reduce((s, x) => s + x.weight, 0);
  return {
    state: thresholdMet || now >= v.end ? 'closable' : 'voting',
    wouldPass: thresholdMet && weight(v.ayes) > weight(v.nays),
  };
}

export interface ProposeArgs {
  readonly threshold: number;
  readonly action: Extrinsic;
  readonly description: string;
  readonly link: string;
  /** voting period in blocks. @default the chain's (7 days) */
  readonly durationBlocks?: number;
}

export function proposeCall(api: ApiPromise, p: ProposeArgs): ChainCall<{ hash: string; index: number }> {
  if (!Number.isInteger(p.threshold) || p.threshold < 1)
    throw new Error(
      `threshold ${p.threshold} is not valid: give the number of farm votes needed (1 or more)`,
    );
  if (
    p.durationBlocks !== undefined &&
    (!Number.isInteger(p.durationBlocks) ||
      p.durationBlocks < 1 ||
      p.durationBlocks >= MAX_PROPOSAL_DURATION_BLOCKS)
  ) {
    throw new Error(
      `durationBlocks ${p.durationBlocks} is not valid: give 1..${MAX_PROPOSAL_DURATION_BLOCKS - 1} blocks (under 30 days)`,
    );
  }
  const hash = proposalHashOf(p.action);
  return {
    tx: api.tx.dao.propose(
      p.threshold,
      p.action,
      bytesArg(p.description),
      bytesArg(p.link),
      p.durationBlocks ?? null,
    ),
    result: async (events: readonly ChainEvent[]) => {
      const ev = events.find((e) => e.section === 'dao' && e.method === 'Proposed');
      return { hash: ev ? String(ev.data[2]) : hash, index: ev ? num(ev.data[1]) : -1 };
    },
  };
}

export function voteCall(
  api: ApiPromise,
  farmId: number,
  proposalHash: string,
  approve: boolean,
): ChainCall<void> {
  return plainCall(api.tx.dao.vote(checkId('farm id', farmId), proposalHash, approve));
}

export function vetoCall(api: ApiPromise, proposalHash: string): ChainCall<void> {
  return plainCall(api.tx.dao.veto(proposalHash));
}

/** The name of the error an executed proposal's call ended in ('BadOrigin', 'tfgridModule.FarmNotExists'), or undefined when it succeeded. */
function executedError(api: ApiPromise, result: unknown): string | undefined {
  const r = api.registry.createType('DispatchResult', result) as Result<Null, DispatchError>;
  if (!r.isErr) return undefined;
  const facts = dispatchErrorFacts(api, r.asErr, 'dao.close');
  return facts.pallet ? `${facts.pallet}.${facts.error}` : facts.error;
}

export function closeCall(
  api: ApiPromise,
  proposalHash: string,
  proposalIndex: number,
): ChainCall<CloseOutcome> {
  return {
    tx: api.tx.dao.close(proposalHash, checkId('proposal index', proposalIndex)),
    result: async (events, chainApi) => {
      // in a batch of several closes, each reads the events of its own proposal (their first field is its hash)
      const dao = events.filter(
        (e) => e.section === 'dao' && String(e.data[0]).toLowerCase() === proposalHash.toLowerCase(),
      );
      const approved = dao.some((e) => e.method === 'Approved');
      const executed = dao.find((e) => e.method === 'Executed');
      if (!executed) return { approved };
      const error = executedError(chainApi, executed.data[1]);
      return { approved, executed: error === undefined ? { ok: true } : { ok: false, error } };
    },
  };
}

/** Proposes an action (council members only); returns its hash and index. */
export async function propose(ctx: ChainContext, p: ProposeArgs): Promise<{ hash: string; index: number }> {
  return run(ctx, proposeCall(ctx.api, p));
}

/** Votes with a farm the signer owns. */
export async function vote(
  ctx: ChainContext,
  farmId: number,
  proposalHash: string,
  approve: boolean,
): Promise<void> {
  return run(ctx, voteCall(ctx.api, farmId, proposalHash, approve));
}

/** Vetoes a proposal (council members only). */
export async function veto(ctx: ChainContext, proposalHash: string): Promise<void> {
  return run(ctx, vetoCall(ctx.api, proposalHash));
}

/** Closes a proposal (council members only); an approved one's action runs as Root. */
export async function close(
  ctx: ChainContext,
  proposalHash: string,
  proposalIndex: number,
): Promise<CloseOutcome> {
  return run(ctx, closeCall(ctx.api, proposalHash, proposalIndex));
}

const votes = (list: unknown): FarmVote[] =>
  ((list as unknown[]) ?? []).map((v) => ({ farmId: num(obj(v).farmId), weight: num(obj(v).weight) }));

/** What the chain stores of an open proposal, without its call. */
export type ProposalVotes = Omit<Proposal, 'action' | 'state' | 'wouldPass'>;

/** The hashes of the open proposals, in the chain's order. */
export async function openProposalHashes(api: ApiPromise): Promise<string[]> {
  return ((await api.query.dao.proposalList()).toJSON() as string[]) ?? [];
}

/** An open proposal's text and votes (undefined when it was removed since the hash was listed). */
export async function readProposalVotes(api: ApiPromise, hash: string): Promise<ProposalVotes | undefined> {
  const [proposal, voting] = await Promise.all([api.query.dao.proposals(hash), api.query.dao.voting(hash)]);
  const p = obj(proposal.toJSON());
  const v = obj(voting.toJSON());
  if (v.index === undefined) return undefined;
  return {
    hash,
    index: num(v.index),
    description: text(p.description),
    link: text(p.link),
    threshold: num(v.threshold),
    ayes: votes(v.ayes),
    nays: votes(v.nays),
    vetos: ((v.vetos as unknown[]) ?? []).map(String),
    end: num(v.end),
  };
}

/** The open proposals with their votes and state, in the chain's order. */
export async function listProposals(api: ApiPromise): Promise<Proposal[]> {
  const hashes = await openProposalHashes(api);
  const now = num((await api.query.system.number()).toJSON());
  const out: Proposal[] = [];
  for (const hash of hashes) {
    const [base, callOpt] = await Promise.all([readProposalVotes(api, hash), api.query.dao.proposalOf(hash)]);
    if (!base) continue; // removed between the list read and now
    const call = (callOpt as unknown as { isSome: boolean; unwrap(): Call }).isSome
      ? (callOpt as unknown as { unwrap(): Call }).unwrap()
      : undefined;
    out.push({
      ...base,
      ...(call
        ? { action: { section: call.section, method: call.method, args: obj(call.toJSON()).args } }
        : {}),
      ...proposalProspect(base, now),
    });
  }
  return out;
}
