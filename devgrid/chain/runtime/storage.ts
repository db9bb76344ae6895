/**
 * The chain's key-value state with Substrate's real keys (twox128(pallet) ++ twox128(item) ++
 * hashed map keys) and SCALE values, plus typed access through the runtime metadata.
 * Transactions nest like Substrate's storage layers: every write inside one records the value it
 * replaced, so a rollback undoes just those writes (its cost is what it wrote, not the state's size).
 */
import type { TypeRegistry } from '@polkadot/types';
import type { StorageEntry } from '@polkadot/types/primitive/types';
import { unwrapStorageType } from '@polkadot/types/util';
import type { Codec } from '@polkadot/types-codec/types';
import {
  BN,
  compactFromU8a,
  compactStripLength,
  compactToU8a,
  hexToU8a,
  stringCamelCase,
  u8aConcat,
  u8aToHex,
} from '@polkadot/util';

/** hex key -> hex value */
export type RawState = Map<string, string>;

/** What every access to one storage item needs, looked up once. */
interface ItemInfo {
  readonly entry: StorageEntry;
  /** value type name (without the Option of OptionQuery) */
  readonly type: string;
}

/** Storage keys remembered at most (then forgotten all at once). */
const KEY_MEMO_ENTRIES = 50_000;

/** A write's key and the value it replaced (undefined: there was none). */
type UndoEntry = readonly [key: string, previous: string | undefined];

export class Storage {
  /** the current state (replaced between blocks, never inside a transaction) */
  raw: RawState;
  private readonly items = new Map<string, ItemInfo>();
  /** storage keys of items with number and string keys, by item and keys */
  private readonly keys = new Map<string, string>();
  /** the open transactions' undo logs, innermost last */
  private readonly undo: UndoEntry[][] = [];

  constructor(
    private readonly registry: TypeRegistry,
    private readonly query: Record<string, Record<string, StorageEntry>>,
    raw: RawState = new Map(),
  ) {
    this.raw = raw;
  }

  /** Opens a transaction: writes from here on can be undone by `rollback`. */
  begin(): void {
    this.undo.push([]);
  }

  /** Keeps the innermost transaction's writes (an outer rollback still undoes them). */
  commit(): void {
    const log = this.undo.pop();
    if (!log) throw new Error('dev chain: commit without a transaction');
    const outer = this.undo[this.undo.length - 1];
    if (outer) for (const e of log) outer.push(e);
  }

  /** Undoes the innermost transaction's writes, newest first. */
  rollback(): void {
    const log = this.undo.pop();
    if (!log) throw new Error('dev chain: rollback without a transaction');
    for (let i = log.length - 1; i >= 0; i--) {
      const [key, previous] = log[i];
      if (previous === undefined) this.raw.delete(key);
      else this.raw.set(key, previous);
    }
  }

  /** Every write goes through here (undefined removes), recorded when a transaction is open. */
  private write(key: string, value: string | undefined): void {
    this.undo[this.undo.length - 1]?.push([key, this.raw.get(key)]);
    if (value === undefined) this.raw.delete(key);
    else this.raw.set(key, value);
  }

  private item(pallet: string, item: string): ItemInfo {
    const name = `${pallet}.${item}`;
    let info = this.items.get(name);
    if (!info) {
      const entry = this.query[stringCamelCase(pallet)]?.[stringCamelCase(item)];
      if (!entry) throw new Error(`dev chain: no storage item ${pallet}.${item} in the runtime metadata`);
      info = { entry, type: unwrapStorageType(this.registry, entry.meta.type, false) };
      this.items.set(name, info);
    }
    return info;
  }

  entry(pallet: string, item: string): StorageEntry {
    return this.item(pallet, item).entry;
  }

