/**
 * Validation errors for constructs. Every message names the construct path, the field, the bad value
 * and the fix, e.g. `MyStack/db: zdb 'sizeGb' must be a positive number of GiB, got -1: set sizeGb to 1 or more`.
 * Secret values are never shown.
 */
import type { IConstruct } from 'constructs';
import { UINT_MAX } from '../model/zos/field-checks';
import { RESERVED_WORKLOAD_NAMES, workloadNameError } from '../model/zos/deployment';
import { GIB, gibToBytes, MIB } from './names';

/** Thrown by a construct whose props are invalid, and by `app.synth()` when validation finds problems. */
export class ValidationError extends Error {
  /** every problem found, one message each */
  readonly problems: string[];

  constructor(problems: string[]) {
    const head =
      problems.length === 1 ? problems[0] : `${problems.length} problems:\n- ${problems.join('\n- ')}`;
    super(head);
    this.name = 'ValidationError';
    this.problems = [...problems];
  }
}

let deferDepth = 0;

/**
 * Runs `build` with construction-time errors recorded on the constructs instead of thrown, so that
 * `app.validate()` can report all of them at once (what `tfgrid validate` does).
 */
export function collectingErrors<T>(build: () => T): T {
  deferDepth++;
  try {
    return build();
  } finally {
    deferDepth--;
  }
}

/** Constructs that reported problems while errors were collected (synth leaves them out). */
const withProblems = new WeakSet<IConstruct>();

/** True when the construct reported problems while errors were collected. */
export function hasReportedProblems(scope: IConstruct): boolean {
  return withProblems.has(scope);
}

/** Reports problems of one construct: throws now, or records them for `validate()` inside `collectingErrors`. */
export function reportProblems(scope: IConstruct, problems: string[]): void {
  if (problems.length === 0) return;
  if (deferDepth > 0) {
    withProblems.add(scope);
    const copy = [...problems];
    scope.node.addValidation({ validate: () => copy });
    return;
  }
  throw new ValidationError(problems);
}

