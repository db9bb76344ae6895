/**
 * Twins (tfgridModule): the chain identity of an account, with the relay it is reached through
 * and its public key for payload encryption. Creating one needs the terms and conditions accepted.
 */
import type { ApiPromise } from '@polkadot/api';
import { createHash } from 'node:crypto';
import { bytesArg, batchAll, plainCall, type ChainCall } from './chain-call';
import { checkId } from './contract-data';
import { num, obj, optionalText, text } from './decode';
import type { ChainContext } from './submit';

/** The terms and conditions a twin accepts. */
export interface TermsAndConditions {
  /** URL of the document */
  readonly link: string;
  /** hash of the document (hex text) */
  readonly hash: string;
}

/** What our client accepts unless told otherwise: the grid's legal terms page. */
const TERMS_LINK = 'https://library.threefold.me/info/legal/#/legal__terms_conditions_websites';
export const DEFAULT_TERMS: TermsAndConditions = {
  link: TERMS_LINK,
  hash: createHash('md5').update(TERMS_LINK).digest('hex'),
};

export interface Twin {
  readonly id: number;
  /** SS58 address of the account that owns the twin */
  readonly accountId: string;
  /** relay host(s) the twin is reached through, several joined with '_' */
  readonly relay?: string;
  /** public key for RMB payload encryption, 0x-hex */
  readonly pk?: string;
}

/**
 * TFChain's relay address rule (pallet-tfgrid `validate_relay_address`): labels of [A-Za-z0-9-_]
 * joined by '.', none empty, so no leading or trailing '.', no port and no scheme. The dev chain
 * applies the same function.
 */
export function isRelayAddress(relay: string): boolean {
  return relay.length > 0 && relay.split('.').every((label) => /^[A-Za-z0-9\-_]+$/.test(label));
}

/** Checks a relay before it is sent (the chain would refuse it with `InvalidRelayAddress`). */
export function checkRelay(relay: string): string {
  if (typeof relay !== 'string' || !isRelayAddress(relay)) {
    throw new Error(
      `relay '${String(relay)}' is not valid: give the relay's host name without scheme or port (e.g. relay.grid.tf)`,
    );
  }
  return relay;
}

/** The twin's plain form from its JSON (codec.toJSON() of pallet_tfgrid::types::Twin). */
export function decodeTwin(json: unknown): Twin {
  const t = obj(json);
  const relay = optionalText(t.relay);
  const pk = t.pk === null || t.pk === undefined ? undefined : String(t.pk);
  return {
    id: num(t.id),
    accountId: text(t.accountId),
    ...(relay !== undefined ? { relay } : {}),
    ...(pk !== undefined ? { pk } : {}),
  };
}

/** The twin id of an account (SS58 address), or undefined when it has none. */
export async function twinIdOf(api: ApiPromise, address: string): Promise<number | undefined> {
  const json = (await api.query.tfgridModule.twinIdByAccountID(address)).toJSON();
  if (json === null || json === undefined) return undefined;
  const id = num(json);
  return id === 0 ? undefined : id;
}

export async function getTwin(api: ApiPromise, twinId: number): Promise<Twin | undefined> {
  const json = (await api.query.tfgridModule.twins(checkId('twin id', twinId))).toJSON();
  return json === null || json === undefined ? undefined : decodeTwin(json);
}

/** Whether the account has accepted terms and conditions. */
export async function hasAcceptedTerms(api: ApiPromise, address: string): Promise<boolean> {
  const json = (await api.query.tfgridModule.usersTermsAndConditions(address)).toJSON();
  return Array.isArray(json) && json.length > 0;
}

export function acceptTermsCall(api: ApiPromise, terms: TermsAndConditions = DEFAULT_TERMS): ChainCall<void> {
  return plainCall(api.tx.tfgridModule.userAcceptTc(bytesArg(terms.link), bytesArg(terms.hash)));
}

/** Creates the signer's twin; the outcome is its id (from `tfgridModule.TwinStored`). */
export function createTwinCall(api: ApiPromise, relay: string | undefined, pk?: string): ChainCall<number> {
  if (relay !== undefined) checkRelay(relay);
  const pkArg = pk === undefined ? null : pk.startsWith('0x') ? pk : bytesArg(pk);
  return {
    tx: api.tx.tfgridModule.createTwin(relay === undefined ? null : bytesArg(relay), pkArg),
    result: async (events, chainApi) => {
      const stored = events.find((e) => e.section === 'tfgridModule' && e.method === 'TwinStored');
      if (stored) return decodeTwin(stored.data[0]).id;
      throw new Error(
        `the chain accepted createTwin but reported no TwinStored event (${chainApi.runtimeVersion.specName.toString()}): read the twin with twinIdOf`,
      );
    },
  };
}

export interface EnsureTwinOptions {
  /** public key for RMB payload encryption (0x-hex). @default none */
  readonly pk?: string;
  /** terms to accept when the account has not yet. @default DEFAULT_TERMS */
  readonly terms?: TermsAndConditions;
}

/**
 * The signer's twin id, creating the twin when the account has none: accepts the terms and
 * conditions if needed, then `createTwin(relay, pk)`, in one atomic batch.
 */
export async function ensureTwin(
  ctx: ChainContext,
  relay: string | undefined,
  options: EnsureTwinOptions = {},
): Promise<number> {
  const existing = await twinIdOf(ctx.api, ctx.signer.address);
  if (existing !== undefined) return existing;
  const create = createTwinCall(ctx.api, relay, options.pk);
  if (await hasAcceptedTerms(ctx.api, ctx.signer.address)) {
    const [id] = await batchAll(ctx, [create] as const);
    return id;
  }
  const [, id] = await batchAll(ctx, [acceptTermsCall(ctx.api, options.terms), create] as const);
  return id;
}
