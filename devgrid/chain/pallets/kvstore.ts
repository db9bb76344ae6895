/**
 * TFKVStore (index 30, pallet_kvstore): a per-account key-value store. `set` writes the signer's
 * entry, `delete` takes it away; nobody can touch another account's entries. Storage is
 * `TFKVStore(AccountId, Vec<u8>) -> Vec<u8>` (ValueQuery: an absent entry reads as empty bytes).
 * Limits, errors and events as TFChain's runtime declares them.
 */
import type { PalletSpec } from '../pallet';
import { moduleError } from '../pallet';
import type { Codec } from '@polkadot/types-codec/types';
import { benchmarked } from '../runtime/weights';

const P = 'TFKVStore';

/** TFChain's bounds: a key up to 512 bytes, a value up to 2048 bytes. */
export const KV_MAX_KEY_BYTES = 512;
export const KV_MAX_VALUE_BYTES = 2048;

/** the length in bytes of a decoded `Bytes` argument */
function lengthOf(arg: Codec): number {
  return (arg as unknown as Uint8Array).length;
}

export const KV_STORE: PalletSpec = {
  name: P,
  index: 30,
  calls: {
    set: { index: 0, args: { key: 'Bytes', value: 'Bytes' }, weight: benchmarked(11_722_000, 0, 0, 1) },
    delete: { index: 1, args: { key: 'Bytes' }, weight: benchmarked(21_210_000, 3611, 1, 1) },
  },
  events: {
    EntrySet: ['AccountId', 'Bytes', 'Bytes'],
    EntryGot: ['AccountId', 'Bytes', 'Bytes'],
    EntryTaken: ['AccountId', 'Bytes', 'Bytes'],
  },
  errors: ['NoValueStored', 'KeyIsTooLarge', 'ValueIsTooLarge'],
  storage: [
    {
      name: 'TFKVStore',
      type: 'Bytes',
      keys: [
        { hasher: 'Blake2_128Concat', type: 'AccountId' },
        { hasher: 'Blake2_128Concat', type: 'Bytes' },
      ],
    },
  ],
  constants: [],
  handlers: {
    // TFChain checks the sizes before the origin
    set: (ctx, a) => {
      if (lengthOf(a.key) > KV_MAX_KEY_BYTES) throw moduleError(P, 'KeyIsTooLarge');
      if (lengthOf(a.value) > KV_MAX_VALUE_BYTES) throw moduleError(P, 'ValueIsTooLarge');
      const user = ctx.signer();
      ctx.put(P, 'TFKVStore', [user, a.key], a.value);
      ctx.emit(P, 'EntrySet', user, a.key, a.value);
    },
    delete: (ctx, a) => {
      const user = ctx.signer();
      // ValueQuery: contains_key is whether the entry is stored, not whether it is empty
      if (!ctx.contains(P, 'TFKVStore', user, a.key)) throw moduleError(P, 'NoValueStored');
      const taken = ctx.get(P, 'TFKVStore', user, a.key);
      ctx.remove(P, 'TFKVStore', user, a.key);
      ctx.emit(P, 'EntryTaken', user, a.key, taken);
    },
  },
};
