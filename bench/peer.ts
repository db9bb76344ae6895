/**
 * The bench's peer table (issue 10, "side by side"): the same N machines (1 cpu, 512 MiB, 0.5 GiB
 * rootfs, one network, `machinesPerNode` per node on the same public nodes) deployed and deleted by
 * ThreeFold's GridClient and by `tfgrid apply` / `tfgrid destroy`, on ONE detached dev grid with
 * timed blocks (`devgrid up --detach --block-time-ms 6000 --relay-tls`), each a process of its own
 * as users run them. Extrinsics and blocks are read from the dev chain itself: the extrinsics signed
 * by the tool's account in the blocks produced meanwhile, and the blocks that hold them. After each
 * delete the chain and the nodes must hold nothing of the case (checked, and printed).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { listContracts } from '../clients/chain/contracts';
import { newSdkAccount } from '../integration/sdk/testing/grid-client';
import { DEV_ACCOUNT } from '../model/config/networks';
import type { RunningDevGrid } from '../model/config/devgrid-info';
import { bestBlockNumber, signedBy } from './chain-blocks';
import { DetachedGrid } from './cli-plan';
import { gridClientUnavailable, runGridClient, type PeerMachine } from './peer-gridclient';
import { formatPeer, type PeerCase, type PeerStep, type PeerTool } from './peer-table';

const ROOT = path.join(__dirname, '..');

export interface PeerSectionOptions {
  /** machine counts. @default [1, 10, 100] */
  readonly sizes: readonly number[];
  /** ms between blocks. @default 6000 */
  readonly blockTimeMs: number;
  /** machines per node (1 cpu each; a dev node has 16 cores). @default 10 */
  readonly machinesPerNode: number;
  /** how long to wait for 127.0.0.1:443 while another grid's TLS relay holds it, s. @default 900 */
  readonly tlsWaitS: number;
  readonly log: (line: string) => void;
}

/** A tool's account on the grid: who signs its extrinsics. */
interface Account {
  readonly address: string;
  readonly twinId: number;
}

/** tfgrid's program of the case: N machines dealt round-robin over the given nodes, one network. */
export function peerProgram(
  project: string,
  machines: number,
  nodeIds: readonly number[],
  constructsDir: string,
): string {
  return `import { App, Machine, Network, NodeSelector } from ${JSON.stringify(constructsDir)};

export function build(): App {
  const app = new App({ projectName: ${JSON.stringify(project)} });
  const net = new Network(app, 'net', { ipRange: '10.60.0.0/16' });
  const nodes = ${JSON.stringify(nodeIds)}.map((id) => new NodeSelector(app, \`node\${id}\`, { nodeId: id }));
  for (let i = 0; i < ${machines}; i++)
    new Machine(app, \`vm\${i}\`, { node: nodes[i % nodes.length], network: net, cpu: 1, memoryMb: 512, rootfsGb: 0.5 });
  return app;
}
`;
}

/** The same layout for GridClient: machine i on node i mod K. */
export function peerMachines(machines: number, nodeIds: readonly number[]): PeerMachine[] {
  return Array.from({ length: machines }, (_, i) => ({
    name: `vm${i}`,
    nodeId: nodeIds[i % nodeIds.length],
  }));
}

const readInfo = (dataDir: string) =>
  JSON.parse(fs.readFileSync(path.join(dataDir, 'devgrid.json'), 'utf8')) as RunningDevGrid;

/** The dev nodes with a public address (GridClient's networks need no access node between them). */
async function publicNodes(info: RunningDevGrid): Promise<number[]> {
  const ids: number[] = [];
  for (const n of info.nodes) {
    const node = (await (await fetch(`${info.proxyUrl}/nodes/${n.nodeId}`)).json()) as {
      publicConfig?: { ipv4?: string };
    };
    if (node.publicConfig?.ipv4) ids.push(n.nodeId);
  }
  return ids;
}

/** Runs `step` and reads from the chain what `account` sent meanwhile. */
async function measure(
  api: ApiPromise,
  account: Account,
  step: () => Promise<{ wallMs: number; innerMs?: number; error?: string }>,
): Promise<PeerStep> {
  const before = await bestBlockNumber(api);
  const r = await step();
  const after = await bestBlockNumber(api);
  const onChain = await signedBy(api, account.address, before, after);
  return { ...r, ...onChain, blocksElapsed: after - before };
}

