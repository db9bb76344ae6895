/**
 * The engine against a dev grid whose chain has 1/100 of TFChain's block weight (2e10 ps: ten node
 * contracts per extrinsic instead of about a thousand), so that a small plan is bigger than one
 * block: the engine reads the limits and the calls' weights from the chain, splits the contracts
 * into the fewest batches the chain accepts, and all of them land; when a later batch fails, the
 * contracts of the earlier ones are cancelled.
 */
import { App, NodeSelector, Zdb } from '../../constructs';
import { ApplyError } from '../../engine/apply-run';
import type { GridBackend, NewContract } from '../../engine/backend';
import { Engine, type ProgressEvent } from '../../engine/engine';
import { observe } from '../../engine/observe';
import { TfchainClient } from '../../clients/chain/tfchain-client';
import { useDevGrid } from '../support/dev-grid';

jest.setTimeout(180_000);

const fx = useDevGrid({ nodes: 4, farms: 2, blockLimits: { maxBlockRefTime: 20_000_000_000 } });

/** `units` zdbs, each its own deployment unit (one node contract each). */
function zdbs(project: string, units: number): App {
  const app = new App({ projectName: project });
  for (let i = 0; i < units; i++) {
    const node = new NodeSelector(app, `n${i}`, { minHruGb: 1 });
    new Zdb(app, `db${i}`, { node, sizeGb: 1, mode: 'user', password: 'pw-for-tests' });
  }
  return app;
}

/** The real backend, recording each createContracts call's contracts and ids; `sabotage` may change a batch. */
function recording(sabotage?: (call: number, contracts: readonly NewContract[]) => readonly NewContract[]) {
  const batches: { sent: number; ids: number[] }[] = [];
  const backend = new Proxy(fx.backend, {
    get(target, prop, receiver) {
      if (prop === 'createContracts')
        return async (contracts: readonly NewContract[]) => {
          const sent = sabotage ? sabotage(batches.length, contracts) : contracts;
          const ids = await target.createContracts(sent);
          batches.push({ sent: sent.length, ids });
          return ids;
        };
      return Reflect.get(target, prop, receiver);
    },
  }) as GridBackend;
  return { backend, batches };
}

const liveContracts = async (project: string) => (await observe(fx.backend, project)).deployments.length;

describe('batches sized from the chain block limits', () => {
  it('the chain refuses one batch of 25 node contracts (over its max extrinsic weight)', async () => {
    const contracts: NewContract[] = Array.from({ length: 25 }, (_, i) => ({
      type: 'node',
      nodeId: 1,
      deploymentHash: (i + 1).toString(16).padStart(32, '0'),
      deploymentData: '',
      publicIps: 0,
    }));
    await expect(fx.backend.createContracts(contracts)).rejects.toThrow(/exhaust the block limits/);
    // and sizes them as 10, 10 and 5 (10 * 1.209e9 ps + the batch's base fit in 1.2876e10)
    expect(await fx.backend.contractBatchSizes(contracts)).toEqual([10, 10, 5]);
  });

  it('applies 25 units in three batches, all land, and destroys them in batches', async () => {
    const { backend, batches } = recording();
    const progress: string[] = [];
    const engine = new Engine(backend, {
      timeoutMs: 60_000,
      pollMs: 100,
      progress: (e: ProgressEvent) => progress.push(e.message),
    });
    const result = await engine.apply(zdbs('batch-split', 25).synth());
    expect(batches.map((b) => b.sent)).toEqual([10, 10, 5]);
    expect(progress).toContain('creating 5 contract(s) in batch 3 of 3');
    expect(result.actions.filter((a) => a.op === 'create')).toHaveLength(25);
    expect(new Set(Object.values(result.outputs).map((o) => o.contractId)).size).toBe(25);
    expect(await liveContracts('batch-split')).toBe(25);
    expect((await engine.plan(zdbs('batch-split', 25).synth())).empty).toBe(true);
    await engine.destroy('batch-split');
    expect(await liveContracts('batch-split')).toBe(0);
  });

  it('cancels the contracts of earlier batches when a later batch fails', async () => {
    // the second batch names a node that does not exist: the chain refuses it (NodeNotExists)
    const { backend, batches } = recording((call, contracts) =>
      call === 1
        ? contracts.map((c, i) => (i === 3 && c.type === 'node' ? { ...c, nodeId: 99_999 } : c))
        : contracts,
    );
    const engine = new Engine(backend, { timeoutMs: 60_000, pollMs: 100 });
    const failure = await engine.apply(zdbs('batch-rollback', 25).synth()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplyError);
    expect((failure as ApplyError).message).toMatch(/NodeNotExists/);
    expect((failure as ApplyError).leftovers).toEqual([]);
    // the first batch landed, then was undone
    expect(batches).toHaveLength(1);
    expect(batches[0].ids).toHaveLength(10);
    const chain = new TfchainClient(fx.backend.api, fx.backend.pair);
    for (const id of batches[0].ids) expect(await chain.getContract(id)).toBeUndefined();
    expect(await liveContracts('batch-rollback')).toBe(0);
  });
});
