/**
 * The I/O of governance as code: reads the chain's view for a folder (open proposals, council,
 * farms, state records) and submits a plan's actions in one atomic `utility.batchAll`. A proposal's
 * state is recorded in the signing council member's TFKVStore (`tfgrid-iac/dao/<hash>`) in the same
 * batch that proposes, vetoes it closed or closes it, because TFChain forgets a proposal once
 * closed; when the chain's outcome differs from the one planned (a vote landed in between), the
 * record is corrected right after.
 */
import type { ApiPromise } from '@polkadot/api';
import {
  actionCall,
  closeCall,
  openProposalHashes,
  proposalHashOf,
  proposeCall,
  readProposalVotes,
  vetoCall,
  voteCall,
} from '../../clients/chain/dao';
import { num } from '../../clients/chain/decode';
import { getFarm } from '../../clients/chain/grid';
import { kvEntries, kvSetCall } from '../../clients/chain/kv-store';
import { batchAll, type ChainCall } from '../../clients/chain/chain-call';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import type { ChainContext } from '../../clients/chain/submit';
import { twinIdOf } from '../../clients/chain/twins';
import {
  PROPOSAL_RECORD_PREFIX,
  proposalRecordKey,
  type FarmFacts,
  type GovernanceChainView,
  type Member,
  type OpenProposal,
  type ProposalRecord,
  type RecordedState,
} from './chain-view';
import type { GovernanceFiles } from './files';
import type { GovernanceAction, GovernancePlan } from './planner';
import { GovernanceFileError, type FileProblem } from './yaml-source';

/** An address in the keyring's default SS58 format (how the signing account's address reads). */
const ss58 = (address: string): string => encodeAddress(decodeAddress(address));

const STATES: readonly RecordedState[] = ['open', 'approved', 'disapproved', 'vetoed'];

function parseRecord(value: string): ProposalRecord | undefined {
  try {
    const r = JSON.parse(value) as ProposalRecord;
    return STATES.includes(r.state) && Number.isInteger(r.block) ? r : undefined;
  } catch {
    return undefined;
  }
}

async function openProposals(api: ApiPromise): Promise<Map<string, OpenProposal>> {
  const out = new Map<string, OpenProposal>();
  for (const hash of await openProposalHashes(api)) {
    const p = await readProposalVotes(api, hash);
    // council members' addresses as the signing account's reads (the keyring's default format)
    if (p) out.set(hash, { ...p, vetos: p.vetos.map(ss58) });
  }
  return out;
}

/**
 * The proposal files' hashes (blake2-256 of each action encoded with this chain's metadata); an
 * action this chain does not have is a problem at its file's `action`.
 */
function proposalHashes(
  api: ApiPromise,
  files: GovernanceFiles,
  display: (f: string) => string,
): Map<string, string> {
  const hashes = new Map<string, string>();
  const problems: FileProblem[] = [];
  for (const p of files.proposals) {
    try {
      hashes.set(p.name, proposalHashOf(actionCall(api, p.action)));
    } catch (e) {
      problems.push({
        file: display(p.file),
        line: 1,
        col: 1,
        message: `proposal 'action': ${(e as Error).message}`,
      });
    }
  }
  if (problems.length > 0) throw new GovernanceFileError(problems);
  return hashes;
}

