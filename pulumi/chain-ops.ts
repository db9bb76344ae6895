/**
 * Chain-only resources on a GridBackend: name contracts (for name gateways) and DAO proposals and
 * votes. Each create adopts what the chain already has (a name contract this stack owns, a proposal
 * with the same action, a vote already cast), so a retried `pulumi up` converges. Name contracts
 * follow the engine's ownership rule (engine/ownership.ts): never another stack's or project's.
 * A changed vote is voted again (the chain lets a farm switch), and reads follow the chain.
 */
import type { ChainCall } from '../constructs/manifest';
import { getFarm } from '../clients/chain/grid';
import type { ChainProposal, GridBackend } from '../engine/backend';
import type { ConnectedGrid } from '../engine/grid-backend';
import { GATEWAY_NAME_PATTERN } from '../model/zos/gateway-name-proxy';
import { checkNamesFree, classifyNameContracts, nameRecordKey, readNameRecords } from '../engine/ownership';
import { UNKNOWN, type CheckFailure } from './deployment-inputs';

/** Inputs of a `tfgrid:NameContract`. */
export interface NameContractInputs {
  /** the gateway name (the first label of `<name>.<gateway domain>`) */
  readonly name: string;
  /** the owning stack (`pulumi:<project>/<stack>`); states written before owners existed have none */
  readonly owner?: string;
}

export interface NameContractOutputs extends NameContractInputs {
  readonly contractId: number;
}

/** Name lengths the chain accepts (shorter: NameContractNameTooShort). */
const NAME_MIN = 3;
const NAME_MAX = 50;

export function checkNameContract(i: Partial<NameContractInputs>): CheckFailure[] {
  if (i.name === UNKNOWN) return [];
  if (
    typeof i.name !== 'string' ||
    !GATEWAY_NAME_PATTERN.test(i.name) ||
    i.name.length < NAME_MIN ||
    i.name.length > NAME_MAX
  )
    return [
      {
        property: 'name',
        reason: `must be ${NAME_MIN} to ${NAME_MAX} of [a-zA-Z0-9-_] (the chain refuses shorter names), got ${JSON.stringify(i.name)}`,
      },
    ];
  return [];
}

/**
 * Adopts the stack's own name contract, claims one the account has without an owner record, or
 * creates it with its record; a name another stack or project holds is an error naming it.
 */
export async function createNameContract(
  b: GridBackend,
  i: NameContractInputs,
): Promise<NameContractOutputs> {
  if (i.owner === undefined) throw new Error(`name contract '${i.name}' needs an owner`);
  const [contracts, records] = await Promise.all([b.listContracts(), readNameRecords(b)]);
  const ownership = classifyNameContracts(contracts, records, i.owner);
  checkNamesFree(i.owner, [i.name], ownership);
  const mine = ownership.ours.get(i.name);
  if (mine !== undefined) return { name: i.name, owner: i.owner, contractId: mine };
  const unclaimed = ownership.unclaimed.get(i.name);
  if (unclaimed !== undefined) {
    await b.kvWrite(new Map([[nameRecordKey(i.name), i.owner]]));
    return { name: i.name, owner: i.owner, contractId: unclaimed };
  }
  const [contractId] = await b.createContracts([{ type: 'name', name: i.name, owner: i.owner }]);
  return { name: i.name, owner: i.owner, contractId };
}

/**
 * Cancels the stack's name contract (its record goes with it). A contract recorded as another
 * owner's is left alone: a state written before owners existed may hold an adopted one.
 */
export async function deleteNameContract(b: GridBackend, o: NameContractOutputs): Promise<void> {
  const recorded = (await readNameRecords(b)).get(o.name);
  if (recorded !== undefined && recorded !== o.owner) return;
  await b.cancelContracts([o.contractId]);
}

/** The name contract, or undefined when it is gone. */
export async function readNameContract(
  b: GridBackend,
  o: NameContractOutputs,
): Promise<NameContractOutputs | undefined> {
  const c = (await b.listContracts()).find((x) => x.contractId === o.contractId);
  return c && c.state !== 'deleted' ? { ...o, name: c.name ?? o.name, contractId: c.contractId } : undefined;
}

/** Inputs of a `tfgrid:DaoProposal`. */
export interface DaoProposalInputs {
  /** the chain call the council votes on */
  readonly action: ChainCall;
  readonly description: string;
  readonly link: string;
  /** council votes needed */
  readonly threshold: number;
  /** voting period in blocks; @default the chain's */
  readonly durationBlocks?: number;
}

export interface DaoProposalOutputs extends DaoProposalInputs {
  readonly proposalHash: string;
  /** false once the chain no longer lists it (closed: approved or rejected) */
  readonly open: boolean;
  readonly ayes: number;
  readonly nays: number;
}

