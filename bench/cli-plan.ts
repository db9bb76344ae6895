/**
 * The CLI as a user runs it, against a detached dev grid (its own process): a no-op `tfgrid plan`
 * and `tfgrid status` of N units (one machine and NodeSelector each, a network per 200), and the process
 * overhead of `tfgrid apply` of one machine. Each command is a fresh `node bin/tfgrid.js` with
 * `--timings`; the bench reads its phases, times the whole command from outside, and reads the CPU
 * the dev grid spent serving it from /proc (Linux).
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'tfgrid.js');

/** One CLI run: wall ms from outside, the phases it printed, its own and the dev grid's CPU ms. */
export interface CliRun {
  readonly wallMs: number;
  readonly code: number;
  /** phase -> wall s and cpu s, as `--timings` printed them */
  readonly phases: Record<string, { s: number; cpuS: number }>;
  /** the command's own CPU (user + system) until it printed its timings, ms */
  readonly cpuMs: number;
  /** the process's age when it printed its timings, ms: the wall time after it is exiting */
  readonly processMs: number;
  /** CPU the dev grid process spent meanwhile, ms (undefined off Linux) */
  readonly gridCpuMs?: number;
}

export interface CliPlanResult {
  readonly units: number;
  readonly plan: CliRun;
  readonly status: CliRun;
}

/** A dev grid in its own process (`tfgrid devgrid up --detach`), as users keep one for CI. */
export class DetachedGrid {
  readonly pid: number;

  private constructor(
    readonly dataDir: string,
    readonly startMs: number,
  ) {
    const info = JSON.parse(fs.readFileSync(path.join(dataDir, 'devgrid.json'), 'utf8')) as { pid: number };
    this.pid = info.pid;
  }

  static start(dataDir: string, nodes: number, extra: string[] = []): DetachedGrid {
    const t0 = performance.now();
    const r = spawnSync(
      process.execPath,
      [BIN, 'devgrid', 'up', '--detach', '--nodes', String(nodes), '--data-dir', dataDir, ...extra],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`devgrid up failed: ${r.stderr || r.stdout}`);
    return new DetachedGrid(dataDir, performance.now() - t0);
  }

  /** CPU (user + system) the grid process used so far, ms; undefined where /proc is not there. */
  cpuMs(): number | undefined {
    try {
      const fields = fs.readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux)
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      return undefined;
    }
  }

  /** Resident memory of the grid process, bytes (undefined off Linux). */
  rssBytes(): number | undefined {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** Runs `tfgrid <args> --timings` against this grid (`bin`: which CLI, the source checkout's by default). */
  run(args: string[], cwd: string, bin = BIN): CliRun {
    const grid0 = this.cpuMs();
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [bin, ...args, '--timings', '--quiet'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, TFGRID_DEVGRID_DIR: this.dataDir },
      maxBuffer: 256 * 1024 * 1024,
    });
    return this.result(args, r.status, r.stderr ?? '', performance.now() - t0, grid0);
  }

  /** `run`, without blocking this process meanwhile (its own chain connection stays served). */
  async runAsync(args: string[], cwd: string): Promise<CliRun> {
    const grid0 = this.cpuMs();
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, ...args, '--timings', '--quiet'], {
      cwd,
      env: { ...process.env, TFGRID_DEVGRID_DIR: this.dataDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    return this.result(args, status, stderr, performance.now() - t0, grid0);
  }

  private result(
    args: string[],
    status: number | null,
    stderr: string,
    wallMs: number,
    grid0: number | undefined,
  ): CliRun {
    const grid1 = this.cpuMs();
    const line = /timings: (.*)$/m.exec(stderr)?.[1];
    if (status !== 0 && status !== 3)
      throw new Error(`tfgrid ${args.join(' ')} exited ${status}: ${stderr.slice(-2000)}`);
    if (!line) throw new Error(`tfgrid ${args.join(' ')} printed no timings: ${stderr.slice(-2000)}`);
    return {
      wallMs,
      code: status ?? -1,
      ...parseTimings(line),
      gridCpuMs: grid0 !== undefined && grid1 !== undefined ? grid1 - grid0 : undefined,
    };
  }

  stop(): void {
    spawnSync(process.execPath, [BIN, 'devgrid', 'down', '--data-dir', this.dataDir], { encoding: 'utf8' });
  }
}

/** The phases of a `timings:` line (see engine/timings.ts), the process's age and its CPU. */
export function parseTimings(line: string): Pick<CliRun, 'phases' | 'cpuMs' | 'processMs'> {
  const phases: CliRun['phases'] = {};
  for (const m of line.matchAll(/([a-z][a-z ]*?) ([\d.]+) s \(cpu ([\d.]+)\)/g))
    phases[m[1].trim()] = { s: Number(m[2]), cpuS: Number(m[3]) };
  const total = /; ([\d.]+) s \(cpu ([\d.]+)\) since the process started/.exec(line);
  return {
    phases,
    processMs: total ? Number(total[1]) * 1000 : 0,
    cpuMs: total ? Number(total[2]) * 1000 : 0,
  };
}

