/**
 * Shape checks for workload data: zos decodes the JSON into Go types, so a negative size,
 * a fraction, a number where a string belongs or an unparsable IP makes the node reject the
 * deployment before any rule runs. These checks report such values as problems.
 */
import { hexByteLength, parseCidr, parseIp } from './canonical';
import type { Problem } from './workload-type';

/** Largest value of a Go uint of each size that a JSON number carries exactly (uint64: 2^53 - 1). */
export const UINT_MAX: Readonly<Record<8 | 16 | 32 | 64, number>> = {
  8: 2 ** 8 - 1,
  16: 2 ** 16 - 1,
  32: 2 ** 32 - 1,
  64: Number.MAX_SAFE_INTEGER,
};

/** Collects problems for one workload; `at` joins a field to the data path. */
export class ProblemList {
  readonly problems: Problem[] = [];
  constructor(readonly base: string) {}

  at(field: string): string {
    return field.startsWith('[') ? `${this.base}${field}` : `${this.base}.${field}`;
  }

  add(field: string, message: string, fix: string, value?: unknown): void {
    const p: Problem =
      value === undefined
        ? { path: this.at(field), message, fix }
        : { path: this.at(field), message, value, fix };
    this.problems.push(p);
  }

  /** unsigned integer of `bits` bits (Go uint8/16/32/64); returns true when it is one */
  uint(field: string, value: unknown, bits: 8 | 16 | 32 | 64, fix?: string): value is number {
    const max = UINT_MAX[bits];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max) return true;
    this.add(
      field,
      `must be a whole number between 0 and ${max}`,
      fix ?? `set ${field} to a whole number in range`,
      value,
    );
    return false;
  }

  /** string (absent is allowed when optional: Go decodes a missing field as '') */
  str(field: string, value: unknown, optional = true, secret = false): value is string {
    if (typeof value === 'string' || (optional && (value === undefined || value === null))) return true;
    this.add(field, 'must be a string', `set ${field} to a string`, secret ? undefined : value);
    return false;
  }

  /** boolean (absent is allowed: Go decodes a missing field as false) */
  bool(field: string, value: unknown): void {
    if (typeof value === 'boolean' || value === undefined || value === null) return;
    this.add(field, 'must be true or false', `set ${field} to a boolean`, value);
  }

  /** array (absent is allowed: Go decodes a missing field as an empty list); returns the items */
  list(field: string, value: unknown): unknown[] {
    if (Array.isArray(value)) return value;
    if (value !== undefined && value !== null)
      this.add(field, 'must be a list', `set ${field} to a JSON array`, value);
    return [];
  }

  /** IP address (v4 or v6) */
  ip(field: string, value: unknown, fix: string): boolean {
    if (typeof value === 'string' && parseIp(value)) return true;
    this.add(field, 'invalid IP', fix, value);
    return false;
  }

  /** CIDR such as 10.20.0.0/16; '' allowed when optional */
  cidr(field: string, value: unknown, optional: boolean, fix: string): boolean {
    if ((value === undefined || value === null || value === '') && optional) return true;
    if (typeof value === 'string' && parseCidr(value)) return true;
    this.add(field, 'invalid CIDR', fix, value);
    return false;
  }

  /** hex of exactly `bytes` bytes (any length when bytes is undefined); never echoes the value */
  hex(field: string, value: unknown, bytes: number | undefined, message: string, fix: string): boolean {
    const len = hexByteLength(value);
    if (len === undefined) {
      this.add(field, 'must be hex (an even number of 0-9a-f characters)', fix);
      return false;
    }
    if (bytes !== undefined && len !== bytes) {
      this.add(field, message, fix);
      return false;
    }
    return true;
  }
}

/** True for a plain JSON object. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A disk's size (zmount, volume): bytes, more than 0. */
export function diskSizeProblems(size: unknown, path: string): Problem[] {
  const p = new ProblemList(path);
  if (p.uint('size', size, 64, 'set size in bytes, e.g. 10737418240 for 10 GiB') && size === 0) {
    p.add('size', 'invalid size', 'set size to more than 0 bytes', size);
  }
  return p.problems;
}
