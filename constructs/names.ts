/** Sizes and the names synth derives from construct paths (workload names, unit ids, secret names). */
import { createHash } from 'crypto';
import type { IConstruct } from 'constructs';

export const MIB = 1024 ** 2;
export const GIB = 1024 ** 3;

/** GiB (may be fractional) to bytes, rounded to whole MiB so that byte counts stay exact. */
export function gibToBytes(gb: number): number {
  return Math.round(gb * 1024) * MIB;
}

/** zos workload names: `^[a-zA-Z0-9_]+$`, 1..36 characters. */
export const WORKLOAD_NAME_PATTERN = /^[a-zA-Z0-9_]{1,36}$/;

const shortHash = (s: string, n = 8): string => createHash('sha256').update(s).digest('hex').slice(0, n);

/**
 * A workload name from a construct path: `web/vm` -> `web_vm`. Long paths keep their tail plus a
 * hash of the whole path, so names stay unique and within 36 characters.
 */
export function workloadNameFor(scope: IConstruct, suffix = ''): string {
  const base = scope.node.path.replace(/[^a-zA-Z0-9_]/g, '_') + suffix;
  if (base.length <= 36) return base;
  return `${base.slice(base.length - 27)}_${shortHash(scope.node.path + suffix)}`;
}

/** A dotted name from a construct path, for unit ids and secret names: `storage/nodes` -> `storage.nodes`. */
export function dottedPath(scope: IConstruct): string {
  return scope.node.path.replace(/\//g, '.');
}

/** A deterministic number in [min, max] from a string (wireguard ports, mycelium seeds). */
export function stableNumber(s: string, min: number, max: number): number {
  const n = parseInt(shortHash(s, 8), 16);
  return min + (n % (max - min + 1));
}

/** Deterministic hex bytes from a string (not secret: e.g. a mycelium IP seed). */
export function stableHex(s: string, bytes: number): string {
  return createHash('sha256')
    .update(s)
    .digest('hex')
    .slice(0, bytes * 2);
}
