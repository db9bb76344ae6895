/**
 * A dev grid with TFChain's 6 s blocks is up without waiting for a block: its farms, nodes and
 * accounts are in the chain's genesis, so no block produced during the start holds an extrinsic.
 * Restarted on its data dir with more nodes, it keeps the ids it had and registers only the new
 * nodes (with extrinsics, the chain having passed its genesis), and every node answers.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GridProxyClient } from '../../clients/proxy/client';
import { startDevGrid, type DevGrid } from '../../devgrid/grid';

jest.setTimeout(120_000);

let dir: string;
let grid: DevGrid | undefined;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devgrid-startup-it-'));
});

afterAll(async () => {
  await grid?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  // @polkadot/api releases its runtime-version subscription 1.75 s after disconnect
  await new Promise((r) => setTimeout(r, 2000));
});

/** Extrinsics (timestamp inherents left out) in blocks 1 to best. */
const signedExtrinsics = (g: DevGrid) =>
  g.chain.node.blocks.slice(1).reduce((sum, b) => sum + b.extrinsics.length - 1, 0);

it('starts with 6 s blocks without a block: everything is registered at genesis', async () => {
  grid = await startDevGrid({ dataDir: dir, nodes: 3, farms: 2, blockTimeMs: 6000 });
  expect(signedExtrinsics(grid)).toBe(0);
  expect(grid.nodes.map((n) => [n.nodeId, n.twinId, n.farmId])).toEqual([
    [1, 4, 1],
    [2, 5, 2],
    [3, 6, 1],
  ]);
  const atGenesis = await grid.api.at(grid.chain.genesisHash);
  expect((await atGenesis.query.tfgridModule.nodeID()).toString()).toBe('3');
  expect((await atGenesis.query.tfgridModule.farmID()).toString()).toBe('2');
  const proxy = new GridProxyClient(grid.proxyUrl, { timeoutMs: 10_000 });
  expect((await proxy.nodes()).map((n) => [n.nodeId, n.status])).toEqual([
    [1, 'up'],
    [2, 'up'],
    [3, 'up'],
  ]);
  expect((await proxy.farms()).map((f) => [f.name, f.publicIps.length])).toEqual([
    ['devfarm1', 8],
    ['devfarm2', 8],
  ]);
});

it('restarted with more nodes keeps the ids and registers only the new node', async () => {
  await grid!.close();
  grid = undefined;
  grid = await startDevGrid({ dataDir: dir, nodes: 4, farms: 2 });
  expect(grid.nodes.map((n) => n.nodeId)).toEqual([1, 2, 3, 4]);
  expect(grid.nodes[3]).toMatchObject({ twinId: 7, farmId: 2 });
  // the new node's funding, twin (terms and twin in one batch) and node: three extrinsics
  expect(signedExtrinsics(grid)).toBe(3);
  const proxy = new GridProxyClient(grid.proxyUrl, { timeoutMs: 10_000 });
  expect((await proxy.nodes()).map((n) => [n.nodeId, n.status])).toEqual([
    [1, 'up'],
    [2, 'up'],
    [3, 'up'],
    [4, 'up'],
  ]);
});
