/**
 * Governance planning, pure: a governance folder against the chain's view gives, per file, where
 * it stands (on chain or not, state, votes and weights, time left, whether it would pass now) and
 * what `apply` submits for the signing account: propose, vote, change a vote, veto, close. What the
 * account may not sign (a proposal from a non-council account, a vote with a farm it does not own)
 * is a refusal, found before anything is sent. TFChain's rules as in pallet dao: a vote can be
 * switched, not repeated, until the end block; the council closes once the threshold of votes is
 * met or the end has passed; it passes when the threshold is met and the yes weight is above the
 * no weight; 3 vetoes close it as disapproved.
 */
import type { FarmVote } from '../../clients/chain/dao';
import { MIN_VETOS, type GovernanceChainView, type OpenProposal } from './chain-view';
import type { GovernanceFiles, ProposalFile } from './files';

export type ProposalState = 'new' | 'open' | 'approved' | 'disapproved' | 'vetoed' | 'closed';

export interface Tally {
  readonly votes: number;
  readonly weight: number;
}

export interface ProposalRow {
  readonly kind: 'proposal';
  readonly file: string;
  readonly name: string;
  readonly hash: string;
  /** made on chain (open now, or closed with a record of it) */
  readonly onChain: boolean;
  readonly state: ProposalState;
  readonly index?: number;
  readonly yes: Tally;
  readonly no: Tally;
  readonly threshold: number;
  readonly endBlock?: number;
  readonly blocksLeft?: number;
  readonly secondsLeft?: number;
  /** closing now would approve it */
  readonly wouldPass: boolean;
  readonly vetoes: number;
  /** what apply submits for this file, e.g. ['propose'] */
  readonly apply: readonly string[];
  /** what others must do, and differences from the chain */
  readonly notes: readonly string[];
}

export interface VoteRow {
  readonly kind: 'vote';
  readonly file: string;
  readonly farmId: number;
  /** the proposal as the file names it */
  readonly proposal: string;
  readonly hash?: string;
  readonly vote: 'yes' | 'no';
  /** the farm's vote on chain now */
  readonly onChain: 'yes' | 'no' | 'none';
  /** the proposal's state */
  readonly state: ProposalState | 'unknown';
  readonly weight?: number;
  readonly apply: readonly string[];
  readonly notes: readonly string[];
}

export type GovernanceAction =
  | { readonly op: 'propose'; readonly file: string; readonly hash: string; readonly proposal: ProposalFile }
  | {
      readonly op: 'vote';
      readonly file: string;
      readonly farmId: number;
      readonly hash: string;
      readonly approve: boolean;
      /** switches an earlier vote */
      readonly change: boolean;
    }
  | { readonly op: 'veto'; readonly file: string; readonly hash: string; readonly closes: boolean }
  | {
      readonly op: 'close';
      readonly file: string;
      readonly hash: string;
      readonly index: number;
      readonly outcome: 'approved' | 'disapproved';
    };

export interface Refusal {
  readonly file: string;
  readonly message: string;
}

export interface GovernancePlan {
  readonly block: number;
  readonly account: { readonly address: string; readonly twinId?: number; readonly council: boolean };
  readonly rows: readonly (ProposalRow | VoteRow)[];
  /** in submission order: proposals, votes, vetoes, closes */
  readonly actions: readonly GovernanceAction[];
  readonly refusals: readonly Refusal[];
}

export interface PlanOptions {
  /** the files apply may act on (the others are shown only). @default every file */
  readonly inScope?: (file: string) => boolean;
}

const weightOf = (list: readonly FarmVote[]) => list.reduce((s, v) => s + v.weight, 0);
const tally = (list: readonly FarmVote[]): Tally => ({ votes: list.length, weight: weightOf(list) });

/** TFChain's close rule: the threshold of votes is met and the yes weight is above the no weight. */
export function wouldPass(p: Pick<OpenProposal, 'threshold' | 'ayes' | 'nays'>): boolean {
  return p.ayes.length + p.nays.length >= p.threshold && weightOf(p.ayes) > weightOf(p.nays);
}

