/**
 * Validation errors for constructs. Every message names the construct path, the field, the bad value
 * and the fix, e.g. `MyStack/db: zdb 'sizeGb' must be a positive number of GiB, got -1: set sizeGb to 1 or more`.
 * Secret values are never shown.
 */
import type { IConstruct } from 'constructs';
import { WORKLOAD_NAME_PATTERN } from './names';

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

/** Reports problems of one construct: throws now, or records them for `validate()` inside `collectingErrors`. */
export function reportProblems(scope: IConstruct, problems: string[]): void {
  if (problems.length === 0) return;
  if (deferDepth > 0) {
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
  let s: string;
  try {
    s = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    s = String(value);
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

  constructor(
    private readonly scope: IConstruct,
    /** the construct kind as users call it, e.g. 'zdb', 'machine' */
    private readonly kind: string,
  ) {}

  /** Records `<path>: <kind> '<field>' must be <requirement>, got <value>: <fix>`. Returns false. */
  fail(field: string, value: unknown, requirement: string, fix: string, secret = false): false {
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
        /^[0-9a-fA-F]{64}$/.test(String(value)),
        field,
        value,
        '64 hex characters (an AES-256 key)',
        'generate one with `openssl rand -hex 32` or leave it out',
        true,
      )
    );
  }

  /** A zos workload name: 1 to 36 characters of [a-zA-Z0-9_]. */
  workloadName(field: string, value: string, example: string): boolean {
    return this.check(
      WORKLOAD_NAME_PATTERN.test(value),
      field,
      value,
      '1 to 36 characters of [a-zA-Z0-9_]',
      `set ${field} to something like "${example}"`,
    );
  }

  done(): void {
    reportProblems(this.scope, this.problems);
  }
}
