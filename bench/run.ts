/**
 * `npm run bench`: applies N = 1, 10, 100 machines with the engine on the local dev grid with 6 s
 * blocks and prints wall time, extrinsics and blocks used, against one contract per block; then
 * N = 1,000 machines with one contract each, with the goals beside the figures.
 *
 * Environment:
 *   BENCH_CONTRACT_SIZES     machine counts of the one-contract-per-machine case. @default "1000" ("10" short)
 *   BENCH_SIZES              machine counts, comma separated. @default "1,10,100" ("1" short)
 *   BENCH_BLOCK_MS           ms between blocks. @default 6000 (TFChain's; 500 short)
 *   BENCH_MACHINES_PER_UNIT  machines sharing one node contract, 1 to 16. @default 5
 *   BENCH_BASELINE_MAX_N     run the baseline's chain part for real for N up to this (0: never). @default 10
 *   BENCH_SYNTH_SIZES        machine counts for the synth benchmark (no grid). @default "10,100,1000,5000,10000" ("10,100" short)
 *   BENCH_PLAN_SIZES         units of the CLI's no-op plan on a detached dev grid. @default "100,1000" ("10" short)
 *   BENCH_GRID_NODES         nodes of that dev grid. @default 100 (8 short)
 *   BENCH_CLI                which CLIs the CLI section runs: source (the checkout's TypeScript), built (`npm run build`'s dist/ and @polkadot bundle). @default "source,built" ("source" short)
 *   BENCH_DEVGRID_SIZES      nodes of the dev grids whose start time and memory are measured, each with instant and 6 s blocks. @default "8,100,1000" ("8" short)
 *   BENCH_SCHEDULING_NODES   nodes of the generated grid the scheduling table asks. @default 5000 (1000 short: on 500 no node fits the public ipv4 selector)
 *   BENCH_PEER_N             machine counts of the peer table (GridClient and tfgrid side by side). @default "1,10,100" (full mode only; "0": none)
 *   BENCH_PEER_BLOCK_MS      ms between blocks of the peer table's grid. @default 6000
 *   BENCH_PEER_PER_NODE      machines per node in the peer table. @default 10
 *   BENCH_PEER_TLS_WAIT_S    how long the peer table waits for 127.0.0.1:443 (GridClient's relay port) held by another grid. @default 900
 * `npm run bench -- --peer`: the peer table only.
 * `npm run bench -- --short` (or BENCH_SHORT=1): every section but the peer table with the small
 * sizes of SHORT below, under a minute (the peer table needs timed blocks and a GridClient process
 * per step: minutes; BENCH_PEER_N still runs it). The last lines give each section's wall and CPU time, and the total.
 * Progress goes to stderr, the tables to stdout. Everything runs on 127.0.0.1.
 */
import { benchApplyMachines, type ApplyMachinesResult } from './apply-machines';
import { processPeakRss } from './memory-peak';
import { benchScheduling, formatScheduling } from './scheduling';
import { benchSynth, formatSynth, warmUpSynth } from './synth';
import { formatContractPerMachine, formatResults } from './table';
import { clisOf, runCliSection } from './cli-section';
import { benchGridSize, formatGridSize, type GridSizeRun } from './grid-size';
import { PEER_LEGEND } from './peer-table';
import { SectionClock } from './section-clock';

const MiB = 1024 * 1024;

function intList(name: string, raw: string | undefined, fallback: number[]): number[] {
  if (raw === undefined || raw.trim() === '') return fallback;
  const values = raw.split(',').map((s) => Number(s.trim()));
  const bad = values.find((v) => !Number.isInteger(v) || v < 1);
  if (bad !== undefined)
    throw new Error(
      `${name}=${JSON.stringify(raw)}: expected whole numbers >= 1 separated by commas, e.g. "1,10"`,
    );
  return values;
}

function intValue(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min)
    throw new Error(`${name}=${JSON.stringify(raw)}: expected a whole number >= ${min}`);
  return v;
}