/** A short, safe rendering of a bad value for an error message. */
export function showValue(value: unknown, secret = false): string {
  if (secret) return '(a secret value, not shown)';
  if (value === undefined) return 'nothing';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'bigint') return `${value}n (a bigint)`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let s: string;
  try {
    s = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    try {
      s = String(value);
    } catch {
      s = `a ${typeof value} that cannot be shown`;
    }
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** The path used in messages: the construct path, or '(app)' for the root. */
export function pathOf(scope: IConstruct): string {
  return scope.node.path === '' ? '(app)' : scope.node.path;
}

/**
 * Collects the problems of one construct's props. `done()` reports them (throws, or records when collecting).
 */
export class Checker {
  readonly problems: string[] = [];
  /** top-level fields that have a problem */
  readonly fields = new Set<string>();

  constructor(
    private readonly scope: IConstruct,
    /** the construct kind as users call it, e.g. 'zdb', 'machine' */
    private readonly kind: string,
  ) {}

  /** Records `<path>: <kind> '<field>' must be <requirement>, got <value>: <fix>`. Returns false. */
  fail(field: string, value: unknown, requirement: string, fix: string, secret = false): false {
    this.fields.add(field.split(/[.[]/)[0]);
    this.problems.push(
      `${pathOf(this.scope)}: ${this.kind} '${field}' must be ${requirement}, got ${showValue(value, secret)}: ${fix}`,
    );
    return false;
  }

  /** Records a free-form problem (still prefixed with the path and kind). */
  problem(message: string): void {
    this.problems.push(`${pathOf(this.scope)}: ${this.kind} ${message}`);
  }

  check(
    ok: boolean,
    field: string,
    value: unknown,
    requirement: string,
    fix: string,
    secret = false,
  ): boolean {
    return ok ? true : this.fail(field, value, requirement, fix, secret);
  }

  /**
   * The props object itself: a plain object, else a problem and `{}` (so that reading a field
   * never throws). Every construct starts with this.
   */
  props<T extends object>(props: T | undefined, optional = false): Partial<T> {
    if (isPlainObject(props) || (optional && props === undefined)) return props ?? {};
    this.fail('props', props, 'an object of props', `pass { ... } as the third argument`);
    return {};
  }

  /** A construct (or value) of one class; `what` names it, e.g. 'a NodeSelector'. */
  instance<T>(
    field: string,
    value: unknown,
    cls: { readonly prototype: T },
    what: string,
    fix: string,
  ): value is T {
    const ok = value instanceof (cls as unknown as abstract new () => T);
    return this.check(ok, field, value, what, fix);
  }

  /** An optional list: the items, or [] with a problem when it is not an array. */
  list(field: string, value: unknown, what = 'a list'): unknown[] {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    this.fail(field, value, what, `write ${field} as [ ... ]`);
    return [];
  }

  /** A string (optional when `optional`); returns true when it is one. */
  string(field: string, value: unknown, optional: boolean, fix: string): value is string | undefined {
    return this.check(
      typeof value === 'string' || (optional && value === undefined),
      field,
      value,
      'a string',
      fix,
    );
  }

  /**
   * A size in GiB as zos stores it: bytes (rounded to whole MiB) more than 0 and within a uint64
   * that JSON carries exactly.
   */
  sizeGb(field: string, value: unknown, fix: string): boolean {
    if (!this.positiveNumber(field, value, 'GiB', fix)) return false;
    const bytes = gibToBytes(value as number);
    if (bytes === 0) return this.fail(field, value, 'at least 1 MiB (0.0009765625 GiB)', fix);
    if (bytes > UINT_MAX[64]) return this.fail(field, value, `at most ${MAX_SIZE_GB} GiB`, `lower ${field}`);
    return true;
  }

  integer(field: string, value: unknown, min: number, max: number, fix: string): boolean {
    const ok = typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
    const range =
      max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    return this.check(ok, field, value, range, fix);
  }

  positiveNumber(field: string, value: unknown, unit: string, fix: string): boolean {
    const ok = typeof value === 'number' && Number.isFinite(value) && value > 0;
    return this.check(ok, field, value, `a positive number of ${unit}`, fix);
  }

  boolean(field: string, value: unknown): boolean {
    return this.check(
      value === undefined || typeof value === 'boolean',
      field,
      value,
      'true or false',
      `set ${field} to true or false`,
    );
  }

  /** An optional AES-256 key: 64 hex characters (a secret: never shown). */
  aesKey(field: string, value: unknown): boolean {
    return (
      value === undefined ||
      this.check(
        typeof value === 'string' && /^[0-9a-fA-F]{64}$/.test(value),
        field,
        value,
        '64 hex characters (an AES-256 key)',
        'generate one with `openssl rand -hex 32` or leave it out',
        true,
      )
    );
  }

  /** A zos workload name (the zos model's rule): 1 to 36 characters of [a-zA-Z0-9_], not reserved. */
  workloadName(field: string, value: unknown, example: string): value is string {
    return this.check(
      workloadNameError(value) === undefined,
      field,
      value,
      `1 to 36 characters of [a-zA-Z0-9_], other than ${RESERVED_WORKLOAD_NAMES.map((n) => `'${n}'`).join(', ')}`,
      `set ${field} to something like "${example}"`,
    );
  }

  /** True when `field` (top level) has a problem already. */
  failed(field: string): boolean {
    return this.fields.has(field);
  }

  /** Reports the problems (throws, or records them when collecting); returns true when there were none. */
  done(): boolean {
    reportProblems(this.scope, this.problems);
    return this.problems.length === 0;
  }
}

/** Largest size in GiB a zos size field holds (bytes in a JSON-exact uint64). */
export const MAX_SIZE_GB = Math.floor(UINT_MAX[64] / GIB);

/** Largest size in MiB a zos size field holds. */
export const MAX_SIZE_MB = Math.floor(UINT_MAX[64] / MIB);

/** True for `{...}` (not null, an array, a Date or a class instance such as a construct). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
