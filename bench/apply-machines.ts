/**
 * One bench case: N machines applied with the engine on a fresh dev grid with timed blocks, then
 * destroyed. Measures wall time, extrinsics our account sent (chainStats), blocks (elapsed and used by us),
 * time spent waiting on the chain, and peak memory; optionally runs the one-contract-per-block
 * baseline's chain part for real.
 *
 * The grid's farms, nodes and accounts are in its chain's genesis: it starts with timed blocks
 * without waiting for one.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gridEndpoints, startDevGrid, type DevGrid } from '../devgrid/grid';
import { MAX_DEV_NODES, NODE_RESOURCES } from '../devgrid/grid-layout';
import { NodeUnreachableError, type GridBackend } from '../engine/backend';
import { Engine, type ProgressEvent } from '../engine/engine';
import { connectGrid, type ConnectedGrid } from '../engine/grid-backend';
import { submitStats as chainStats } from '../clients/chain/submit';
import { runOneContractPerBlock, type BaselineRun } from './baseline';
import { buildSynthApp } from './synth';
import { bestBlockNumber, blocksSignedBy } from './chain-blocks';
import { watchMemoryPeak } from './memory-peak';

const secs = (ms: number) => (ms / 1000).toFixed(1);

/** Cores of a dev grid node. */
const NODE_CORES = NODE_RESOURCES.cru;

export interface ApplyMachinesOptions {
  /** machines to deploy (1 cpu, 512 MiB, 0.5 GiB rootfs each) */
  readonly machines: number;
  /** ms between blocks. @default 6000 (TFChain's) */
  readonly blockTimeMs?: number;
  /** machines sharing one deployment unit (one node contract): 1 to 16. @default 5 */
  readonly machinesPerUnit?: number;
  /** also send the same number of contracts one extrinsic each (chain only) to check the baseline. @default false */
  readonly runBaseline?: boolean;
  /** how long the engine waits for workloads, ms. @default 300000 */
  readonly timeoutMs?: number;
  /** progress lines (to stderr in run.ts) */
  readonly log?: (line: string) => void;
}

/** What one measured step (apply or destroy) did. */
export interface StepMeasure {
  readonly wallMs: number;
  /** extrinsics submitted (a utility.batchAll counts once) */
  readonly extrinsics: number;
  /** best block number after minus before */
  readonly blocksElapsed: number;
  /** blocks in between that hold an extrinsic of ours */
  readonly blocksUsed: number;
  /** time spent inside chain calls (submit until in block), ms */
  readonly chainMs: number;
  /** contracts created, updated and cancelled */
  readonly contractChanges: number;
}

export interface ApplyMachinesResult {
  readonly machines: number;
  readonly units: number;
  readonly nodes: number;
  readonly blockTimeMs: number;
  /** registering and restarting the dev grid, ms (not part of the measure) */
  readonly gridStartMs: number;
  readonly apply: StepMeasure;
  readonly destroy: StepMeasure;
  readonly baselineRun?: BaselineRun;
  /** highest rss during the case (grid and client share the process), bytes */
  readonly rssPeakBytes: number;
  /** dependency levels of the apply (the engine's level count) */
  readonly levels: number;
  /** node requests that timed out or found the node unreachable (deploy and status reads), apply and destroy */
  readonly rmbTimeouts: number;
  /** RMB requests the engine sent to nodes during the apply, by command (deploy, update, status read) */
  readonly nodeRequests: NodeRequestCounts;
}

/** RMB requests to nodes, by command. */
export interface NodeRequestCounts {
  readonly deploy: number;
  readonly update: number;
  /** zos.deployment.get: status reads of one deployment */
  readonly get: number;
  /** zos.deployment.list: status reads of several deployments of one node at once (and the apply's first look) */
  readonly list: number;
}

/** Deployment units for N machines, and dev nodes enough to hold them with one to spare. */
export function gridSizeFor(machines: number, machinesPerUnit: number): { units: number; nodes: number } {
  if (!Number.isInteger(machines) || machines < 1)
    throw new Error(`bench: machines must be a whole number >= 1, got ${machines}`);
  if (!Number.isInteger(machinesPerUnit) || machinesPerUnit < 1 || machinesPerUnit > NODE_CORES) {
    throw new Error(
      `bench: machines per unit must be 1 to ${NODE_CORES} (a unit lives on one ${NODE_CORES}-core node), got ${machinesPerUnit}: set BENCH_MACHINES_PER_UNIT`,
    );
  }
  const units = Math.ceil(machines / machinesPerUnit);
  const unitsPerNode = Math.floor(NODE_CORES / machinesPerUnit);
  const needed = Math.ceil(units / unitsPerNode) + 1;
  if (needed > MAX_DEV_NODES)
    throw new Error(
      `bench: ${machines} machines need ${needed} dev nodes, more than a dev grid has (${MAX_DEV_NODES}): lower the machine count`,
    );
  const nodes = Math.min(Math.max(Math.ceil(machines / 10) + 1, needed), MAX_DEV_NODES);
  return { units, nodes };
}

/**
 * The backend with the time spent in chain calls added up, contract changes counted, and node
 * requests that time out (or find the node unreachable) counted.
 */