/** Units per network: a zos network is a /16 with one /24 per node, so at most 254 (the synth bench's 200). */
export const UNITS_PER_NETWORK = 200;

/** A program of `units` machines, each with its own NodeSelector, in a network per 200 units. */
export function programSource(project: string, units: number, constructsDir: string): string {
  return `import { App, Machine, Network, NodeSelector } from ${JSON.stringify(constructsDir)};

export function build(): App {
  const app = new App({ projectName: ${JSON.stringify(project)} });
  const nets: Network[] = [];
  for (let i = 0; i < ${units}; i++) {
    const k = Math.floor(i / ${UNITS_PER_NETWORK});
    const net = (nets[k] ??= new Network(app, k === 0 ? 'net' : \`net\${k}\`, { ipRange: \`10.\${30 + k}.0.0/16\` }));
    const node = new NodeSelector(app, \`n\${i}\`, { minCru: 1 });
    new Machine(app, \`vm\${i}\`, { node, network: net, cpu: 1, memoryMb: 256, rootfsGb: 0.5 });
  }
  return app;
}
`;
}

/**
 * Applies a program of `units` units (not measured), then measures a no-op plan and a status;
 * destroys the project at the end. `workDir` is a folder inside the package (the program imports
 * the constructs and is type checked against the package's tsconfig).
 */
export function benchCliPlan(
  grid: DetachedGrid,
  workDir: string,
  units: number,
  log: (s: string) => void,
  cli: CliUnderTest = SOURCE_CLI,
): CliPlanResult {
  const file = path.join(workDir, `plan-${units}-${cli.label}.ts`);
  fs.writeFileSync(file, programSource(`bench-plan-${units}`, units, path.relative(workDir, cli.constructs)));
  log(`plan ${units} (${cli.label} CLI): applying ${units} units (not measured)`);
  grid.run(['apply', file, '--yes'], workDir, cli.bin);
  // the first plan after the apply warms the transpile and type check caches, as any second run has
  grid.run(['plan', file], workDir, cli.bin);
  log(`plan ${units} (${cli.label} CLI): no-op plan and status`);
  const plan = grid.run(['plan', file, '--detailed-exitcode'], workDir, cli.bin);
  if (plan.code !== 0)
    throw new Error(`the plan after apply of ${units} units is not empty (exit ${plan.code})`);
  const status = grid.run(['status', file], workDir, cli.bin);
  grid.run(['destroy', file, '--yes'], workDir, cli.bin);
  return { units, plan, status };
}

/** Which `tfgrid` a measurement runs: its bin script, and the constructs its programs import. */
export interface CliUnderTest {
  readonly label: 'source' | 'built';
  readonly bin: string;
  /** the module a program imports its constructs from (the same the CLI checks them with) */
  readonly constructs: string;
}

/** The source checkout's CLI: bin/tfgrid.js runs the TypeScript sources through the require hook. */
export const SOURCE_CLI: CliUnderTest = {
  label: 'source',
  bin: BIN,
  constructs: path.join(ROOT, 'constructs'),
};

/**
 * The built package's CLI, as an install runs it: `npm run build` (dist/ and its @polkadot bundle),
 * then bin/tfgrid.js copied into `dir` beside a link to dist/ (no sources beside it, so it runs
 * dist/). Programs import the constructs from dist/, as `import ... from 'tfgrid-iac'` does.
 */
export function builtCli(dir: string, log: (s: string) => void): CliUnderTest {
  log('npm run build (the built CLI)');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed: ${r.stderr || r.stdout}`);
  const pkg = path.join(dir, 'built-package');
  fs.mkdirSync(path.join(pkg, 'bin'), { recursive: true });
  fs.copyFileSync(BIN, path.join(pkg, 'bin', 'tfgrid.js'));
  fs.symlinkSync(path.join(ROOT, 'dist'), path.join(pkg, 'dist'));
  return { label: 'built', bin: path.join(pkg, 'bin', 'tfgrid.js'), constructs: path.join(ROOT, 'dist') };
}

/** `tfgrid apply` of one machine on the running grid: its wall time and where it went. */
export function benchApplyOne(
  grid: DetachedGrid,
  workDir: string,
  cli: CliUnderTest = SOURCE_CLI,
): { apply: CliRun; destroy: CliRun } {
  const file = path.join(workDir, `apply-one-${cli.label}.ts`);
  fs.writeFileSync(file, programSource('bench-apply-one', 1, path.relative(workDir, cli.constructs)));
  // warm the caches (a user's second run), then measure a real apply from nothing
  grid.run(['plan', file], workDir, cli.bin);
  const apply = grid.run(['apply', file, '--yes'], workDir, cli.bin);
  const destroy = grid.run(['destroy', file, '--yes'], workDir, cli.bin);
  return { apply, destroy };
}
