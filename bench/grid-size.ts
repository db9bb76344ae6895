/**
 * The bench's dev grid size table (issue 13): `tfgrid devgrid up --detach --nodes N` as a user runs
 * it, with instant blocks and with TFChain's 6 s blocks, for each N. Per grid: the command's wall
 * time until it returned (the grid answers), the grid process's own age once up (`startMs` in its
 * devgrid.json: node, modules, genesis, node emulators) and the CPU it used, its resident memory
 * in all and per node (/proc, Linux), and the chain's best block once up. Farms, nodes and accounts are in the chain's
 * genesis, so the best block stays 0 however slow the blocks are. Goals printed beside, never asserted.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { WsProvider } from '@polkadot/api';
import { DetachedGrid } from './cli-plan';
import { formatTable } from './table';

const MiB = 1024 * 1024;

/** Issue 13: `devgrid up --nodes 100` starts in under 10 s with under 1 GiB resident. */
const GOAL_NODES = 100;
const GOAL_START_MS = 10_000;
const GOAL_RSS_BYTES = 1024 * MiB;

export interface GridSizeRun {
  readonly nodes: number;
  readonly blockTimeMs: number;
  /** `devgrid up --detach` until it returned, ms */
  readonly wallMs: number;
  /** the grid process's age once up, ms (its own report) */
  readonly gridStartMs?: number;
  readonly rssBytes?: number;
  /** CPU (user + system) the grid process used until up, ms (Linux) */
  readonly gridCpuMs?: number;
  /** best block number once up */
  readonly bestBlock: number;
}

/** The chain's best block number, over its JSON-RPC. */
async function bestBlock(chainUrl: string): Promise<number> {
  const provider = new WsProvider(chainUrl, false);
  try {
    await provider.connect();
    await provider.isReady;
    const header = (await provider.send('chain_getHeader', [])) as { number: string };
    return parseInt(header.number, 16);
  } finally {
    await provider.disconnect();
  }
}

/** Starts and stops one detached grid of `nodes` nodes with `blockTimeMs` blocks, measuring its start. */
export async function benchGridSize(nodes: number, blockTimeMs: number): Promise<GridSizeRun> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-grid-size-'));
  let grid: DetachedGrid | undefined;
  try {
    grid = DetachedGrid.start(dataDir, nodes, ['--block-time-ms', String(blockTimeMs)]);
    const info = JSON.parse(fs.readFileSync(path.join(dataDir, 'devgrid.json'), 'utf8')) as {
      chainUrl: string;
      startMs?: number;
    };
    return {
      nodes,
      blockTimeMs,
      wallMs: grid.startMs,
      gridStartMs: info.startMs,
      rssBytes: grid.rssBytes(),
      gridCpuMs: grid.cpuMs(),
      bestBlock: await bestBlock(info.chainUrl),
    };
  } finally {
    grid?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function formatGridSize(runs: readonly GridSizeRun[]): string {
  const s = (ms: number | undefined) => (ms === undefined ? '-' : (ms / 1000).toFixed(2));
  const rows = runs.map((r) => [
    String(r.nodes),
    r.blockTimeMs === 0 ? 'instant' : `${r.blockTimeMs / 1000} s`,
    s(r.wallMs),
    s(r.gridStartMs),
    s(r.gridCpuMs),
    r.rssBytes === undefined ? '-' : String(Math.round(r.rssBytes / MiB)),
    r.rssBytes === undefined ? '-' : (r.rssBytes / MiB / r.nodes).toFixed(2),
    String(r.bestBlock),
  ]);
  const at = runs.filter((r) => r.nodes === GOAL_NODES);
  const verdict = at.length
    ? at
        .map(
          (r) =>
            `${r.blockTimeMs === 0 ? 'instant' : `${r.blockTimeMs / 1000} s`} blocks: ${r.wallMs < GOAL_START_MS && (r.rssBytes ?? 0) < GOAL_RSS_BYTES ? 'met' : 'NOT met'}`,
        )
        .join(', ')
    : `not measured (BENCH_DEVGRID_SIZES has no ${GOAL_NODES})`;
  return [
    'dev grid size (tfgrid devgrid up --detach --nodes N [--block-time-ms 6000]):',
    formatTable(
      ['nodes', 'blocks', 'start s', 'grid start s', 'grid cpu s', 'rss MiB', 'rss MiB/node', 'best block'],
      rows,
    ),
    `goal (--nodes ${GOAL_NODES}): start < ${GOAL_START_MS / 1000} s and rss < ${GOAL_RSS_BYTES / MiB} MiB, with 6 s blocks as with instant ones (best block 0: nothing waits for a block): ${verdict}`,
    'start s: the command until it returned (the grid answers); grid start s: the grid process from its start until up;',
    'grid cpu s: the CPU it used meanwhile (what the start costs, whatever the load).',
  ].join('\n');
}
