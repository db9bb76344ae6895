/**
 * The chain's key-value state with Substrate's real keys (twox128(pallet) ++ twox128(item) ++
 * hashed map keys) and SCALE values, plus typed access through the runtime metadata.
 */
import type { TypeRegistry } from '@polkadot/types';
import type { StorageEntry } from '@polkadot/types/primitive/types';
import { unwrapStorageType } from '@polkadot/types/util';
import type { Codec } from '@polkadot/types-codec/types';
import { compactStripLength, hexToU8a, stringCamelCase, u8aToHex } from '@polkadot/util';

/** hex key -> hex value */
export type RawState = Map<string, string>;

export class Storage {
  /** the current state; replaced wholesale on rollback */
  raw: RawState;

  constructor(
    private readonly registry: TypeRegistry,
    private readonly query: Record<string, Record<string, StorageEntry>>,
    raw: RawState = new Map(),
  ) {
    this.raw = raw;
  }

  entry(pallet: string, item: string): StorageEntry {
    const entry = this.query[stringCamelCase(pallet)]?.[stringCamelCase(item)];
    if (!entry) throw new Error(`dev chain: no storage item ${pallet}.${item} in the runtime metadata`);
    return entry;
  }

  key(pallet: string, item: string, keys: readonly unknown[]): string {
    const entry = this.entry(pallet, item);
    const k = entry(...keys);
    return u8aToHex(compactStripLength(k)[1]);
  }

  /** the value type name of an item (without the Option of OptionQuery) */
  valueType(pallet: string, item: string): string {
    return unwrapStorageType(this.registry, this.entry(pallet, item).meta.type, false);
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
    this.raw.set(this.key(pallet, item, keys), u8aToHex(encoded));
  }

  putRaw(key: string, value: Uint8Array): void {
    this.raw.set(key, u8aToHex(value));
  }

  remove(pallet: string, item: string, keys: readonly unknown[]): void {
    this.raw.delete(this.key(pallet, item, keys));
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
