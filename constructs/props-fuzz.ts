/**
 * A seeded property-based check of construct input (test support, not public API). Every construct is
 * built from valid props with one or two fields replaced by a value a JavaScript or YAML user might
 * pass (wrong types, null, NaN, Infinity, bigint, functions, huge or tiny sizes, ...). Each case runs
 * twice: throwing at the first bad construct (`new X(...)`, `app.synth()`), and collecting every
 * problem (`tfgrid validate`). The outcome is classified; a correct program of constructs gives only
 * `rejected` and `accepted`.
 */
import { App } from './app';
import { collectingErrors, ValidationError } from './errors';
import type { DeploymentUnit } from './manifest';
import { schemaProblems } from './schema';
import { PROPS_FUZZ_TARGETS, type Pick, type PropsFuzzTarget } from './props-fuzz-targets';
import { zosUnitProblems } from './zos-rules';

/** What one case gave. */
export type FuzzOutcome =
  /** a ValidationError whose every problem names a construct path and a field */
  | 'rejected'
  /** a manifest that schema.json and the zos model accept */
  | 'accepted'
  /** an error that is not a ValidationError (a raw TypeError, RangeError, ...) */
  | 'raw-error'
  /** a ValidationError with a problem that names no construct path or no field */
  | 'unclear-error'
  /** a manifest that schema.json or the zos model rejects */
  | 'accepted-invalid'
  /** collecting mode threw instead of listing every problem, or disagreed with throwing mode */
  | 'inconsistent';

export interface FuzzCase {
  readonly target: string;
  /** field -> value given */
  readonly fields: Record<string, unknown>;
}

export interface FuzzResult extends FuzzCase {
  readonly outcome: FuzzOutcome;
  readonly detail: string;
}

/** mulberry32: a small deterministic PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values of any type, as a JavaScript or YAML user might pass them anywhere. */
export const ANY_VALUES: readonly unknown[] = [
  undefined,
  null,
  0,
  -1,
  1,
  1.5,
  -0.5,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  NaN,
  Infinity,
  -Infinity,
  10n,
  '',
  ' ',
  'x',
  '10',
  'a b',
  'x'.repeat(300),
  true,
  false,
  [],
  [1],
  ['x'],
  [null],
  {},
  { a: 1 },
  () => 1,
  Symbol('s'),
  new Date(0),
  Object.create(null),
];

/** Edge values of the right type, by the field's last name segment. */
export function edgeValues(field: string): unknown[] {
  const leaf = field.replace(/^.*[.\]]/, '');
  if (/Gb$/.test(leaf))
    return [0.0001, 1e-9, 0.25, 0.48828125, 0.49, 0.5, 1.99, 2 ** 23 - 1, 2 ** 23, 2 ** 32, 1e300, 1024];
  if (/Mb$/.test(leaf)) return [1, 249, 250, 8191, 2 ** 32, 2 ** 43, 2 ** 44, 0.5];
  if (/^(cpu|minCru|dataShards|parityShards|minimalShards|expectedShards|redundant\w+|threshold)$/.test(leaf))
    return [0, 1, 2, 3, 254, 255, 256, 2.5, -2];
  if (/^(nodeId|farmId|twinId|port|durationBlocks)$/.test(leaf) || /farmIds/.test(field))
    return [0, 1, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 431999, 432000, 1.2];
  return ['', ' ', 'ygg', 'a/b', 'A'.repeat(37), 'ok_name', '10.20.0.0/16', 'http://10.1.1.1:80'];
}

/** The fields a target reads, in order (each `v(field, good)` call). */
export function targetFields(target: PropsFuzzTarget): string[] {
  const fields: string[] = [];
  try {
    target.build(<T>(field: string, good: T): T => {
      if (!fields.includes(field)) fields.push(field);
      return good;
    });
  } catch (e) {
    throw new Error(`fuzz target ${target.name} is not valid with its good props: ${String(e)}`);
  }
  return fields;
}

