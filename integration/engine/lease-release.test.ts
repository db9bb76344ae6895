/**
 * Releasing the project lease does not wait for a block, on a dev grid whose blocks this test makes
 * itself: release() returns while the deletion is still in the chain's pool (the lease still
 * stands at the best block, and another holder is refused), and the block that holds the deletion
 * frees the lease for the next holder.
 */
import { leaseKey, LeaseHeldError, ProjectLease, readLease } from '../../engine/lease';
import { useDevGrid } from '../support/dev-grid';

jest.setTimeout(120_000);

// blocks only when the test makes them
const fx = useDevGrid({ nodes: 1, farms: 1, blockTimeMs: 3_600_000 });

/** Makes a block whenever the pool holds something, until stopped. */
function blockPump(): { stop(): void } {
  const timer = setInterval(() => {
    if (fx.grid.chain.node.pending.length > 0) fx.grid.chain.produceBlock();
  }, 20);
  return { stop: () => clearInterval(timer) };
}

it('release returns once the pool holds the deletion; the block that holds it frees the lease', async () => {
  const pump = blockPump();
  const lease = new ProjectLease(fx.backend, 'released', { waitMs: 0 });
  await lease.acquire();
  pump.stop();
  expect((await readLease(fx.backend, 'released'))?.holder).toMatch(/pid \d+$/);
  const best = fx.grid.chain.node.best.number;

  await lease.release();
  // no block was made: the deletion waits in the pool and the lease still stands
  expect(fx.grid.chain.node.best.number).toBe(best);
  expect(fx.grid.chain.node.pending).toHaveLength(1);
  expect(await fx.backend.kvGet(leaseKey('released'))).toBeDefined();
  const early = await new ProjectLease(fx.backend, 'released', { waitMs: 0, holder: 'ci-job-2' })
    .acquire()
    .catch((e) => e);
  expect(early).toBeInstanceOf(LeaseHeldError);

  fx.grid.chain.produceBlock();
  expect(fx.grid.chain.node.pending).toHaveLength(0);
  expect(await readLease(fx.backend, 'released')).toBeUndefined();
  const next = new ProjectLease(fx.backend, 'released', { waitMs: 0, holder: 'ci-job-2' });
  const pumpAgain = blockPump();
  try {
    await next.acquire();
    expect((await readLease(fx.backend, 'released'))?.holder).toBe('ci-job-2');
    await next.release();
    while (fx.grid.chain.node.pending.length > 0) await new Promise((r) => setTimeout(r, 20));
    expect(await readLease(fx.backend, 'released')).toBeUndefined();
  } finally {
    pumpAgain.stop();
  }
});
