/**
 * Reading @polkadot/types JSON (codec.toJSON(): camelCase keys, bytes as 0x-hex, small integers as
 * numbers, large ones as hex, enums as `{variantName: value}`) into plain values. Pure.
 */
import { hexToBigInt, hexToString, isHex } from '@polkadot/util';

/** Bytes as text: 0x-hex decoded as UTF-8; other strings as they are; null/undefined as ''. */
export function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return isHex(v) ? hexToString(v) : v;
  return String(v);
}

/** Optional bytes as text: undefined for null (Option::None). */
export function optionalText(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : text(v);
}

/** An integer that fits a JS number (ids, counts, u32/u64 below 2^53). Throws when it does not. */
export function num(v: unknown): number {
  const b = big(v);
  if (b > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`chain value ${b} is too large for a number`);
  return Number(b);
}

/** Any integer (balances are u128) as a bigint. */
export function big(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (typeof v === 'string') return isHex(v) ? hexToBigInt(v) : BigInt(v);
  if (v && typeof (v as { toString(): string }).toString === 'function')
    return BigInt((v as { toString(): string }).toString());
  throw new Error(`not an integer: ${String(v)}`);
}

/** An enum value: `{Created: null}` / `{created: null}` / `'Created'` -> {name: 'created', value}. */
export function variant(v: unknown): { name: string; value: unknown } {
  if (typeof v === 'string') return { name: lowerFirst(v), value: null };
  const [k, value] = Object.entries((v ?? {}) as Record<string, unknown>)[0] ?? ['', null];
  return { name: lowerFirst(k), value };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** A JSON object field access that tolerates absent objects. */
export function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}
