/**
 * The project lease written in the apply's first contract batch, on a dev grid whose blocks the
 * test makes (a pump makes one whenever the pool holds something and an empty one every 0.5 s; it
 * stops while a test needs the pool held). An apply sends its lease and contracts as one extrinsic.
 * A rival's lease that lands between the apply's look and its batch (or is taken and released
 * there), or after the batch in the same block, makes it lose: its contracts are cancelled (nothing
 * leaked), the rival's lease put back where it was overwritten, and it applies again holding the
 * lease, with one set of units in the end.
 */
import { App, NodeSelector, Zdb } from '../../constructs';
import { bytesArg } from '../../clients/chain/chain-call';
import { getContracts } from '../../clients/chain/contracts';
import { ApplyError } from '../../engine/apply-run';
import type { GridBackend } from '../../engine/backend';
import { Engine } from '../../engine/engine';
import type { ConnectedGrid } from '../../engine/grid-backend';
import { leaseKey, ProjectLease, readLease, type LeaseRecord } from '../../engine/lease';
import { LeaseInBatch, LeaseLostError, withLeaseInBatch } from '../../engine/lease-in-batch';
import { observe } from '../../engine/observe';
import { useDevGrid } from '../support/dev-grid';

jest.setTimeout(180_000);

// blocks only when the test makes them
const fx = useDevGrid({ nodes: 2, farms: 1, blockTimeMs: 3_600_000 });