function timedChain(backend: GridBackend): {
  backend: GridBackend;
  take(): { chainMs: number; contractChanges: number };
  readonly rmbTimeouts: number;
  /** node requests sent so far */
  readonly nodeRequests: NodeRequestCounts;
} {
  let chainMs = 0;
  let contractChanges = 0;
  let rmbTimeouts = 0;
  const requests = { deploy: 0, update: 0, get: 0, list: 0 };
  const node = async <T>(command: keyof NodeRequestCounts, p: () => Promise<T>): Promise<T> => {
    requests[command]++;
    try {
      return await p();
    } catch (e) {
      if (e instanceof NodeUnreachableError) rmbTimeouts++;
      throw e;
    }
  };
  const time = async <T>(count: number, p: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    try {
      return await p();
    } finally {
      chainMs += Date.now() - t0;
      contractChanges += count;
    }
  };
  const timed: GridBackend = {
    ...backend,
    createContracts: (c) => time(c.length, () => backend.createContracts(c)),
    updateNodeContract: (id, hash, data) => time(1, () => backend.updateNodeContract(id, hash, data)),
    cancelContracts: (ids) => time(ids.length, () => backend.cancelContracts(ids)),
    deploy: (nodeId, d) => node('deploy', () => backend.deploy(nodeId, d)),
    update: (nodeId, d) => node('update', () => backend.update(nodeId, d)),
    getDeployment: (nodeId, contractId) => node('get', () => backend.getDeployment(nodeId, contractId)),
    listDeployments: (nodeId) => node('list', () => backend.listDeployments(nodeId)),
  };
  return {
    get rmbTimeouts() {
      return rmbTimeouts;
    },
    get nodeRequests() {
      return { ...requests };
    },
    backend: timed,
    take() {
      const out = { chainMs, contractChanges };
      chainMs = 0;
      contractChanges = 0;
      return out;
    },
  };
}

async function measure(
  grid: ConnectedGrid,
  chain: ReturnType<typeof timedChain>,
  step: () => Promise<unknown>,
): Promise<StepMeasure> {
  chain.take();
  const extrinsicsBefore = chainStats.of(grid.pair.address);
  const blockBefore = await bestBlockNumber(grid.api);
  const t0 = Date.now();
  await step();
  const wallMs = Date.now() - t0;
  const extrinsics = chainStats.of(grid.pair.address) - extrinsicsBefore;
  const blockAfter = await bestBlockNumber(grid.api);
  const blocksUsed = await blocksSignedBy(grid.api, grid.pair.address, blockBefore, blockAfter);
  return { wallMs, extrinsics, blocksElapsed: blockAfter - blockBefore, blocksUsed, ...chain.take() };
}

export async function benchApplyMachines(o: ApplyMachinesOptions): Promise<ApplyMachinesResult> {
  const blockTimeMs = o.blockTimeMs ?? 6000;
  const log = o.log ?? (() => undefined);
  const { units, nodes } = gridSizeFor(o.machines, o.machinesPerUnit ?? 5);
  const project = `bench-${o.machines}`;
  const memory = watchMemoryPeak();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfgrid-bench-'));
  let grid: DevGrid | undefined;
  let backend: ConnectedGrid | undefined;
  try {
    log(`N=${o.machines}: starting a dev grid of ${nodes} nodes, ${blockTimeMs} ms blocks`);
    const g0 = Date.now();
    grid = await startDevGrid({ dataDir, nodes, farms: 2, blockTimeMs });
    backend = await connectGrid({
      endpoints: gridEndpoints(grid),
      secret: grid.mnemonic,
    });
    const gridStartMs = Date.now() - g0;
    const chain = timedChain(backend);
    const t0 = Date.now();
    let levels = 0;
    const progress = (e: ProgressEvent) => {
      const level = /^level \d+ of (\d+)/.exec(e.message);
      if (e.step === 'level' && level) levels = Number(level[1]);
      // one line per unit is too much at N = 1000: deploy and wait lines only with BENCH_TRACE=1
      if (process.env.BENCH_TRACE || (e.step !== 'deploy' && e.step !== 'wait'))
        log(`N=${o.machines} +${secs(Date.now() - t0)} s: ${e.step}: ${e.message.slice(0, 160)}`);
    };
    const engine = new Engine(chain.backend, { timeoutMs: o.timeoutMs ?? 300_000, progress });
    const synth = buildSynthApp(project, o.machines, units).synth();
    const unitCount = synth.manifest.units.filter((u) => u.kind === 'deployment').length;

    let nodeIds: number[] = [];
    const apply = await measure(backend, chain, async () => {
      const result = await engine.apply(synth);
      nodeIds = Object.values(result.outputs).map((out) => out.nodeId);
    });
    const nodeRequests = chain.nodeRequests;
    log(
      `N=${o.machines}: applied in ${(apply.wallMs / 1000).toFixed(1)} s; node requests: ${nodeRequests.deploy} deploy, ${nodeRequests.update} update, ${nodeRequests.get} get, ${nodeRequests.list} list`,
    );

    let baselineRun: BaselineRun | undefined;
    if (o.runBaseline) {
      log(
        `N=${o.machines}: baseline: ${nodeIds.length} contract(s) one extrinsic each, then cancelled one each`,
      );
      baselineRun = await runOneContractPerBlock(
        backend,
        backend.api,
        backend.pair.address,
        nodeIds,
        `${project}-baseline`,
      );
    }

    const destroy = await measure(backend, chain, () => engine.destroy(project));
    log(`N=${o.machines}: destroyed in ${(destroy.wallMs / 1000).toFixed(1)} s`);
    return {
      machines: o.machines,
      units: unitCount,
      nodes,
      blockTimeMs,
      gridStartMs,
      apply,
      destroy,
      baselineRun,
      rssPeakBytes: memory.stop(),
      levels,
      rmbTimeouts: chain.rmbTimeouts,
      nodeRequests,
    };
  } finally {
    memory.stop();
    await backend?.close().catch(() => undefined);
    await grid?.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