/** Reads what planning the folder needs, for the account `address`. */
export async function readChainView(
  api: ApiPromise,
  address: string,
  files: GovernanceFiles,
  display: (file: string) => string = (f) => f,
): Promise<GovernanceChainView> {
  const hashes = proposalHashes(api, files, display);
  const member = async (a: string): Promise<Member> => {
    const twinId = await twinIdOf(api, a);
    return { address: a, ...(twinId !== undefined ? { twinId } : {}) };
  };
  const councilAddresses = (
    (await api.query.councilMembership.members()) as unknown as { toString(): string }[]
  ).map((m) => ss58(m.toString()));
  const [block, account, council, proposals] = await Promise.all([
    api.query.system.number().then((n) => num(n.toJSON())),
    member(ss58(address)),
    Promise.all(councilAddresses.map(member)),
    openProposals(api),
  ]);
  const records = new Map<string, ProposalRecord>();
  for (const m of council) {
    for (const [key, value] of await kvEntries(api, m.address, PROPOSAL_RECORD_PREFIX)) {
      const hash = key.slice(PROPOSAL_RECORD_PREFIX.length);
      const r = parseRecord(value);
      const known = records.get(hash);
      if (r && (!known || r.block > known.block)) records.set(hash, r);
    }
  }
  const farms = new Map<number, FarmFacts>();
  for (const v of files.votes) {
    const farm = await getFarm(api, v.farmId);
    if (!farm) continue;
    const weight = num((await api.query.dao.farmWeight(v.farmId)).toJSON());
    farms.set(v.farmId, { ownerTwin: farm.twinId, weight });
  }
  const minimumPeriodMs = Number(api.consts.timestamp?.minimumPeriod?.toString() ?? 3000);
  return {
    block,
    blockSeconds: (2 * minimumPeriodMs) / 1000,
    account,
    council,
    farms,
    proposals,
    records,
    hashes,
  };
}

function record(api: ApiPromise, hash: string, state: RecordedState, block: number): ChainCall<void> {
  return kvSetCall(api, proposalRecordKey(hash), JSON.stringify({ state, block }));
}

function callsOf(api: ApiPromise, a: GovernanceAction, block: number): ChainCall<unknown>[] {
  switch (a.op) {
    case 'propose':
      return [
        proposeCall(api, {
          threshold: a.proposal.threshold,
          action: actionCall(api, a.proposal.action),
          description: a.proposal.description,
          link: a.proposal.link,
          ...(a.proposal.durationBlocks !== undefined ? { durationBlocks: a.proposal.durationBlocks } : {}),
        }),
        record(api, a.hash, 'open', block),
      ];
    case 'vote':
      return [voteCall(api, a.farmId, a.hash, a.approve)];
    case 'veto':
      return a.closes
        ? [vetoCall(api, a.hash), record(api, a.hash, 'vetoed', block)]
        : [vetoCall(api, a.hash)];
    case 'close':
      return [closeCall(api, a.hash, a.index), record(api, a.hash, a.outcome, block)];
  }
}

export interface GovernanceApplyResult {
  /** extrinsics sent (0 when the plan had no action) */
  readonly extrinsics: number;
  /** each closed proposal's outcome, by hash, and whether its action ran */
  readonly closed: readonly { hash: string; approved: boolean; executed?: { ok: boolean; error?: string } }[];
}

/** Submits the plan's actions in one batch (nothing when there is none). Refusals must be empty. */
export async function applyGovernance(
  ctx: ChainContext,
  plan: GovernancePlan,
): Promise<GovernanceApplyResult> {
  if (plan.refusals.length > 0) throw new Error('the plan has refusals: nothing is sent');
  if (plan.actions.length === 0) return { extrinsics: 0, closed: [] };
  const groups = plan.actions.map((a) => callsOf(ctx.api, a, plan.block));
  const results = await batchAll(ctx, groups.flat());
  const closed: GovernanceApplyResult['closed'][number][] = [];
  const corrections: ChainCall<void>[] = [];
  let i = 0;
  for (const [n, a] of plan.actions.entries()) {
    if (a.op === 'close') {
      const outcome = results[i] as { approved: boolean; executed?: { ok: boolean; error?: string } };
      closed.push({ hash: a.hash, ...outcome });
      if (outcome.approved !== (a.outcome === 'approved'))
        corrections.push(
          record(ctx.api, a.hash, outcome.approved ? 'approved' : 'disapproved', plan.block + 1),
        );
    }
    i += groups[n].length;
  }
  if (corrections.length > 0) await batchAll(ctx, corrections);
  return { extrinsics: corrections.length > 0 ? 2 : 1, closed };
}
