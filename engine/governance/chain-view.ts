/**
 * What the governance planner knows of the chain: the open proposals, the records of proposals
 * this tool saw close, the farms the folder votes with, the council and the signing account. Plain
 * data, read by `readChainView` (governance-chain.ts), so that planning is pure.
 */
import type { Proposal } from '../../clients/chain/dao';

/** An open proposal (pallet dao `Proposals` + `Voting`): the chain client's view without its decoded action. */
export type OpenProposal = Pick<
  Proposal,
  'hash' | 'index' | 'description' | 'link' | 'threshold' | 'ayes' | 'nays' | 'vetos' | 'end'
>;

/** How a proposal ended, as recorded in a council member's TFKVStore (`tfgrid-iac/dao/<hash>`). */
export type RecordedState = 'open' | 'approved' | 'disapproved' | 'vetoed';

export interface ProposalRecord {
  readonly state: RecordedState;
  /** the block the record was written at (a later record wins) */
  readonly block: number;
}

export interface Member {
  /** SS58 address */
  readonly address: string;
  /** its twin, when it has one */
  readonly twinId?: number;
}

export interface FarmFacts {
  /** the twin that owns the farm (the only one whose account can vote with it) */
  readonly ownerTwin: number;
  /** the farm's vote weight (sum over its nodes of 2 * CU + SU); 0: it has no nodes */
  readonly weight: number;
}

export interface GovernanceChainView {
  /** the current block */
  readonly block: number;
  /** seconds per block (TFChain: 6) */
  readonly blockSeconds: number;
  readonly account: Member;
  readonly council: readonly Member[];
  /** the farms the folder votes with; a missing one does not exist */
  readonly farms: ReadonlyMap<number, FarmFacts>;
  /** open proposals by hash */
  readonly proposals: ReadonlyMap<string, OpenProposal>;
  /** records by proposal hash (the latest of all council members') */
  readonly records: ReadonlyMap<string, ProposalRecord>;
  /** each proposal file's hash (blake2-256 of its encoded action), by file name */
  readonly hashes: ReadonlyMap<string, string>;
}

/** TFChain's number of council vetoes that closes a proposal as disapproved (pallet dao MinVetos). */
export const MIN_VETOS = 3;

/** The TFKVStore key under which council members record a proposal's state. */
export function proposalRecordKey(hash: string): string {
  return `tfgrid-iac/dao/${hash}`;
}

export const PROPOSAL_RECORD_PREFIX = 'tfgrid-iac/dao/';