/**
 * What is left of a case after its delete: live contracts of the twin, deployments on the nodes. A
 * node removes a deployment when it reads the cancel from the chain, which a tool need not wait for
 * (GridClient returns once the cancel is in a block): asked again until clean, for up to `waitMs`.
 */
async function leftovers(
  api: ApiPromise,
  info: RunningDevGrid,
  account: Account,
  nodeIds: readonly number[],
  waitMs = 60_000,
): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const left = (await listContracts(api, account.twinId)).map((c) => `contract ${c.contractId}`);
    for (const id of nodeIds) {
      const stats = (await (await fetch(`${info.proxyUrl}/nodes/${id}/statistics`)).json()) as {
        users?: { deployments?: number };
      };
      const n = stats.users?.deployments ?? 0;
      if (n > 0) left.push(`node ${id}: ${n} deployment(s)`);
    }
    if (left.length === 0 || Date.now() >= deadline) return left;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

async function accountOf(api: ApiPromise, secret: string): Promise<Account> {
  const address = new Keyring({ type: 'sr25519' }).addFromUri(secret).address;
  const twinId = Number((await api.query.tfgridModule.twinIdByAccountID(address)).toString());
  return { address, twinId };
}

/**
 * The grid with its TLS relay on 127.0.0.1:443 (GridClient needs that port). Another dev grid's
 * TLS relay (a test of the SDK) may hold the port for a while: waits up to `tlsWaitS` for it, then
 * starts without it and says why GridClient cannot run.
 */
function startWithTls(
  dataDir: string,
  nodes: number,
  args: string[],
  o: PeerSectionOptions,
): { grid: DetachedGrid; problem?: string } {
  const deadline = Date.now() + o.tlsWaitS * 1000;
  for (;;) {
    try {
      return { grid: DetachedGrid.start(dataDir, nodes, [...args, '--relay-tls']) };
    } catch (e) {
      const said = /(--relay-tls[^\n]*)/.exec((e as Error).message)?.[1] ?? (e as Error).message;
      if (!/port is taken/.test(said) || Date.now() >= deadline) {
        o.log(`peer: ${said}: going on without the TLS relay (GridClient not runnable)`);
        return {
          grid: DetachedGrid.start(dataDir, nodes, args),
          problem: `no TLS relay on 127.0.0.1:443: ${said.replace(/: stop what holds it.*$/, '')}`,
        };
      }
      o.log(`peer: 127.0.0.1:443 is taken (another dev grid's TLS relay?): waiting for it`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 15_000);
    }
  }
}

