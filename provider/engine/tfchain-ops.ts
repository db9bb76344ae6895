/**
 * The TFChain calls the engine makes, over @polkadot/api with nothing registered by hand (the
 * chain's metadata says everything), so the same code runs against the dev chain and TFChain.
 * Failed calls become ChainCallError with the pallet error's name and what to do.
 */
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import { blake2AsHex } from '@polkadot/util-crypto';
import { hexToString, isHex, u8aToHex } from '@polkadot/util';
import type { ChainContract, ChainProposal, NewContract } from './backend';

/** What to do about the chain errors users meet. */
const FIXES: Record<string, string> = {
  'tfgridModule.TwinNotExists': 'create a twin for the account first',
  'tfgridModule.UserDidNotSignTermsAndConditions': 'accept the terms and conditions (tfgridModule.userAcceptTc) first',
  'smartContractModule.ContractIsNotUnique': 'a live contract on that node already has this deployment hash: change the deployment or cancel the other contract',
  'smartContractModule.TwinNotAuthorizedToCancelContract': 'only the twin that owns a contract can cancel it',
  'smartContractModule.TwinNotAuthorizedToUpdateContract': 'only the twin that owns a contract can update it',
  'smartContractModule.FarmHasNotEnoughPublicIPsFree': "the node's farm has no free public IPs left: choose another farm or fewer public IPs",
  'smartContractModule.NameExists': 'the name is taken: choose another gateway name',
  'smartContractModule.NodeNotAvailableToDeploy': 'the node is rented by another twin: choose another node',
  'dao.NotCouncilMember': 'only council members can propose, veto or close',
  'dao.NotAuthorizedToVote': "only the farm's owner can vote with it",
  'dao.FarmHasNoNodes': 'a farm needs at least one node to vote',
  'dao.DuplicateVote': 'this farm already voted that way',
  'dao.DuplicateProposal': 'the same action is already proposed',
  'balances.InsufficientBalance': 'fund the account with more TFT',
};

export class ChainCallError extends Error {
  constructor(
    /** e.g. `smartContractModule.createNodeContract` */
    readonly call: string,
    /** e.g. `smartContractModule.ContractIsNotUnique` */
    readonly error: string,
  ) {
    const fix = FIXES[error];
    super(`${call} failed: ${error}${fix ? `: ${fix}` : ''}`);
  }
}

export interface ChainEvent {
  readonly section: string;
  readonly method: string;
  readonly data: unknown[];
}

/** Counts of what was sent, for benchmarks and progress. */
export const chainStats = { extrinsics: 0 };

/** Signs and sends `tx`, waits for its block, and throws ChainCallError on a failed dispatch. */
export async function submit(api: ApiPromise, pair: KeyringPair, tx: SubmittableExtrinsic<'promise'>): Promise<ChainEvent[]> {
  const call = `${tx.method.section}.${tx.method.method}`;
  chainStats.extrinsics++;
  return new Promise((resolve, reject) => {
    let unsub: (() => void) | undefined;
    tx.signAndSend(pair, { nonce: -1 }, (result) => {
      if (result.isError) {
        unsub?.();
        reject(new ChainCallError(call, `transaction ${result.status.type.toLowerCase()}`));
        return;
      }
      if (!result.status.isInBlock && !result.status.isFinalized) return;
      unsub?.();
      const e = result.dispatchError;
      if (e) {
        if (e.isModule) {
          const meta = api.registry.findMetaError(e.asModule);
          reject(new ChainCallError(call, `${meta.section}.${meta.name}`));
        } else if (e.isToken) reject(new ChainCallError(call, `token.${e.asToken.type}: the account cannot pay`));
        else reject(new ChainCallError(call, e.type));
        return;
      }
      resolve(result.events.map((r) => ({ section: r.event.section, method: r.event.method, data: r.event.data.toJSON() as unknown[] })));
    })
      .then((u) => {
        unsub = u;
      })
      .catch((err: Error) => reject(new ChainCallError(call, err.message)));
  });
}

const text = (v: unknown): string => (typeof v === 'string' && isHex(v) ? hexToString(v) : String(v ?? ''));
const variant = (v: unknown): string => (typeof v === 'string' ? v : Object.keys((v ?? {}) as object)[0] ?? '').toLowerCase();

/** The twin of the account, created (terms accepted first) when it has none. */
export async function ensureTwin(api: ApiPromise, pair: KeyringPair, relay: string, pk?: Uint8Array): Promise<number> {
  const existing = Number((await api.query.tfgridModule.twinIdByAccountID(pair.address)).toString());
  if (existing) return existing;
  await submit(api, pair, api.tx.tfgridModule.userAcceptTc('https://library.threefold.me/info/legal/#/', 'tfgrid-iac'));
  await submit(api, pair, api.tx.tfgridModule.createTwin(relay, pk ? u8aToHex(pk) : null));
  return Number((await api.query.tfgridModule.twinIdByAccountID(pair.address)).toString());
}

/** Live contracts of a twin (its node contracts by scanning ActiveNodeContracts is not possible without nodes, so scan Contracts). */
export async function listTwinContracts(api: ApiPromise, twinId: number): Promise<ChainContract[]> {
  const all = await api.query.smartContractModule.contracts.entries();
  const out: ChainContract[] = [];
  for (const [, v] of all) {
    const c = (v as unknown as { toJSON(): Record<string, unknown> | null }).toJSON();
    if (!c || Number(c.twinId) !== twinId) continue;
    out.push(toContract(c));
  }
  return out.sort((a, b) => a.contractId - b.contractId);
}