const LEGEND = `
wall s: the engine's apply (or destroy) from start to end: scheduling, contracts, deploying to the
  nodes over RMB and waiting for every workload to be ok. chain s: the part spent waiting for our
  extrinsics to be in a block. extrinsics: submitted by the engine (a utility.batchAll counts once).
  blocks: blocks holding an extrinsic of ours; elapsed blocks: best block after minus before.
baseline ("one contract per block"): every contract created, updated or cancelled by its own
  extrinsic, each waiting for its block: baseline blocks = contract changes; baseline s (est.) =
  our wall time + one block interval for each extrinsic the baseline needs beyond ours (each is
  sent right after the previous one's block). Computed from the counts, not run; the table
  "baseline run for real", when shown, sends such extrinsics to check the per-contract cost.
  speedup = baseline s / wall s. Units share a node contract; BENCH_MACHINES_PER_UNIT=1 gives
  every machine its own contract (the baseline then has one block per machine).
rss peak: the whole process, dev grid (chain, relay, nodes, proxy) included.`;

const PER_MACHINE_LEGEND = `
elapsed blocks: best block after the apply minus before (contracts, deployments and waiting for
  every workload, all included); blocks per level: elapsed blocks / dependency levels. node
  timeouts: deploy or status requests to nodes that timed out or found the node unreachable.
  vs one contract per block: N contracts sent one per block need N blocks; ratio = N / elapsed blocks.`;

/**
 * Short mode (`--short`): every section with small sizes and 0.5 s blocks, under a minute on an idle
 * 2-core machine; the figures show that each section runs, not the goals (those need full mode).
 */
const SHORT = {
  synthSizes: [10, 100],
  schedulingNodes: 1000,
  planSizes: [10],
  gridNodes: 8,
  devgridSizes: [8],
  sizes: [1],
  contractSizes: [10],
  blockMs: 500,
};
const SHORT_GOAL_S = 60;