  key(pallet: string, item: string, keys: readonly unknown[]): string {
    // hashing the keys goes through codecs: a block of 1,000 contracts computes tens of thousands
    // of keys, most of them again and again (the same node, twin, account)
    const memo = keys.every((k) => typeof k === 'number' || typeof k === 'string')
      ? `${pallet}.${item}${keys.map((k) => `/${typeof k === 'number' ? 'n' : 's'}${k}`).join('')}`
      : undefined;
    const known = memo === undefined ? undefined : this.keys.get(memo);
    if (known !== undefined) return known;
    const k = u8aToHex(compactStripLength(this.entry(pallet, item)(...keys))[1]);
    if (memo !== undefined) {
      if (this.keys.size >= KEY_MEMO_ENTRIES) this.keys.clear();
      this.keys.set(memo, k);
    }
    return k;
  }

  /** the value type name of an item (without the Option of OptionQuery) */
  valueType(pallet: string, item: string): string {
    return this.item(pallet, item).type;
  }

  get(pallet: string, item: string, keys: readonly unknown[]): Codec | undefined {
    const entry = this.entry(pallet, item);
    const raw = this.raw.get(this.key(pallet, item, keys));
    const type = this.valueType(pallet, item);
    if (raw !== undefined) return this.registry.createType(type, hexToU8a(raw));
    if (entry.meta.modifier.isOptional) return undefined;
    return this.registry.createType(type, entry.meta.fallback.toU8a(true));
  }

  contains(pallet: string, item: string, keys: readonly unknown[]): boolean {
    return this.raw.has(this.key(pallet, item, keys));
  }

  put(pallet: string, item: string, keys: readonly unknown[], value: unknown): void {
    const encoded = this.registry.createType(this.valueType(pallet, item), value).toU8a();
    this.write(this.key(pallet, item, keys), u8aToHex(encoded));
  }

  /**
   * Adds `value` at the end of a stored `Vec` (absent: an empty one) without decoding the others,
   * as Substrate's `append`: the same bytes as reading the list, pushing and writing it back.
   */
  append(pallet: string, item: string, keys: readonly unknown[], value: unknown): void {
    const type = this.valueType(pallet, item);
    const inner = /^Vec<(.+)>$/.exec(type)?.[1];
    if (!inner)
      throw new Error(`dev chain: ${pallet}.${item} holds ${type}, not a Vec: it cannot be appended to`);
    const key = this.key(pallet, item, keys);
    const stored = this.raw.get(key);
    const [offset, length] = stored ? compactFromU8a(hexToU8a(stored)) : [0, new BN(0)];
    const items = stored ? hexToU8a(stored).subarray(offset) : new Uint8Array();
    const added = this.registry.createType(inner, value).toU8a();
    this.write(key, u8aToHex(u8aConcat(compactToU8a(length.addn(1)), items, added)));
  }

  putRaw(key: string, value: Uint8Array): void {
    this.write(key, u8aToHex(value));
  }

  remove(pallet: string, item: string, keys: readonly unknown[]): void {
    this.write(this.key(pallet, item, keys), undefined);
  }

  /** all entries of a map item: [decoded keys, value] in key order */
  entries(pallet: string, item: string): [Codec[], Codec][] {
    const entry = this.entry(pallet, item);
    const prefix = u8aToHex(entry.keyPrefix());
    const type = this.valueType(pallet, item);
    const out: [Codec[], Codec][] = [];
    for (const key of [...this.raw.keys()].filter((k) => k.startsWith(prefix)).sort()) {
      const sk = this.registry.createType('StorageKey', key);
      sk.setMeta(entry.meta, entry.section, entry.method);
      out.push([sk.args, this.registry.createType(type, hexToU8a(this.raw.get(key) as string))]);
    }
    return out;
  }

  /** keys starting with `prefix` (hex), sorted, after `startKey`, at most `count` */
  keysPaged(prefix: string, count: number, startKey?: string): string[] {
    return [...this.raw.keys()]
      .filter((k) => k.startsWith(prefix) && (!startKey || k > startKey))
      .sort()
      .slice(0, count);
  }
}
