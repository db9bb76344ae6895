/**
 * Property-based test of construct input: a few thousand seeded cases over every construct and
 * field (props-fuzz.ts). No raw TypeError, no unclear message, no manifest that schema.json or the
 * zos model refuses, and `validate()` agrees with `synth()`.
 */
import { generateCases, runCase, tally, targetFields, type FuzzResult } from './props-fuzz';
import { PROPS_FUZZ_TARGETS } from './props-fuzz-targets';

const SEED = 20261130;
const CASES = Number(process.env.PROPS_FUZZ_CASES ?? 4000);

describe('props fuzz', () => {
  test('every target is valid with its good props and reads its fields', () => {
    for (const t of PROPS_FUZZ_TARGETS) {
      const fields = targetFields(t);
      expect(fields.length).toBeGreaterThan(1);
      const r = runCase({ target: t.name, fields: {} });
      expect([t.name, r.outcome, r.detail]).toEqual([t.name, 'accepted', '']);
    }
  });

  test(`${CASES} seeded cases: every outcome is a clear rejection or a valid manifest`, () => {
    const results: FuzzResult[] = generateCases(SEED, CASES).map(runCase);
    const counts = tally(results);
    const bad = results.filter((r) => r.outcome !== 'accepted' && r.outcome !== 'rejected');
    const show = (r: FuzzResult): string =>
      `${r.target} ${Object.entries(r.fields)
        .map(
          ([k, v]) =>
            `${k}=${typeof v === 'symbol' ? 'Symbol' : typeof v === 'bigint' ? `${v}n` : typeof v === 'function' ? 'fn' : JSON.stringify(v)}`,
        )
        .join(' ')} -> ${r.outcome}: ${r.detail}`;
    process.stdout.write(`props fuzz: ${results.length} cases ${JSON.stringify(counts)}\n`);
    expect(bad.slice(0, 30).map(show)).toEqual([]);
    expect(counts.rejected).toBeGreaterThan(0);
    expect(counts.accepted).toBeGreaterThan(0);
  });
});
