/**
 * The bench's CLI section (issue 13's goals), on a detached dev grid (whose start time and memory
 * grid-size.ts measures): the no-op `tfgrid plan` and `tfgrid status` of N units, and `tfgrid
 * apply` of one machine, each with its goal beside it. Wall times depend on the machine's load:
 * the CPU columns say what the work costs (the command's own, and the dev grid's while serving it).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  benchApplyOne,
  benchCliPlan,
  builtCli,
  DetachedGrid,
  SOURCE_CLI,
  type CliRun,
  type CliUnderTest,
} from './cli-plan';
import { formatTable } from './table';

const s = (ms: number | undefined) => (ms === undefined ? '-' : (ms / 1000).toFixed(2));

/** Goal of a no-op plan of N units, ms of wall time for the whole command (issue 13). */
const planGoalMs = (units: number) => (units <= 100 ? 1500 : 5000);

/** Issue 13: apply of one machine spent about 3 s starting, connecting and exiting; cut it. */
const APPLY_OVERHEAD_WAS_MS = 3000;

/** Wall seconds of a phase as `--timings` printed it ('-' when the command has none). */
const phase = (r: CliRun, name: string) => (r.phases[name] ? r.phases[name].s.toFixed(2) : '-');

/** Seconds from the timings line to the process's end: closing, then exiting. */
const exitMs = (r: CliRun) => Math.max(0, r.wallMs - r.processMs) + (r.phases.close?.s ?? 0) * 1000;

/** Loading: node and the CLI's modules (`start`), then the program (type check, load, build). */
const loadMs = (r: CliRun) => ((r.phases.start?.s ?? 0) + (r.phases.program?.s ?? 0)) * 1000;

/** Starting, connecting and exiting: what a command costs beyond its own work. */
const overheadMs = (r: CliRun) => loadMs(r) + (r.phases.connect?.s ?? 0) * 1000 + exitMs(r);

/** The process's time in none of the phases (apply's lease, output), ms. */
const otherMs = (r: CliRun) =>
  Math.max(0, r.processMs - Object.values(r.phases).reduce((sum, p) => sum + p.s * 1000, 0));

/** The breakdown columns: load, synth, connect, grid reads, diff, other, close and exit (wall s). */
const BREAKDOWN = ['load s', 'synth s', 'connect s', 'grid reads s', 'diff s', 'other s', 'exit s'];
const breakdown = (r: CliRun) => [
  s(loadMs(r)),
  phase(r, 'synth'),
  phase(r, 'connect'),
  phase(r, 'grid reads'),
  phase(r, 'diff'),
  s(otherMs(r)),
  s(exitMs(r)),
];

type CliLabel = CliUnderTest['label'];

/** The CLIs named in `raw` (BENCH_CLI: comma separated, source and/or built), else `fallback`. */
export function clisOf(raw: string | undefined, fallback: readonly CliLabel[]): readonly CliLabel[] {
  if (raw === undefined || raw.trim() === '') return fallback;
  return raw.split(',').map((c) => {
    const label = c.trim();
    if (label !== 'source' && label !== 'built')
      throw new Error(`BENCH_CLI: '${label}' is neither 'source' nor 'built' (e.g. BENCH_CLI=source,built)`);
    return label;
  });
}

export async function runCliSection(o: {
  readonly planSizes: readonly number[];
  readonly gridNodes: number;
  /** which CLIs to measure: the source checkout's (TS hook), the built package's (dist/ and its bundle). @default BENCH_CLI, else source */
  readonly clis?: readonly CliLabel[];
  readonly log: (s: string) => void;
}): Promise<string> {
  const workDir = fs.mkdtempSync(path.join(__dirname, '.work-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cli-grid-'));
  const out: string[] = [];
  let grid: DetachedGrid | undefined;
  try {
    const load = os.loadavg().map((l) => l.toFixed(1));
    out.push(`load average when the CLI section started: ${load.join(', ')} (${os.cpus().length} cores)`, '');
    o.log(`starting a detached dev grid of ${o.gridNodes} nodes`);
    grid = DetachedGrid.start(dataDir, o.gridNodes);
    const clis = (o.clis ?? clisOf(process.env.BENCH_CLI, ['source'])).map((label) =>
      label === 'built' ? builtCli(workDir, o.log) : SOURCE_CLI,
    );
    const rows: string[][] = [];
    const applyRows: string[][] = [];
    for (const cli of clis) {
      for (const units of o.planSizes) {
        const r = benchCliPlan(grid, workDir, units, o.log, cli);
        for (const [what, run] of [
          ['plan', r.plan],
          ['status', r.status],
        ] as const)
          rows.push([
            what,
            cli.label,
            String(units),
            s(run.wallMs),
            what === 'plan' ? `< ${s(planGoalMs(units))}` : '-',
            s(run.cpuMs),
            s(run.gridCpuMs),
            ...breakdown(run),
          ]);
      }
      o.log(`apply of one machine (${cli.label} CLI)`);
      const one = benchApplyOne(grid, workDir, cli);
      applyRows.push(
        [
          'apply',
          cli.label,
          s(one.apply.wallMs),
          s(overheadMs(one.apply)),
          `< ${s(APPLY_OVERHEAD_WAS_MS)}`,
          s(one.apply.cpuMs),
          ...breakdown(one.apply),
          phase(one.apply, 'apply'),
        ],
        [
          'destroy',
          cli.label,
          s(one.destroy.wallMs),
          s(overheadMs(one.destroy)),
          '-',
          s(one.destroy.cpuMs),
          ...breakdown(one.destroy),
          '-',
        ],
      );
    }
    out.push(
      `no-op plan and status of N units (one machine and NodeSelector each, one network; ${o.gridNodes} nodes; cli: source = the checkout's TypeScript through the require hook, built = the package's dist/ with its @polkadot bundle):`,
      formatTable(
        ['command', 'cli', 'N', 'wall s', 'goal wall s', 'cpu s', 'grid cpu s', ...BREAKDOWN],
        rows,
      ),
      '',
    );
    out.push(
      'tfgrid apply of one machine on the running grid (overhead: load, connect, close and exit; the rest is synth, grid reads, diff and apply):',
      formatTable(
        ['command', 'cli', 'wall s', 'overhead s', 'goal overhead s', 'cpu s', ...BREAKDOWN, 'apply s'],
        applyRows,
      ),
    );
  } finally {
    grid?.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return out.join('\n');
}