/** `count` cases, deterministic for a seed: each field of each target, one or two replaced. */
export function generateCases(seed: number, count: number): FuzzCase[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const all = PROPS_FUZZ_TARGETS.map((t) => ({ t, fields: targetFields(t) }));
  const slots = all.flatMap(({ t, fields }) => fields.map((f) => ({ t, f, fields })));
  const cases: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    // walk every (target, field) in turn so that each one is covered; values at random
    const { t, f, fields } = slots[i % slots.length];
    const value = (field: string): unknown => (rnd() < 0.6 ? pick(ANY_VALUES) : pick(edgeValues(field)));
    const chosen: Record<string, unknown> = { [f]: value(f) };
    if (rnd() < 0.2) {
      const g = pick(fields);
      if (g !== f) chosen[g] = value(g);
    }
    cases.push({ target: t.name, fields: chosen });
  }
  return cases;
}

const MESSAGE = /^([^:]+): .*'[^']+'/;

/** Paths of every construct under the app, and '(app)'. */
function pathsOf(app: App | undefined): Set<string> {
  const paths = new Set(['(app)']);
  for (const c of app?.node.findAll() ?? []) if (c.node.path) paths.add(c.node.path);
  return paths;
}

function unclear(problems: readonly string[], paths: Set<string>): string | undefined {
  return problems.find((p) => {
    const m = MESSAGE.exec(p);
    return !m || !paths.has(m[1]);
  });
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : `thrown ${typeof e}`;
}

/** Runs one case in both modes and classifies it. */
export function runCase(c: FuzzCase): FuzzResult {
  const target = PROPS_FUZZ_TARGETS.find((t) => t.name === c.target);
  if (!target) throw new Error(`no fuzz target ${c.target}`);
  const v: Pick = <T>(field: string, good: T): T =>
    Object.prototype.hasOwnProperty.call(c.fields, field) ? (c.fields[field] as T) : good;
  const done = (outcome: FuzzOutcome, detail: string): FuzzResult => ({ ...c, outcome, detail });

  // throwing mode: constructors and synth
  let accepted = false;
  let holder: { app?: App } = {};
  try {
    holder = {};
    const app = target.build(v, holder);
    const { manifest } = app.synth();
    const deployments = manifest.units.filter((u): u is DeploymentUnit => u.kind === 'deployment');
    const invalid = [
      ...schemaProblems(manifest).map((p) => `schema: ${p}`),
      ...zosUnitProblems(deployments, manifest.secrets).map(
        (p) => `zos: ${p.unit}/${p.workload ?? ''} ${p.field}: ${p.problem.message}`,
      ),
    ];
    if (invalid.length > 0) return done('accepted-invalid', invalid[0]);
    accepted = true;
  } catch (e) {
    if (!(e instanceof ValidationError)) return done('raw-error', describe(e));
    const bad = unclear(e.problems, pathsOf(holder.app));
    if (bad !== undefined) return done('unclear-error', bad);
  }

  // collecting mode: what `tfgrid validate` does
  let problems: string[];
  let collected: { app?: App } = {};
  try {
    collected = {};
    const app = collectingErrors(() => target.build(v, collected));
    problems = app.validate();
  } catch (e) {
    if (!(e instanceof ValidationError)) return done('raw-error', `validate: ${describe(e)}`);
    return done('inconsistent', `validate threw instead of listing: ${e.problems[0]}`);
  }
  const bad = unclear(problems, pathsOf(collected.app));
  if (bad !== undefined) return done('unclear-error', `validate: ${bad}`);
  if (accepted !== (problems.length === 0)) {
    return done(
      'inconsistent',
      accepted ? `synth accepted, validate found: ${problems[0]}` : 'synth refused, validate found nothing',
    );
  }
  return done(accepted ? 'accepted' : 'rejected', problems[0] ?? '');
}

/** Counts per outcome. */
export function tally(results: readonly FuzzResult[]): Record<FuzzOutcome, number> {
  const out: Record<FuzzOutcome, number> = {
    rejected: 0,
    accepted: 0,
    'raw-error': 0,
    'unclear-error': 0,
    'accepted-invalid': 0,
    inconsistent: 0,
  };
  for (const r of results) out[r.outcome]++;
  return out;
}
