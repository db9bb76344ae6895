/**
 * NSSET semantics, shared by the NSSET command and the server's admin API (the node emulator).
 */
import { Namespace } from './namespace';
import { DEFAULT_NAMESPACE } from './namespace-settings';

/** Properties NSSET accepts. */
export type NamespaceProperty = 'maxsize' | 'password' | 'public' | 'worm' | 'mode' | 'lock' | 'freeze';

/** C-style flag: a value starting with '1' is on, anything else off (as 0-db reads it). */
const flag = (value: string): boolean => value.startsWith('1');

/**
 * Change one property in memory (the caller persists with `ns.saveSettings()`).
 * Returns 0-db's error text when refused, undefined on success.
 */
export function applyNamespaceProperty(ns: Namespace, property: string, value: string): string | undefined {
  const settings = ns.settings;
  switch (property) {
    case 'mode':
      if (!ns.isFresh) return 'Cannot change mode of used namespace';
      if (value !== 'user' && value !== 'seq') return 'Invalid property value (expected: user, seq)';
      settings.mode = value;
      return undefined;
    case 'lock':
      settings.lock = flag(value) ? 'read-only' : 'unlocked';
      return undefined;
    case 'freeze':
      settings.lock = flag(value) ? 'frozen' : 'unlocked';
      return undefined;
  }
  if (ns.name === DEFAULT_NAMESPACE) return 'Cannot update default namespace';
  switch (property) {
    case 'maxsize': {
      // no shrink: a limit below the current size only stops further growth
      settings.maxsize = parseMaxsize(value);
      return undefined;
    }
    case 'password':
      // `*` clears the password
      settings.password = value === '*' ? undefined : value;
      return undefined;
    case 'public':
      settings.public = flag(value);
      return undefined;
    case 'worm':
      settings.worm = flag(value);
      return undefined;
    default:
      return 'Invalid property';
  }
}

const I64_MAX = 2n ** 63n - 1n;
const I64_MIN = -(2n ** 63n);

/**
 * NSSET maxsize as 0-db reads it: C's atoll (leading blanks, a sign, the digits up to the first
 * other character, 0 without digits, clamped to a signed 64-bit range), kept as an unsigned 64-bit
 * count: -1 becomes 2^64-1, anything over 2^63-1 becomes 2^63-1.
 */
export function parseMaxsize(value: string): bigint {
  const m = /^[\t\n\v\f\r ]*([+-]?)(\d*)/.exec(value);
  let n = m && m[2] ? BigInt(m[2]) : 0n;
  if (m?.[1] === '-') n = -n;
  if (n > I64_MAX) n = I64_MAX;
  if (n < I64_MIN) n = I64_MIN;
  return BigInt.asUintN(64, n);
}