export async function runPeerSection(o: PeerSectionOptions): Promise<string> {
  await cryptoWaitReady();
  if (o.machinesPerNode > 16)
    throw new Error(
      `BENCH_PEER_PER_NODE=${o.machinesPerNode}: a dev node has 16 cores and each machine takes 1: use 1 to 16`,
    );
  const maxNodes = Math.ceil(Math.max(...o.sizes) / o.machinesPerNode);
  // odd dev nodes are public: 2K - 1 nodes give K of them
  const gridNodes = 2 * maxNodes - 1;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-peer-grid-'));
  const workDir = fs.mkdtempSync(path.join(__dirname, '.work-peer-'));
  const appDataDir = path.join(dataDir, 'sdk-appdata');
  let grid: DetachedGrid | undefined;
  let api: ApiPromise | undefined;
  const connect = async (info: RunningDevGrid) =>
    ApiPromise.create({ provider: new WsProvider(info.chainUrl), noInitWarn: true, throwOnConnect: true });
  try {
    // registration (farms, nodes, twins, the SDK's account) with instant blocks: setup, not measured
    o.log(`peer: registering a dev grid of ${gridNodes} nodes`);
    grid = DetachedGrid.start(dataDir, gridNodes);
    api = await connect(readInfo(dataDir));
    const sdkMnemonic = (await newSdkAccount(api, 10_000)).mnemonic;
    await api.disconnect();
    grid.stop();
    o.log(`peer: restarting it with ${o.blockTimeMs} ms blocks and the TLS relay on 127.0.0.1:443`);
    const started = startWithTls(dataDir, gridNodes, ['--block-time-ms', String(o.blockTimeMs)], o);
    grid = started.grid;
    const tlsProblem = started.problem;
    const info = readInfo(dataDir);
    api = await connect(info);
    const accounts: Record<PeerTool, Account> = {
      tfgrid: await accountOf(api, DEV_ACCOUNT),
      gridclient: await accountOf(api, sdkMnemonic),
    };
    const unavailable = tlsProblem ?? gridClientUnavailable(info);
    const nodes = await publicNodes(info);
    const sdkInput = { info, mnemonic: sdkMnemonic, appDataDir, machines: [] as PeerMachine[] };
    if (!unavailable) {
      // the SDK's first connect on an account may write to the chain (terms, relay): a user's setup
      o.log('peer: GridClient connects once (not measured)');
      const warm = await runGridClient({ ...sdkInput, op: 'connect', name: 'warmup' });
      if (warm.error) throw new Error(`GridClient could not connect to the dev grid: ${warm.error}`);
    }
    const cases: PeerCase[] = [];
    for (const machines of o.sizes) {
      const nodeIds = nodes.slice(0, Math.ceil(machines / o.machinesPerNode));
      const project = `peer-${machines}`;
      const file = path.join(workDir, `${project}.ts`);
      fs.writeFileSync(
        file,
        peerProgram(project, machines, nodeIds, path.relative(workDir, path.join(ROOT, 'constructs'))),
      );
      // type check and transpile caches warm, as on a user's second run
      await grid.runAsync(['plan', file], workDir);
      const g = grid;
      const cli = async (args: string[], phase: string) => {
        const r = await g.runAsync(args, workDir);
        const inner = r.phases[phase];
        return { wallMs: r.wallMs, innerMs: inner ? inner.s * 1000 : undefined };
      };
      o.log(`peer N=${machines}: tfgrid apply on ${nodeIds.length} node(s)`);
      const tfDeploy = await measure(api, accounts.tfgrid, () => cli(['apply', file, '--yes'], 'apply'));
      const tfContracts = (await listContracts(api, accounts.tfgrid.twinId)).length;
      o.log(`peer N=${machines}: tfgrid destroy`);
      const tfRemove = await measure(api, accounts.tfgrid, () => cli(['destroy', file, '--yes'], 'apply'));
      cases.push({
        machines,
        nodes: nodeIds.length,
        tool: 'tfgrid',
        contracts: tfContracts,
        deploy: tfDeploy,
        remove: tfRemove,
        left: await leftovers(api, info, accounts.tfgrid, nodeIds),
      });
      if (unavailable) {
        cases.push({
          machines,
          nodes: nodeIds.length,
          tool: 'gridclient',
          notRunnable: unavailable,
          left: [],
        });
        continue;
      }
      const input = { ...sdkInput, name: `peer${machines}`, machines: peerMachines(machines, nodeIds) };
      const sdk = async (op: 'deploy' | 'delete') => {
        const r = await runGridClient({ ...input, op });
        return { wallMs: r.wallMs, innerMs: r.opMs, error: r.error };
      };
      o.log(`peer N=${machines}: GridClient machines.deploy`);
      const sdkDeploy = await measure(api, accounts.gridclient, () => sdk('deploy'));
      const sdkContracts = (await listContracts(api, accounts.gridclient.twinId)).length;
      o.log(`peer N=${machines}: GridClient machines.delete`);
      const sdkRemove = await measure(api, accounts.gridclient, () => sdk('delete'));
      cases.push({
        machines,
        nodes: nodeIds.length,
        tool: 'gridclient',
        contracts: sdkContracts,
        deploy: sdkDeploy,
        remove: sdkRemove,
        left: await leftovers(api, info, accounts.gridclient, nodeIds),
      });
    }
    return formatPeer(cases, o.blockTimeMs);
  } finally {
    await api?.disconnect().catch(() => undefined);
    grid?.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