/** A proposal's votes after a farm's vote (switched votes move). */
function withVote(p: OpenProposal, farmId: number, approve: boolean, weight: number): OpenProposal {
  const ayes = p.ayes.filter((v) => v.farmId !== farmId);
  const nays = p.nays.filter((v) => v.farmId !== farmId);
  (approve ? ayes : nays).push({ farmId, weight });
  return { ...p, ayes, nays };
}

export function planGovernance(
  files: GovernanceFiles,
  view: GovernanceChainView,
  options: PlanOptions = {},
): GovernancePlan {
  const inScope = options.inScope ?? (() => true);
  const me = view.account;
  const isCouncil = view.council.some((m) => m.address === me.address);
  const councilTwins = view.council.map((m) => (m.twinId !== undefined ? `twin ${m.twinId}` : m.address));
  const refusals: Refusal[] = [];
  const refuse = (file: string, message: string) => {
    if (!refusals.some((r) => r.file === file && r.message === message)) refusals.push({ file, message });
  };
  const proposes: GovernanceAction[] = [];
  const votes: GovernanceAction[] = [];
  const later: GovernanceAction[] = [];
  const rows: (ProposalRow | VoteRow)[] = [];
  const whoAmI = `account ${me.address}${me.twinId !== undefined ? ` (twin ${me.twinId})` : ''}`;

  // proposals that this apply makes, and the chain state after this apply's votes
  const proposing = new Set<string>();
  for (const p of files.proposals) {
    const hash = view.hashes.get(p.name)!;
    if (view.proposals.has(hash) || view.records.has(hash) || !inScope(p.file)) continue;
    if (isCouncil) proposing.add(hash);
    else
      refuse(
        p.file,
        `${whoAmI} is not a council member and only the council proposes: apply it with a council member's account (${councilTwins.join(', ') || 'the council is empty'}), or leave the file out with --only`,
      );
  }
  const after = new Map(view.proposals);
  const nameOf = new Map(files.proposals.map((p) => [view.hashes.get(p.name)!, p.name]));
  const stateOf = (hash: string | undefined): ProposalState | 'unknown' => {
    if (hash === undefined) return 'unknown';
    if (view.proposals.has(hash)) return 'open';
    const r = view.records.get(hash);
    if (r) return r.state === 'open' ? 'closed' : r.state;
    return nameOf.has(hash) ? 'new' : 'unknown';
  };

  for (const v of files.votes) {
    const farm = view.farms.get(v.farmId);
    for (const entry of v.votes) {
      const ref = 'name' in entry.proposal ? entry.proposal.name : entry.proposal.hash;
      const hash = 'name' in entry.proposal ? view.hashes.get(entry.proposal.name) : entry.proposal.hash;
      const open = hash !== undefined ? view.proposals.get(hash) : undefined;
      const current = open?.ayes.some((x) => x.farmId === v.farmId)
        ? 'yes'
        : open?.nays.some((x) => x.farmId === v.farmId)
          ? 'no'
          : 'none';
      const wanted = entry.approve ? 'yes' : 'no';
      const apply: string[] = [];
      const notes: string[] = [];
      const state = stateOf(hash);
      const submittable = (open !== undefined && view.block <= open.end) || proposing.has(hash ?? '');
      if (current === wanted) {
        // nothing to do
      } else if (open && view.block > open.end) {
        notes.push(`voting ended at block ${open.end}`);
      } else if (!submittable) {
        if (state === 'new') notes.push('waiting for a council member to propose it');
        else if (state === 'unknown') notes.push('no open proposal with this hash on chain');
      } else if (inScope(v.file)) {
        if (!farm) {
          refuse(v.file, `farm ${v.farmId} does not exist on this chain: fix 'farm'`);
          apply.push(`vote ${wanted}: refused`);
        } else if (farm.ownerTwin !== me.twinId) {
          refuse(
            v.file,
            `farm ${v.farmId} is owned by twin ${farm.ownerTwin}, not by ${whoAmI}: apply this file with twin ${farm.ownerTwin}'s account, or leave it out with --only`,
          );
          apply.push(`vote ${wanted}: refused, needs twin ${farm.ownerTwin}`);
        } else if (farm.weight === 0) {
          refuse(
            v.file,
            `farm ${v.farmId} has no nodes, so it has no vote weight and the chain refuses its vote: add a node first`,
          );
          apply.push(`vote ${wanted}: refused`);
        } else {
          const change = current !== 'none';
          votes.push({
            op: 'vote',
            file: v.file,
            farmId: v.farmId,
            hash: hash!,
            approve: entry.approve,
            change,
          });
          apply.push(change ? `change vote to ${wanted}` : `vote ${wanted}`);
          const base = after.get(hash!);
          if (base) after.set(hash!, withVote(base, v.farmId, entry.approve, farm.weight));
        }
      }
      rows.push({
        kind: 'vote',
        file: v.file,
        farmId: v.farmId,
        proposal: ref,
        ...(hash !== undefined ? { hash } : {}),
        vote: wanted,
        onChain: current,
        state,
        ...(farm ? { weight: farm.weight } : {}),
        apply,
        notes,
      });
    }
  }

  for (const p of files.proposals) {
    const hash = view.hashes.get(p.name)!;
    const open = view.proposals.get(hash);
    const apply: string[] = [];
    const notes: string[] = [];
    if (proposing.has(hash)) {
      proposes.push({ op: 'propose', file: p.file, hash, proposal: p });
      apply.push('propose');
    } else if (!open && !view.records.has(hash) && !isCouncil && inScope(p.file)) {
      apply.push('propose: refused, needs a council member');
    }
    let vetoes = 0;
    if (open) {
      if (open.description !== p.description)
        notes.push('on chain with another description (a proposal cannot be changed)');
      if (open.link !== p.link) notes.push(`on chain with link ${open.link} (a proposal cannot be changed)`);
      if (open.threshold !== p.threshold)
        notes.push(`on chain with threshold ${open.threshold} (a proposal cannot be changed)`);
      const vetoed = new Set(open.vetos);
      vetoes = vetoed.size;
      let closedByVeto = false;
      for (const twin of p.vetoes) {
        const member = view.council.find((m) => m.twinId === twin);
        if (!member) notes.push(`twin ${twin} is not a council member: its veto does not count`);
        else if (vetoed.has(member.address)) continue;
        else if (twin === me.twinId && inScope(p.file)) {
          vetoes++;
          closedByVeto = vetoes >= MIN_VETOS;
          later.push({ op: 'veto', file: p.file, hash, closes: closedByVeto });
          apply.push(closedByVeto ? 'veto (closes it as vetoed)' : 'veto');
        } else notes.push(`waiting for twin ${twin} to veto`);
      }
      const sim = after.get(hash)!;
      const closable = sim.ayes.length + sim.nays.length >= sim.threshold || view.block >= sim.end;
      if (closable && !closedByVeto) {
        if (isCouncil && inScope(p.file)) {
          const outcome = wouldPass(sim) ? 'approved' : 'disapproved';
          later.push({ op: 'close', file: p.file, hash, index: open.index, outcome });
          apply.push(`close (${outcome})`);
        } else notes.push('a council member can close it now');
      }
    }
    const blocksLeft = open ? Math.max(0, open.end - view.block) : undefined;
    rows.push({
      kind: 'proposal',
      file: p.file,
      name: p.name,
      hash,
      onChain: open !== undefined || view.records.has(hash),
      state: stateOf(hash) as ProposalState,
      ...(open
        ? { index: open.index, endBlock: open.end, blocksLeft, secondsLeft: blocksLeft! * view.blockSeconds }
        : {}),
      yes: tally(open?.ayes ?? []),
      no: tally(open?.nays ?? []),
      threshold: open?.threshold ?? p.threshold,
      wouldPass: open ? wouldPass(open) : false,
      vetoes,
      apply,
      notes,
    });
  }
  rows.sort((a, b) => a.file.localeCompare(b.file));
  return {
    block: view.block,
    account: { ...me, council: isCouncil },
    rows,
    actions: [
      ...proposes,
      ...votes,
      ...later.filter((a) => a.op === 'veto'),
      ...later.filter((a) => a.op === 'close'),
    ],
    refusals,
  };
}
