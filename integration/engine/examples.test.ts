/**
 * Every example program (one per resource kind, and the full stack) on one dev grid: apply, a
 * re-apply that sends nothing, destroy that leaves no contract. The DAO examples have their own
 * test (dao.test.ts): a vote needs a proposal and a farm owner.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { App } from '../../constructs';
import { startDevGrid, type DevGrid } from '../../devgrid/grid';
import { submitStats } from '../../provider/chain/submit';
import { Engine } from '../../provider/engine/engine';
import { connectGrid, type ConnectedGrid } from '../../provider/engine/grid-backend';
import { observe } from '../../provider/engine/observe';

jest.setTimeout(120_000);

const EXAMPLES = [
  'machine',
  'public-ip',
  'network',
  'zdb',
  'zstor-cluster',
  'qsfs',
  'kubernetes',
  'gateway-name',
  'gateway-fqdn',
  'full-stack',
];

let grid: DevGrid;
let backend: ConnectedGrid;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-it-'));
  grid = await startDevGrid({ dataDir: dir });
  backend = await connectGrid({
    endpoints: {
      network: 'local',
      substrateUrls: [grid.chainUrl],
      relayUrls: [grid.relayUrl],
      proxyUrl: grid.proxyUrl,
    },
    secret: grid.mnemonic,
  });
});

afterAll(async () => {
  await backend?.close();
  await grid?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  await new Promise((r) => setTimeout(r, 2000));
});

it.each(EXAMPLES)('examples/%s: apply, re-apply sends nothing, destroy leaves nothing', async (name) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { build } = require(`../../examples/${name}`) as { build: () => App };
  const synth = build().synth();
  const engine = new Engine(backend, { timeoutMs: 30_000, pollMs: 100 });
  const applied = await engine.apply(synth);
  const units = synth.manifest.units.filter((u) => u.kind === 'deployment').map((u) => u.id);
  expect(Object.keys(applied.outputs).sort()).toEqual(units.sort());
  for (const out of Object.values(applied.outputs)) {
    expect(Object.keys(out.workloads).length).toBeGreaterThan(0);
  }
  const before = submitStats.of(backend.pair.address);
  expect((await engine.plan(synth)).empty).toBe(true);
  await engine.apply(synth);
  expect(submitStats.of(backend.pair.address)).toBe(before);

  const names = synth.manifest.units.flatMap((u) => (u.kind === 'name-contract' ? [u.name] : []));
  await engine.destroy(synth.manifest.project, names);
  const left = await observe(backend, synth.manifest.project);
  expect(left.deployments).toEqual([]);
  for (const n of names) expect(left.names.has(n)).toBe(false);
});
