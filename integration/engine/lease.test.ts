/**
 * One apply or destroy of a project at a time, on a dev grid: two applies of one program started
 * together (two connections of the same account, as two CI jobs would be) end with one set of
 * units, and the second reports that it waited; a lease left by a crashed holder blocks until it
 * expires, names the holder, and `breakLease` (tfgrid unlock) frees it.
 */
import { App, NodeSelector, Zdb } from '../../constructs';
import { Engine } from '../../engine/engine';
import {
  breakLease,
  leaseKey,
  LeaseHeldError,
  ProjectLease,
  readLease,
  withProjectLease,
  type LeaseRecord,
} from '../../engine/lease';
import { observe } from '../../engine/observe';
import { useDevGrid } from '../support/dev-grid';

jest.setTimeout(180_000);

const fx = useDevGrid({ nodes: 3, farms: 1 });

function program() {
  const app = new App({ projectName: 'leased' });
  const spread = new NodeSelector(app, 'spread', { distinct: true });
  for (let i = 0; i < 3; i++) new Zdb(app, `db${i}`, { node: spread, sizeGb: 1, mode: 'seq' });
  return app.synth();
}

it('two applies started together end with one set of units; the second waits', async () => {
  const second = await fx.connect(fx.grid.mnemonic);
  const waited: { job: string; held: LeaseRecord }[] = [];
  const job = (name: string, backend: typeof second) =>
    withProjectLease(
      backend,
      'leased',
      { pollMs: 200, holder: name, onWait: (held) => waited.push({ job: name, held }) },
      () => new Engine(backend, { timeoutMs: 60_000, pollMs: 100 }).apply(program()),
    );
  const [a, b] = await Promise.all([job('job-a', fx.backend), job('job-b', second)]);
  const units = (await observe(fx.backend, 'leased')).deployments;
  expect(units).toHaveLength(3);
  expect(new Set(units.map((u) => u.unit)).size).toBe(3);
  // exactly one waited, for the other; it then found everything done
  expect(waited).toHaveLength(1);
  const [first, later] = waited[0].job === 'job-a' ? [b, a] : [a, b];
  expect(waited[0].held.holder).toBe(waited[0].job === 'job-a' ? 'job-b' : 'job-a');
  expect(first.actions.filter((x) => x.op === 'create')).toHaveLength(3);
  expect(later.actions.every((x) => x.op === 'noop')).toBe(true);
  expect(await readLease(fx.backend, 'leased')).toBeUndefined();
  await new Engine(fx.backend).destroy('leased');
});

it("a crashed holder's lease blocks, names the holder and expiry, and lapses or is broken", async () => {
  const key = leaseKey('stale');
  const expiresAt = Date.now() + 3_600_000;
  await fx.backend.kvWrite(
    new Map([[key, JSON.stringify({ token: 'dead', holder: 'ci-job-7', expiresAt })]]),
  );
  const err = await new ProjectLease(fx.backend, 'stale', { waitMs: 0 }).acquire().catch((e) => e);
  expect(err).toBeInstanceOf(LeaseHeldError);
  expect(err.message).toContain(`locked by ci-job-7 until ${new Date(expiresAt).toISOString()}`);
  expect(err.message).toContain('tfgrid unlock');

  await breakLease(fx.backend, 'stale');
  const lease = new ProjectLease(fx.backend, 'stale', { waitMs: 0 });
  await lease.acquire();
  expect((await readLease(fx.backend, 'stale'))?.holder).toMatch(/pid \d+$/);
  await lease.release();

  // an expired lease is taken over without waiting
  await fx.backend.kvWrite(
    new Map([[key, JSON.stringify({ token: 'dead', holder: 'ci-job-8', expiresAt: Date.now() - 1 })]]),
  );
  const next = new ProjectLease(fx.backend, 'stale', { waitMs: 0 });
  await next.acquire();
  await next.release();
  expect(await readLease(fx.backend, 'stale')).toBeUndefined();
});
