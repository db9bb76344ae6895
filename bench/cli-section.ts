/**
 * The bench's CLI section (issue 13's goals): a detached dev grid's start time and memory, the
 * no-op `tfgrid plan` and `tfgrid status` of N units, and `tfgrid apply` of one machine, each
 * with its goal beside it. Wall times depend on the machine's load: the CPU columns say what the
 * work costs (the command's own, and the dev grid's while serving it).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { benchApplyOne, benchCliPlan, DetachedGrid, type CliRun } from './cli-plan';
import { formatTable } from './table';

const MiB = 1024 * 1024;
const s = (ms: number | undefined) => (ms === undefined ? '-' : (ms / 1000).toFixed(2));

/** Goal of a no-op plan of N units, ms of wall time for the whole command (issue 13). */
const planGoalMs = (units: number) => (units <= 100 ? 1500 : 5000);

function phases(r: CliRun): string {
  return Object.entries(r.phases)
    .map(([k, v]) => `${k} ${v.s.toFixed(2)}`)
    .join(', ');
}

export async function runCliSection(o: {
  readonly planSizes: readonly number[];
  readonly gridNodes: number;
  readonly log: (s: string) => void;
}): Promise<string> {
  const workDir = fs.mkdtempSync(path.join(__dirname, '.work-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cli-grid-'));
  const out: string[] = [];
  let grid: DetachedGrid | undefined;
  try {
    o.log(`starting a detached dev grid of ${o.gridNodes} nodes`);
    grid = DetachedGrid.start(dataDir, o.gridNodes);
    const rss = grid.rssBytes();
    out.push(
      'dev grid (tfgrid devgrid up --detach, instant blocks):',
      formatTable(
        ['nodes', 'start s', 'start ms/node', 'rss MiB', 'rss MiB/node'],
        [
          [
            String(o.gridNodes),
            s(grid.startMs),
            (grid.startMs / o.gridNodes).toFixed(0),
            rss === undefined ? '-' : String(Math.round(rss / MiB)),
            rss === undefined ? '-' : (rss / MiB / o.gridNodes).toFixed(1),
          ],
        ],
      ),
      'goal (--nodes 100): start < 10 s, rss < 1024 MiB',
      '',
    );
    const rows: string[][] = [];
    for (const units of o.planSizes) {
      const r = benchCliPlan(grid, workDir, units, o.log);
      for (const [what, run] of [
        ['plan', r.plan],
        ['status', r.status],
      ] as const)
        rows.push([
          what,
          String(units),
          s(run.wallMs),
          s(run.cpuMs),
          s(run.gridCpuMs),
          what === 'plan' ? `< ${s(planGoalMs(units))}` : '-',
          phases(run),
        ]);
    }
    out.push(
      `no-op plan and status of N units (one machine and NodeSelector each, one network; ${o.gridNodes} nodes):`,
      formatTable(['command', 'N', 'wall s', 'cpu s', 'grid cpu s', 'goal wall s', 'phases (wall s)'], rows),
      '',
    );
    o.log('apply of one machine');
    const one = benchApplyOne(grid, workDir);
    const work = (r: CliRun) =>
      (r.phases['grid reads']?.s ?? 0) + (r.phases.apply?.s ?? 0) + (r.phases.diff?.s ?? 0);
    out.push(
      'tfgrid apply of one machine on the running grid (overhead: wall minus grid reads, diff and apply):',
      formatTable(
        ['command', 'wall s', 'cpu s', 'overhead s', 'phases (wall s)'],
        [
          [
            'apply',
            s(one.apply.wallMs),
            s(one.apply.cpuMs),
            (one.apply.wallMs / 1000 - work(one.apply)).toFixed(2),
            phases(one.apply),
          ],
          ['destroy', s(one.destroy.wallMs), s(one.destroy.cpuMs), '-', phases(one.destroy)],
        ],
      ),
    );
  } finally {
    grid?.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return out.join('\n');
}