async function main(): Promise<void> {
  const short = process.argv.includes('--short') || process.env.BENCH_SHORT === '1';
  const peerOnly = process.argv.includes('--peer');
  // the peer table needs timed blocks and GridClient processes (minutes): full runs and --peer only
  const peerSizes =
    process.env.BENCH_PEER_N?.trim() === '0'
      ? []
      : intList('BENCH_PEER_N', process.env.BENCH_PEER_N, short && !peerOnly ? [] : [1, 10, 100]);
  const peer = async () => {
    if (peerSizes.length === 0) return;
    // loads ThreeFold's SDK (its helper): only when the peer table runs
    const { runPeerSection } = await import('./peer');
    const table = await runPeerSection({
      sizes: peerSizes,
      blockTimeMs: intValue('BENCH_PEER_BLOCK_MS', process.env.BENCH_PEER_BLOCK_MS, 6000, 1),
      machinesPerNode: intValue('BENCH_PEER_PER_NODE', process.env.BENCH_PEER_PER_NODE, 10, 1),
      tlsWaitS: intValue('BENCH_PEER_TLS_WAIT_S', process.env.BENCH_PEER_TLS_WAIT_S, 900, 0),
      log,
    });
    process.stdout.write(`${table}\n${PEER_LEGEND}\n\n`);
  };
  const clock = new SectionClock();
  const sizes = intList('BENCH_SIZES', process.env.BENCH_SIZES, short ? SHORT.sizes : [1, 10, 100]);
  const contractSizes = intList(
    'BENCH_CONTRACT_SIZES',
    process.env.BENCH_CONTRACT_SIZES,
    short ? SHORT.contractSizes : [1000],
  );
  const blockTimeMs = intValue('BENCH_BLOCK_MS', process.env.BENCH_BLOCK_MS, short ? SHORT.blockMs : 6000, 1);
  const machinesPerUnit = intValue('BENCH_MACHINES_PER_UNIT', process.env.BENCH_MACHINES_PER_UNIT, 5, 1);
  const baselineMaxN = intValue('BENCH_BASELINE_MAX_N', process.env.BENCH_BASELINE_MAX_N, 10, 0);
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  const started = Date.now();
  if (peerOnly) return peer();
  const synthSizes = intList(
    'BENCH_SYNTH_SIZES',
    process.env.BENCH_SYNTH_SIZES,
    short ? SHORT.synthSizes : [10, 100, 1000, 5000, 10000],
  );
  warmUpSynth();
  process.stdout.write(`${formatSynth(synthSizes.map((n) => benchSynth(n)))}\n\n`);
  clock.lap('synth');
  const schedulingNodes = intValue(
    'BENCH_SCHEDULING_NODES',
    process.env.BENCH_SCHEDULING_NODES,
    short ? SHORT.schedulingNodes : 5000,
    1,
  );
  process.stdout.write(`${formatScheduling(await benchScheduling(schedulingNodes), schedulingNodes)}\n\n`);
  clock.lap('scheduling');
  const gridSizes = intList(
    'BENCH_DEVGRID_SIZES',
    process.env.BENCH_DEVGRID_SIZES,
    short ? SHORT.devgridSizes : [8, 100, 1000],
  );
  const gridRuns: GridSizeRun[] = [];
  for (const nodes of gridSizes)
    for (const blockMs of [0, 6000]) {
      log(`dev grid size: ${nodes} nodes, ${blockMs ? `${blockMs} ms` : 'instant'} blocks`);
      gridRuns.push(await benchGridSize(nodes, blockMs));
    }
  process.stdout.write(`${formatGridSize(gridRuns)}\n\n`);
  clock.lap('grid size');
  const planSizes = intList(
    'BENCH_PLAN_SIZES',
    process.env.BENCH_PLAN_SIZES,
    short ? SHORT.planSizes : [100, 1000],
  );
  const gridNodes = intValue(
    'BENCH_GRID_NODES',
    process.env.BENCH_GRID_NODES,
    short ? SHORT.gridNodes : 100,
    1,
  );
  // the built CLI needs `npm run build` (tens of seconds): full mode only
  const clis = clisOf(process.env.BENCH_CLI, short ? ['source'] : ['source', 'built']);
  process.stdout.write(`${await runCliSection({ planSizes, gridNodes, clis, log })}\n\n`);
  clock.lap('cli');
  const results: ApplyMachinesResult[] = [];
  for (const machines of sizes) {
    results.push(
      await benchApplyMachines({
        machines,
        blockTimeMs,
        machinesPerUnit,
        runBaseline: machines <= baselineMaxN,
        log,
      }),
    );
  }
  if (results.length > 0) process.stdout.write(`${formatResults(results)}\n${LEGEND}\n\n`);
  clock.lap('apply');
  // one contract per machine: each machine its own node contract, the engine batching them
  const perMachine: ApplyMachinesResult[] = [];
  for (const machines of contractSizes)
    perMachine.push(
      await benchApplyMachines({ machines, blockTimeMs, machinesPerUnit: 1, runBaseline: false, log }),
    );
  process.stdout.write(`${formatContractPerMachine(perMachine)}\n${PER_MACHINE_LEGEND}\n\n`);
  clock.lap('contract per machine');
  await peer();
  clock.lap('peer');
  process.stdout.write(
    `total ${((Date.now() - started) / 1000).toFixed(0)} s (grid setup included); process rss peak ${Math.round(processPeakRss() / MiB)} MiB\n`,
  );
  process.stdout.write(`${clock.summary(short ? SHORT_GOAL_S : undefined)}\n`);
}

main().then(
  // @polkadot/api keeps timers for a moment after disconnect: do not wait for them
  () => process.exit(0),
  (e: Error) => {
    process.stderr.write(`bench failed: ${e.message}\n`);
    process.exit(1);
  },
);
