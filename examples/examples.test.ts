import * as fs from 'fs';
import * as path from 'path';
import { App, manifestToJson, schemaProblems } from '../constructs';
import { EXAMPLES } from './lib/catalog';

const programs = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .sort();

describe('examples', () => {
  test('there is a program per resource kind and a full stack', () => {
    for (const name of EXAMPLES) {
      expect(programs).toContain(`${name}.ts`);
    }
  });

  test.each(programs)('%s synthesises a schema-valid, deterministic manifest', (file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(__dirname, file)) as { build: () => App };
    const app = mod.build();
    expect(app).toBeInstanceOf(App);
    expect(app.validate()).toEqual([]);
    const { manifest } = app.synth();
    expect(schemaProblems(manifest)).toEqual([]);
    expect(manifest.units.length).toBeGreaterThan(0);
    expect(manifestToJson(mod.build().synth().manifest)).toBe(manifestToJson(manifest));
  });

  test('the full stack holds every kind of unit and workload', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { manifest } = (require('./full-stack') as { build: () => App }).build().synth();
    const kinds = new Set(manifest.units.map((u) => u.kind));
    expect([...kinds].sort()).toEqual(['dao-proposal', 'deployment', 'name-contract']);
    const types = new Set(
      manifest.units.flatMap((u) => (u.kind === 'deployment' ? u.workloads.map((w) => w.type) : [])),
    );
    expect([...types].sort()).toEqual([
      'gateway-name-proxy',
      'ip',
      'network',
      'qsfs',
      'zdb',
      'zmachine',
      'zmount',
    ]);
    expect(manifest.references.length).toBeGreaterThan(0);
    expect(manifest.cost.usdPerMonth).toBeGreaterThan(0);
  });
});
