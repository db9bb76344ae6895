/**
 * Every example program (one per resource kind, and the full stack) on one dev grid: apply, a
 * re-apply that sends nothing, destroy that leaves no contract. The DAO examples have their own
 * test (dao.test.ts): a vote needs a proposal and a farm owner.
 */
import type { App } from '../../constructs';
import { DAO_EXAMPLES, EXAMPLES as ALL } from '../../examples/lib/catalog';
import { submitStats } from '../../clients/chain/submit';
import { useDevGrid } from '../support/dev-grid';
import { Engine } from '../../engine/engine';
import { observe } from '../../engine/observe';

jest.setTimeout(120_000);

const EXAMPLES = ALL.filter((e) => !DAO_EXAMPLES.includes(e));

const fx = useDevGrid();

it.each(EXAMPLES)('examples/%s: apply, re-apply sends nothing, destroy leaves nothing', async (name) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { build } = require(`../../examples/${name}`) as { build: () => App };
  const synth = build().synth();
  const engine = new Engine(fx.backend, { timeoutMs: 30_000, pollMs: 100 });
  const applied = await engine.apply(synth);
  const units = synth.manifest.units.filter((u) => u.kind === 'deployment').map((u) => u.id);
  expect(Object.keys(applied.outputs).sort()).toEqual(units.sort());
  for (const out of Object.values(applied.outputs)) {
    expect(Object.keys(out.workloads).length).toBeGreaterThan(0);
  }
  const before = submitStats.of(fx.backend.pair.address);
  expect((await engine.plan(synth)).empty).toBe(true);
  await engine.apply(synth);
  expect(submitStats.of(fx.backend.pair.address)).toBe(before);

  const names = synth.manifest.units.flatMap((u) => (u.kind === 'name-contract' ? [u.name] : []));
  await engine.destroy(synth.manifest.project);
  const left = await observe(fx.backend, synth.manifest.project);
  expect(left.deployments).toEqual([]);
  for (const n of names) expect(left.names.has(n)).toBe(false);
});
