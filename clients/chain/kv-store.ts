/**
 * TFChain's key-value store (pallet TFKVStore): each account writes and deletes only its own
 * entries (`set(key, value)`, `delete(key)`; keys up to 512 bytes, values up to 2048), and anyone
 * reads them (storage `TFKVStore(account, key)`). We keep text in it: project ownership records
 * and leases (engine/ownership.ts, engine/lease.ts).
 */
import type { ApiPromise } from '@polkadot/api';
import type { ApiDecoration } from '@polkadot/api/types';
import { u8aEq, u8aToString } from '@polkadot/util';
import { bytesArg, plainCall, type ChainCall } from './chain-call';

/** TFChain's limits on an entry, in bytes. */
export const KV_MAX_KEY_BYTES = 512;
export const KV_MAX_VALUE_BYTES = 2048;

function checkSize(what: string, text: string, max: number): void {
  const n = Buffer.byteLength(text, 'utf8');
  if (n > max) throw new Error(`a TFKVStore ${what} is at most ${max} bytes, got ${n}`);
}

export function kvSetCall(api: ApiPromise, key: string, value: string): ChainCall<void> {
  checkSize('key', key, KV_MAX_KEY_BYTES);
  checkSize('value', value, KV_MAX_VALUE_BYTES);
  return plainCall(api.tx.tfkvStore.set(bytesArg(key), bytesArg(value)));
}

/** Deletes an entry; the chain refuses (`tfkvStore.NoValueStored`) when there is none. */
export function kvDeleteCall(api: ApiPromise, key: string): ChainCall<void> {
  checkSize('key', key, KV_MAX_KEY_BYTES);
  return plainCall(api.tx.tfkvStore.delete(bytesArg(key)));
}

function text(codec: unknown): string {
  return u8aToString((codec as { toU8a(bare: boolean): Uint8Array }).toU8a(true));
}

/** One entry of an account (at a block with `api.at(hash)`); undefined when it has none (empty reads as none). */
export async function kvGet(
  api: ApiPromise | ApiDecoration<'promise'>,
  account: string,
  key: string,
): Promise<string | undefined> {
  const value = text(await api.query.tfkvStore.tfkvStore(account, bytesArg(key)));
  return value === '' ? undefined : value;
}

/** The entries of an account whose key starts with `prefix`, by key. */
export async function kvEntries(api: ApiPromise, account: string, prefix = ''): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [key, value] of await api.query.tfkvStore.tfkvStore.entries(account)) {
    const k = text(key.args[1]);
    if (k.startsWith(prefix)) out.set(k, text(value));
  }
  return out;
}

/** How many blocks `kvWrittenBetween` reads at most before it answers "cannot tell". */
export const KV_WRITES_WINDOW = 64;

/**
 * Whether `account` (its public key) set or deleted `key` in a block after block `after` and before
 * block `before` (hashes; `after` an ancestor of `before`), read from each block's TFKVStore events
 * (`EntrySet`, `EntryTaken`). True as well when that cannot be told: more than KV_WRITES_WINDOW
 * blocks between, or `after` not on `before`'s chain.
 */
export async function kvWrittenBetween(
  api: ApiPromise,
  account: Uint8Array,
  key: string,
  after: string,
  before: string,
): Promise<boolean> {
  const floor = (await api.rpc.chain.getHeader(after)).number.toNumber();
  let hash = (await api.rpc.chain.getHeader(before)).parentHash.toHex();
  for (let read = 0; read <= KV_WRITES_WINDOW; read++) {
    if (hash === after) return false;
    const header = await api.rpc.chain.getHeader(hash);
    if (header.number.toNumber() <= floor) return true;
    const events = (await (await api.at(hash)).query.system.events()) as unknown as readonly {
      event: { section: string; method: string; data: readonly { toU8a(bare?: boolean): Uint8Array }[] };
    }[];
    const wrote = events.some(
      ({ event }) =>
        event.section === 'tfkvStore' &&
        (event.method === 'EntrySet' || event.method === 'EntryTaken') &&
        u8aEq(event.data[0].toU8a(), account) &&
        text(event.data[1]) === key,
    );
    if (wrote) return true;
    hash = header.parentHash.toHex();
  }
  return true;
}