let pump: NodeJS.Timeout | undefined;
let paused = false;
beforeAll(() => {
  let idle = 0;
  pump = setInterval(() => {
    if (paused) return;
    // a block for what the pool holds at once; an empty one now and then, so that blocks get final
    if (fx.grid.chain.node.pending.length > 0 || ++idle % 25 === 0) fx.grid.chain.produceBlock();
  }, 20);
});
afterAll(() => clearInterval(pump));

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; !ok(); i++) {
    if (i > 1500) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function program(project: string) {
  const app = new App({ projectName: project });
  const spread = new NodeSelector(app, 'spread', { distinct: true });
  for (let i = 0; i < 2; i++) new Zdb(app, `db${i}`, { node: spread, sizeGb: 1, mode: 'seq' });
  return app.synth();
}

/** The extrinsics the account signed in blocks (from, best], as `section.method` with a batch's calls. */
function signedSince(from: number): { call: string; inner: string[]; args: unknown[] }[] {
  const node = fx.grid.chain.node;
  const registry = node.runtime.registry;
  const out: { call: string; inner: string[]; args: unknown[] }[] = [];
  for (const block of node.blocks.slice(from + 1)) {
    for (const hex of block.extrinsics) {
      const x = registry.createType('Extrinsic', hex);
      if (!x.isSigned || x.signer.toString() !== fx.backend.pair.address) continue;
      const inner =
        x.method.method === 'batchAll'
          ? (x.method.args[0] as unknown as { section: string; method: string; args: unknown[] }[])
          : [];
      out.push({
        call: `${x.method.section}.${x.method.method}`,
        inner: inner.map((c) => `${c.section}.${c.method}`),
        args: inner.map((c) => c.args.map((a) => String(a))),
      });
    }
  }
  return out;
}

/** Applies `project` as the CLI does: the lease in the first batch, again under the lease when lost. */
async function applyLeased(
  project: string,
  backend: GridBackend,
  hooks: { onWait?: (held: LeaseRecord) => void; wrap?: (b: GridBackend) => GridBackend } = {},
) {
  const engine = new Engine(backend, { timeoutMs: 60_000, pollMs: 100 });
  const synth = program(project);
  const plan = await engine.plan(synth);
  const lease = new ProjectLease(backend, project, { pollMs: 200, onWait: hooks.onWait });
  const failures: unknown[] = [];
  const result = await withLeaseInBatch(lease, backend, {
    first: (b) => engine.withBackend(hooks.wrap ? hooks.wrap(b) : b).applyPlan(synth, plan),
    again: () => engine.apply(synth),
    retry: (e, lost) => lost && e instanceof ApplyError && e.leftovers.length === 0,
    onAgain: (e) => failures.push(e),
  });
  return { result, failures };
}

/** A rival's lease (another apply of the same account on another host), live for a minute. */
const rivalLease = () =>
  JSON.stringify({ token: 'rival', holder: 'ci-job-9', expiresAt: Date.now() + 60_000 });

/** Contracts of `ids` still live on chain. */
async function live(ids: readonly number[]): Promise<number[]> {
  const found = await getContracts(fx.backend.api, ids);
  return found.filter((c) => c.state !== 'deleted').map((c) => c.contractId);
}

async function expectOneSetAndDestroy(project: string): Promise<void> {
  const units = (await observe(fx.backend, project)).deployments;
  // the two zdbs, one unit per node
  expect(new Set(units.map((u) => u.unit)).size).toBe(2);
  expect(new Set(units.map((u) => u.nodeId)).size).toBe(2);
  await new Engine(fx.backend).destroy(project);
  await until('the lease deletion is in a block', () => fx.grid.chain.node.pending.length === 0);
  expect(await readLease(fx.backend, project)).toBeUndefined();
}

it('sends the lease and the contracts as one extrinsic, the lease its first call', async () => {
  const from = fx.grid.chain.node.best.number;
  const { result, failures } = await applyLeased('in-batch', fx.backend);
  expect(failures).toEqual([]);
  expect(result.actions.filter((a) => a.op === 'create')).toHaveLength(2);
  await until('the lease deletion is in a block', () => fx.grid.chain.node.pending.length === 0);
  const sent = signedSince(from);
  expect(sent.map((x) => x.call)).toEqual(['utility.batchAll', 'tfkvStore.delete']);
  expect(sent[0].inner).toEqual([
    'tfkvStore.set',
    'smartContractModule.createNodeContract',
    'smartContractModule.createNodeContract',
  ]);
  expect(Buffer.from(String((sent[0].args[0] as string[])[0]).slice(2), 'hex').toString()).toBe(
    leaseKey('in-batch'),
  );
  await expectOneSetAndDestroy('in-batch');
});

describe('a rival takes the lease while the apply starts', () => {
  let rival: ConnectedGrid;
  beforeAll(async () => {
    rival = await fx.connect(fx.grid.mnemonic);
  });

  it('a live lease landing between the look and the batch: batch undone, lease put back, applied once after it', async () => {
    const lost: number[] = [];
    const waited: string[] = [];
    const { failures } = await applyLeased('race-before', fx.backend, {
      onWait: (held) => {
        waited.push(held.holder);
        // the rival finishes: its lease goes
        void rival.kvWrite(new Map([[leaseKey('race-before'), undefined]]));
      },
      wrap: (b) =>
        new Proxy(b, {
          get: (target, prop, receiver) =>
            prop === 'createContracts'
              ? async (...args: Parameters<GridBackend['createContracts']>) => {
                  if (lost.length === 0)
                    await rival.kvWrite(new Map([[leaseKey('race-before'), rivalLease()]]));
                  const ids = await target.createContracts(...args).catch((e) => {
                    if (e instanceof LeaseLostError) lost.push(...e.created.map((c) => c.contractId));
                    throw e;
                  });
                  return ids;
                }
              : Reflect.get(target, prop, receiver),
        }),
    });
    expect(lost).toHaveLength(2);
    expect(failures).toHaveLength(1);
    expect((failures[0] as ApplyError).undone.join('; ')).toContain(`cancelled contract ${lost[0]}`);
    // the rival's lease was put back, and waited for
    expect(waited).toEqual(['ci-job-9']);
    expect(await live(lost)).toEqual([]);
    await expectOneSetAndDestroy('race-before');
  });

  it('a rival that took and released the lease between the look and the batch: batch undone, applied again holding the lease', async () => {
    const lost: number[] = [];
    const waited: string[] = [];
    const key = leaseKey('race-released');
    const { failures } = await applyLeased('race-released', fx.backend, {
      onWait: (held) => waited.push(held.holder),
      wrap: (b) =>
        new Proxy(b, {
          get: (target, prop, receiver) =>
            prop === 'createContracts'
              ? async (...args: Parameters<GridBackend['createContracts']>) => {
                  if (lost.length === 0) {
                    // the lease is free again when our batch lands, but the rival may have changed the project
                    await rival.kvWrite(new Map([[key, rivalLease()]]));
                    await rival.kvWrite(new Map([[key, undefined]]));
                  }
                  return target.createContracts(...args).catch((e) => {
                    if (e instanceof LeaseLostError) lost.push(...e.created.map((c) => c.contractId));
                    throw e;
                  });
                }
              : Reflect.get(target, prop, receiver),
        }),
    });
    expect(lost).toHaveLength(2);
    expect(failures).toHaveLength(1);
    // our token stood: the apply held the lease and planned again without waiting
    expect(waited).toEqual([]);
    expect(await live(lost)).toEqual([]);
    await expectOneSetAndDestroy('race-released');
  });

  it('a first change that is no contract batch takes the lease as usual, and fails when the lease moved since the look', async () => {
    const key = leaseKey('race-update');
    const lease = new ProjectLease(fx.backend, 'race-update', { waitMs: 0 });
    const calm = (await LeaseInBatch.start(fx.backend, lease))!;
    // nothing moved: the change goes on, holding the lease
    await calm.backend.kvWrite(new Map([['tfgrid-iac/test/race-update', 'a']]));
    expect(calm.lost).toBe(false);
    expect((await readLease(fx.backend, 'race-update'))?.holder).toMatch(/pid \d+$/);
    await lease.release();
    await until('the lease deletion is in a block', () => fx.grid.chain.node.pending.length === 0);

    const next = new ProjectLease(fx.backend, 'race-update', { waitMs: 0 });
    const moved = (await LeaseInBatch.start(fx.backend, next))!;
    await rival.kvWrite(new Map([[key, rivalLease()]]));
    await rival.kvWrite(new Map([[key, undefined]]));
    const err = await moved.backend.kvWrite(new Map([['tfgrid-iac/test/race-update', 'b']])).catch((e) => e);
    expect(err).toBeInstanceOf(LeaseLostError);
    expect(err.created).toEqual([]);
    expect(moved.lost).toBe(true);
    // the change was not made; the lease is held, for the apply to plan again under it
    expect(await fx.backend.kvGet('tfgrid-iac/test/race-update')).toBe('a');
    expect(next.held).toBeDefined();
    await next.release();
    await fx.backend.kvWrite(new Map([['tfgrid-iac/test/race-update', undefined]]));
  });

  it("a rival's write after the batch in the same block: batch undone, applied once after the rival", async () => {
    const lost: number[] = [];
    const waited: string[] = [];
    const { failures } = await applyLeased('race-same-block', fx.backend, {
      onWait: (held) => {
        waited.push(held.holder);
        void rival.kvWrite(new Map([[leaseKey('race-same-block'), undefined]]));
      },
      wrap: (b) =>
        new Proxy(b, {
          get: (target, prop, receiver) =>
            prop === 'createContracts'
              ? async (...args: Parameters<GridBackend['createContracts']>) => {
                  if (lost.length > 0) return target.createContracts(...args);
                  paused = true;
                  const pending = target.createContracts(...args).catch((e) => {
                    if (e instanceof LeaseLostError) lost.push(...e.created.map((c) => c.contractId));
                    throw e;
                  });
                  try {
                    await until('the batch is in the pool', () => fx.grid.chain.node.pending.length === 1);
                    // straight to the pool, as another process would (this one's queue holds our batch)
                    await rival.api.tx.tfkvStore
                      .set(bytesArg(leaseKey('race-same-block')), bytesArg(rivalLease()))
                      .signAndSend(rival.pair, { nonce: -1 });
                    expect(fx.grid.chain.node.pending).toHaveLength(2);
                  } finally {
                    paused = false;
                  }
                  return pending;
                }
              : Reflect.get(target, prop, receiver),
        }),
    });
    expect(lost).toHaveLength(2);
    expect(failures).toHaveLength(1);
    expect(waited).toEqual(['ci-job-9']);
    expect(await live(lost)).toEqual([]);
    await expectOneSetAndDestroy('race-same-block');
  });
});