export function checkDaoProposal(i: Partial<DaoProposalInputs>): CheckFailure[] {
  const f: CheckFailure[] = [];
  const a = i.action;
  if (!a || typeof a.pallet !== 'string' || typeof a.call !== 'string' || !Array.isArray(a.args))
    f.push({
      property: 'action',
      reason:
        "must be {pallet, call, args}, e.g. {pallet: 'tftPriceModule', call: 'setMinTftPrice', args: [15]}",
    });
  for (const k of ['description', 'link'] as const)
    if (typeof i[k] !== 'string' || i[k] === '')
      f.push({ property: k, reason: 'must be a non-empty string' });
  if (typeof i.threshold !== 'number' || !Number.isInteger(i.threshold) || i.threshold < 1)
    f.push({
      property: 'threshold',
      reason: `must be a whole number >= 1, got ${JSON.stringify(i.threshold)}`,
    });
  return f;
}

function proposalOutputs(
  i: DaoProposalInputs,
  hash: string,
  p?: { readonly ayes: readonly unknown[]; readonly nays: readonly unknown[] },
): DaoProposalOutputs {
  return { ...i, proposalHash: hash, open: !!p, ayes: p?.ayes.length ?? 0, nays: p?.nays.length ?? 0 };
}

export async function createDaoProposal(b: GridBackend, i: DaoProposalInputs): Promise<DaoProposalOutputs> {
  const hash = await b.daoProposalHash(i.action);
  if (!(await b.daoProposals()).some((p) => p.hash === hash))
    await b.daoPropose({
      action: i.action,
      threshold: i.threshold,
      description: i.description,
      link: i.link,
      durationBlocks: i.durationBlocks,
    });
  return proposalOutputs(
    i,
    hash,
    (await b.daoProposals()).find((p) => p.hash === hash),
  );
}

/** A closed proposal stays in the state (marked `open: false`): deleting it would propose it again. */
export async function readDaoProposal(b: GridBackend, o: DaoProposalOutputs): Promise<DaoProposalOutputs> {
  return proposalOutputs(
    o,
    o.proposalHash,
    (await b.daoProposals()).find((p) => p.hash === o.proposalHash),
  );
}

/** Inputs of a `tfgrid:DaoVote`. */
export interface DaoVoteInputs {
  /** the farm voting (our twin must own it) */
  readonly farmId: number;
  readonly proposalHash: string;
  readonly approve: boolean;
}

export function checkDaoVote(i: Partial<DaoVoteInputs>): CheckFailure[] {
  const f: CheckFailure[] = [];
  if (typeof i.farmId !== 'number' || !Number.isInteger(i.farmId) || i.farmId < 1)
    if ((i.farmId as unknown) !== UNKNOWN)
      f.push({ property: 'farmId', reason: `must be a farm id, got ${JSON.stringify(i.farmId)}` });
  if (typeof i.proposalHash !== 'string' || !/^0x[0-9a-f]{64}$/i.test(i.proposalHash))
    if (i.proposalHash !== UNKNOWN)
      f.push({
        property: 'proposalHash',
        reason: 'must be a 0x-prefixed 32-byte hash (a DaoProposal output)',
      });
  if (typeof i.approve !== 'boolean' && (i.approve as unknown) !== UNKNOWN)
    f.push({ property: 'approve', reason: 'must be true or false' });
  return f;
}

/** What the chain would refuse about the voting farm: it must exist and belong to our twin. */
export async function farmFailures(b: ConnectedGrid, farmId: number): Promise<CheckFailure[]> {
  const farm = await getFarm(b.api, farmId);
  if (!farm)
    return [
      { property: 'farmId', reason: `farm ${farmId} does not exist on this chain: vote with a farm you own` },
    ];
  if (farm.twinId !== b.twinId)
    return [
      {
        property: 'farmId',
        reason: `farm ${farmId} belongs to twin ${farm.twinId}, not to this account's twin ${b.twinId}: only a farm's owner votes with it (the chain refuses with NotAuthorizedToVote)`,
      },
    ];
  return [];
}

/** The farm's vote on the proposal as the chain counts it; undefined when it has not voted. */
function chainVote(p: ChainProposal, farmId: number): boolean | undefined {
  if (p.ayes.some((v) => v.farmId === farmId)) return true;
  if (p.nays.some((v) => v.farmId === farmId)) return false;
  return undefined;
}

/** Votes, or changes the farm's vote (the chain lets a farm vote again the other way). */
export async function castDaoVote(b: GridBackend, i: DaoVoteInputs): Promise<DaoVoteInputs> {
  const p = (await b.daoProposals()).find((x) => x.hash === i.proposalHash);
  if (!p) throw new Error(`proposal ${i.proposalHash} is not open on chain: it closed, or the hash is wrong`);
  if (chainVote(p, i.farmId) !== i.approve) await b.daoVote(i.farmId, i.proposalHash, i.approve);
  return { ...i };
}

/**
 * The vote as the chain has it: `approve` follows the chain; undefined (gone) when the farm has not
 * voted on a proposal still open. A closed proposal keeps the recorded vote (it cannot change).
 */
export async function readDaoVote(b: GridBackend, o: DaoVoteInputs): Promise<DaoVoteInputs | undefined> {
  const p = (await b.daoProposals()).find((x) => x.hash === o.proposalHash);
  if (!p) return { ...o };
  const vote = chainVote(p, o.farmId);
  return vote === undefined ? undefined : { ...o, approve: vote };
}
