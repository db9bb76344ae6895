/**
 * Faults the chain alone must get through, on a real dev grid: destroy with the RMB relay refused
 * or blackholed (every contract cancelled, the nodes that could not be told named, and the nodes
 * cleaning up from the chain's events), a node going offline while apply waits for it (rollback at
 * once, not after --timeout), and the chain dropping while apply undoes (the message says so and
 * names what is still on chain). The chain drop comes last: it restarts the chain.
 */
import * as path from 'path';
import { App, NodeSelector, Zdb } from '../../constructs';
import { startDevChain } from '../../devgrid/chain/chain';
import { startRelay } from '../../devgrid/relay/relay';
import { ChainTwinDirectory } from '../../clients/rmb/chain-twin-directory';
import { gridEndpoints } from '../../devgrid/grid';
import { ApplyError } from '../../engine/apply-run';
import { NodeUnreachableError, type GridBackend } from '../../engine/backend';
import { Engine } from '../../engine/engine';
import { connectGrid, type ConnectedGrid } from '../../engine/grid-backend';
import { observe } from '../../engine/observe';
import { useDevGrid } from '../support/dev-grid';
import { blackholeRelay, refusedRelayUrl } from '../support/relay-faults';

jest.setTimeout(180_000);

const fx = useDevGrid({ nodes: 3, farms: 1 });

/** One zdb on each of `nodes`. */
function program(project: string, nodes: number[]): App {
  const app = new App({ projectName: project });
  for (const nodeId of nodes) {
    const node = new NodeSelector(app, `n${nodeId}`, { nodeId });
    new Zdb(app, `db${nodeId}`, { node, sizeGb: 1, mode: 'user', password: 'pw-for-tests' });
  }
  return app;
}

const liveOf = async (project: string) =>
  (await observe(fx.backend, project)).deployments.map((d) => d.contractId);

/** Applies `project` over nodes 1 and 2 with the healthy backend; returns contract per node. */
async function deployed(project: string): Promise<Map<number, number>> {
  const res = await new Engine(fx.backend, { pollMs: 100 }).apply(program(project, [1, 2]).synth());
  return new Map(Object.values(res.outputs).map((o) => [o.nodeId, o.contractId]));
}

/**
 * The nodes (asked through the healthy relay) removed the workloads of every contract. Nodes act on
 * finalized blocks, and finality lags the best block as on a real node: poll for up to 20 s.
 */