function toContract(c: Record<string, unknown>): ChainContract {
  const type = c.contractType as Record<string, Record<string, unknown>>;
  const kind = Object.keys(type)[0].toLowerCase();
  const data = Object.values(type)[0];
  const s = variant(c.state);
  const state = s === 'created' ? 'created' : s === 'graceperiod' ? 'grace' : 'deleted';
  const base = { contractId: Number(c.contractId), state } as const;
  if (kind === 'namecontract') return { ...base, type: 'name', name: text(data.name) };
  if (kind === 'rentcontract') return { ...base, type: 'rent', nodeId: Number(data.nodeId) };
  return { ...base, type: 'node', nodeId: Number(data.nodeId), deploymentHash: text(data.deploymentHash), deploymentData: text(data.deploymentData), publicIps: Number(data.publicIps ?? 0) };
}

function contractCall(api: ApiPromise, c: NewContract): SubmittableExtrinsic<'promise'> {
  return c.type === 'name'
    ? api.tx.smartContractModule.createNameContract(c.name)
    : api.tx.smartContractModule.createNodeContract(c.nodeId, c.deploymentHash, c.deploymentData, c.publicIps, null);
}

/** Creates all contracts in one `utility.batchAll` (atomic); returns their ids in order. */
export async function createContracts(api: ApiPromise, pair: KeyringPair, contracts: readonly NewContract[]): Promise<number[]> {
  if (contracts.length === 0) return [];
  const calls = contracts.map((c) => contractCall(api, c));
  const events = await submit(api, pair, calls.length === 1 ? calls[0] : api.tx.utility.batchAll(calls));
  const created = events.filter((e) => e.section === 'smartContractModule' && e.method === 'ContractCreated');
  if (created.length !== contracts.length) {
    throw new ChainCallError('utility.batchAll', `expected ${contracts.length} ContractCreated events, got ${created.length}`);
  }
  return created.map((e) => Number((e.data[0] as { contractId?: number }).contractId));
}

export async function updateNodeContract(api: ApiPromise, pair: KeyringPair, contractId: number, hash: string, data: string): Promise<void> {
  await submit(api, pair, api.tx.smartContractModule.updateNodeContract(contractId, hash, data));
}

/** Cancels contracts (one batch); contracts already gone are skipped. */
export async function cancelContracts(api: ApiPromise, pair: KeyringPair, ids: readonly number[]): Promise<void> {
  const live: number[] = [];
  for (const id of ids) {
    const c = (await api.query.smartContractModule.contracts(id)) as unknown as { isSome?: boolean; toJSON(): unknown };
    if (c.toJSON()) live.push(id);
  }
  if (live.length === 0) return;
  const calls = live.map((id) => api.tx.smartContractModule.cancelContract(id));
  await submit(api, pair, calls.length === 1 ? calls[0] : api.tx.utility.batchAll(calls));
}

/** The call a DAO proposal carries, from its data form `{pallet, call, args}`. */
export function daoAction(api: ApiPromise, action: { pallet: string; call: string; args: unknown[] }): SubmittableExtrinsic<'promise'> {
  const pallet = (api.tx as unknown as Record<string, Record<string, (...a: unknown[]) => SubmittableExtrinsic<'promise'>>>)[action.pallet];
  const fn = pallet?.[action.call];
  if (!fn) throw new Error(`DAO action ${action.pallet}.${action.call} is not a call of this chain: check the pallet and call names (camelCase)`);
  return fn(...action.args);
}

export function proposalHash(api: ApiPromise, action: { pallet: string; call: string; args: unknown[] }): string {
  return blake2AsHex(daoAction(api, action).method.toU8a(), 256);
}

export async function propose(api: ApiPromise, pair: KeyringPair, p: { action: { pallet: string; call: string; args: unknown[] }; threshold: number; description: string; link: string; durationBlocks?: number }): Promise<string> {
  const call = daoAction(api, p.action);
  await submit(api, pair, api.tx.dao.propose(p.threshold, call, p.description, p.link, p.durationBlocks ?? null));
  return blake2AsHex(call.method.toU8a(), 256);
}

export async function vote(api: ApiPromise, pair: KeyringPair, farmId: number, hash: string, approve: boolean): Promise<void> {
  await submit(api, pair, api.tx.dao.vote(farmId, hash, approve));
}

export async function listProposals(api: ApiPromise): Promise<ChainProposal[]> {
  const hashes = ((await api.query.dao.proposalList()) as unknown as { toJSON(): string[] }).toJSON() ?? [];
  const out: ChainProposal[] = [];
  for (const hash of hashes) {
    const p = ((await api.query.dao.proposals(hash)) as unknown as { toJSON(): Record<string, unknown> | null }).toJSON();
    const v = ((await api.query.dao.voting(hash)) as unknown as { toJSON(): Record<string, unknown> | null }).toJSON();
    if (!p || !v) continue;
    const votes = (x: unknown) => ((x as { farmId: number; weight: number }[]) ?? []).map((y) => ({ farmId: Number(y.farmId), weight: Number(y.weight) }));
    out.push({ hash, index: Number(p.index), description: text(p.description), link: text(p.link), threshold: Number(v.threshold), ayes: votes(v.ayes), nays: votes(v.nays), end: Number(v.end) });
  }
  return out;
}