async function expectRemovedByNodes(contracts: Map<number, number>): Promise<void> {
  for (const [nodeId, contractId] of contracts) {
    let states: (string | undefined)[] | undefined;
    for (let i = 0; i < 100; i++) {
      const d = await fx.backend.getDeployment(nodeId, contractId);
      states = d?.workloads.map((w) => w.result?.state);
      if (states?.every((s) => s === 'deleted')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(states).toEqual(['deleted']);
  }
}

/** Destroy through a backend whose relay is `relayUrl`; the chain is the dev grid's. */
async function destroyWithRelay(project: string, relayUrl: string) {
  let backend: ConnectedGrid | undefined;
  try {
    backend = await connectGrid({
      endpoints: { ...gridEndpoints(fx.grid), relayUrls: [relayUrl] },
      secret: fx.grid.mnemonic,
      requireRelay: false,
      connectTimeoutMs: 3000,
    });
    return await new Engine(backend, { pollMs: 100 }).destroy(project);
  } finally {
    await backend?.close();
  }
}

describe('destroy needs only the chain', () => {
  it('with the relay refused: every contract cancelled, the nodes that could not be told named', async () => {
    const contracts = await deployed('fault-refused');
    const res = await destroyWithRelay('fault-refused', await refusedRelayUrl());
    expect(res.cancelled.sort()).toEqual([...contracts.values()].sort());
    expect(res.untold.map((u) => [u.nodeId, u.contractIds])).toEqual(
      [...contracts].map(([n, c]) => [n, [c]]),
    );
    for (const u of res.untold) expect(u.reason).toMatch(/RMB relay/);
    expect(await liveOf('fault-refused')).toEqual([]);
    // the nodes learned it from the chain's cancel events
    await expectRemovedByNodes(contracts);
  });

  it('with the relay blackholed (accepts, never answers): the same', async () => {
    const contracts = await deployed('fault-blackhole');
    const hole = await blackholeRelay();
    try {
      const res = await destroyWithRelay('fault-blackhole', hole.url);
      expect(hole.accepted()).toBeGreaterThan(0);
      expect(res.cancelled.sort()).toEqual([...contracts.values()].sort());
      expect(res.untold.map((u) => u.nodeId).sort()).toEqual([...contracts.keys()].sort());
    } finally {
      await hole.close();
    }
    expect(await liveOf('fault-blackhole')).toEqual([]);
    await expectRemovedByNodes(contracts);
  });
});

it('asks the relay to fail fast: a node with no live connection is reported offline at once, not after a timeout', async () => {
  // a second relay the nodes are not connected to, which (unlike the grid's) would hold a request
  // for an unconnected twin for ten minutes unless it is tagged fail-fast, as rmb-rs's relay does
  const relay = await startRelay({ twins: new ChainTwinDirectory(fx.grid.api), offlineWaitMs: 600_000 });
  let backend: ConnectedGrid | undefined;
  try {
    backend = await connectGrid({
      endpoints: { ...gridEndpoints(fx.grid), relayUrls: [relay.url] },
      secret: fx.grid.mnemonic,
      nodeTimeoutMs: 600_000,
    });
    const err = await backend.getDeployment(1, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeUnreachableError);
    expect(err).toMatchObject({ nodeId: 1, offline: true });
    expect((err as Error).message).toMatch(/destination offline/);
  } finally {
    await backend?.close();
    await relay.close();
  }
}, 60_000);

/** The backend, with `node` stopped right after it accepted its first deployment. */
function stoppingAfterDeploy(node: number): GridBackend {
  let stopped = false;
  return new Proxy(fx.backend, {
    get(target, prop, receiver) {
      if (prop === 'deploy')
        return async (...a: Parameters<GridBackend['deploy']>) => {
          await target.deploy(...a);
          if (a[0] === node && !stopped) {
            stopped = true;
            await fx.grid.stopNode(node);
          }
        };
      return Reflect.get(target, prop, receiver);
    },
  });
}

it('a node going offline while apply waits: apply stops waiting at once and rolls back (timeout 600 s)', async () => {
  const engine = new Engine(stoppingAfterDeploy(2), { timeoutMs: 600_000, pollMs: 100 });
  let contract: number | undefined;
  try {
    const err = await engine.apply(program('fault-offline', [2]).synth()).catch((e: Error) => e);
    expect(err).toBeInstanceOf(ApplyError);
    expect((err as ApplyError).message).toMatch(/node 2, contract \d+: the node went offline/);
    expect((err as ApplyError).message).toMatch(/destination offline/);
    expect((err as ApplyError).leftovers).toEqual([]);
    contract = Number(/cancelled contract (\d+)/.exec((err as ApplyError).undone.join())?.[1]);
    expect(contract).toBeGreaterThan(0);
    expect(await liveOf('fault-offline')).toEqual([]);
  } finally {
    await fx.grid.startNode(2);
  }
  // back up, the node reads the chain and drops the cancelled contract's workloads
  await expectRemovedByNodes(new Map([[2, contract!]]));
}, 120_000); // far below the 600 s the engine would wait for workloads

it('the chain dropping while apply undoes: the message says so and names what is still on chain', async () => {
  const chainDir = path.join(fx.grid.dataDir, 'chain');
  const port = fx.grid.chain.port;
  let restarted: Awaited<ReturnType<typeof startDevChain>> | undefined;
  let cancelAttempts = 0;
  const dropping = new Proxy(stoppingAfterDeploy(3), {
    get(target, prop, receiver) {
      if (prop === 'cancelContracts')
        return async (...a: Parameters<GridBackend['cancelContracts']>) => {
          if (cancelAttempts++ === 0) await fx.grid.chain.close();
          return target.cancelContracts(...a);
        };
      return Reflect.get(target, prop, receiver);
    },
  });
  try {
    const err = await new Engine(dropping, { timeoutMs: 600_000, pollMs: 100 })
      .apply(program('fault-chain', [3]).synth())
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(ApplyError);
    const e = err as ApplyError;
    expect(e.leftovers).toHaveLength(1);
    const [contract] = e.leftovers;
    expect(e.message).toMatch(/the connection to TFChain dropped while undoing/);
    expect(e.message).toContain(`still on chain and billing: contract ${contract} (unit 'node-3' on node 3)`);
    expect(e.message).not.toMatch(/refused by the node/);
    expect(e.message).not.toMatch(/nothing had been changed/);
    expect(e.message).not.toMatch(/nothing was left behind/);

    // the chain comes back: the contract the message named is indeed still there, and destroy clears it
    restarted = await startDevChain({ dataDir: chainDir, port });
    // our client and the grid's own services (nodes, relay, proxy) reconnect on their own
    for (const api of [fx.backend.api, fx.grid.api]) {
      await new Promise<void>((resolve) =>
        api.isConnected ? resolve() : api.once('connected', () => resolve()),
      );
      await api.isReady;
    }
    await fx.grid.startNode(3);
    expect(await liveOf('fault-chain')).toEqual([contract]);
    expect((await new Engine(fx.backend, { pollMs: 100 }).destroy('fault-chain')).cancelled).toEqual([
      contract,
    ]);
    expect(await liveOf('fault-chain')).toEqual([]);
  } finally {
    await fx.grid.startNode(3).catch(() => undefined);
    await restarted?.close();
  }
});
