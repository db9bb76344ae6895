/**
 * `tfgrid devgrid up|status|down`: the local dev grid. `up` runs in the foreground until Ctrl-C
 * (or with --detach in the background); its endpoints are written to <data-dir>/devgrid.json so
 * other commands (`--network local`) find it.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DEVGRID_SUBDIR, devGridDir, packageRoot } from '../../config/project-dir';
import { UsageError } from '../args';
import { parseCommandArgs } from '../command-specs';
import { CommandFailure, ExitCode, type Output } from '../output';
import type { DevGridInfo } from '../../../devgrid/grid';

export const DEFAULT_DEVGRID_DIR = DEVGRID_SUBDIR;

export interface RunningDevGrid extends DevGridInfo {
  readonly pid: number;
}

const infoFile = (dir: string) => path.join(dir, 'devgrid.json');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The dev grid running from `dir`, if any. */
export function runningDevGrid(dir = devGridDir()): RunningDevGrid | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(infoFile(dir), 'utf8')) as RunningDevGrid;
    return alive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

function describe(info: DevGridInfo, io: Output): void {
  io.out(
    [
      `dev grid up (data in ${info.dataDir})`,
      `  chain    ${info.chainUrl}`,
      `  relay    ${info.relayUrl}`,
      `  proxy    ${info.proxyUrl}`,
      ...(info.gatewayUrl ? [`  gateway  ${info.gatewayUrl}  (names under ${info.gatewayDomain})`] : []),
      `  nodes    ${info.nodes.map((n) => `${n.nodeId} (farm ${n.farmId})`).join(', ')}`,
      `  account  the funded dev mnemonic: "${info.mnemonic}"`,
      '  (a local emulation: machines are SSH sandboxes, not VMs; see docs/devgrid.md)',
    ].join('\n'),
  );
}

const intFlag = (v: string | boolean | undefined, name: string, min: number): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be a whole number >= ${min}, got '${v}'`);
  return n;
};

export async function devgridCommand(argv: string[], io: Output): Promise<number> {
  const { positionals, flags } = parseCommandArgs('devgrid', argv);
  const [sub] = positionals;
  const dir = path.resolve(typeof flags['data-dir'] === 'string' ? flags['data-dir'] : devGridDir());
  if (sub === 'status') {
    const info = runningDevGrid(dir);
    if (!info)
      throw new CommandFailure(
        ExitCode.invalid,
        `no dev grid running from ${dir}: start one with 'tfgrid devgrid up'`,
      );
    if (flags.json) io.out(JSON.stringify(info, null, 2));
    else describe(info, io);
    return ExitCode.ok;
  }
  if (sub === 'down') {
    const info = runningDevGrid(dir);
    if (!info) {
      io.out(`no dev grid running from ${dir}`);
      return ExitCode.ok;
    }
    process.kill(info.pid, 'SIGTERM');
    for (let i = 0; i < 100 && alive(info.pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (alive(info.pid))
      throw new CommandFailure(ExitCode.gridError, `dev grid (pid ${info.pid}) did not stop within 10 s`);
    io.out('dev grid stopped');
    return ExitCode.ok;
  }
  if (sub !== 'up') throw new UsageError(`devgrid takes 'up', 'status' or 'down', got '${sub ?? ''}'`);
  const existing = runningDevGrid(dir);
  if (existing) {
    io.out(`a dev grid is already running (pid ${existing.pid})`);
    describe(existing, io);
    return ExitCode.ok;
  }
  if (flags.detach) {
    fs.mkdirSync(dir, { recursive: true });
    const log = fs.openSync(path.join(dir, 'devgrid.log'), 'a');
    const passthrough: string[] = [];
    for (const name of ['nodes', 'farms', 'block-time-ms'])
      if (typeof flags[name] === 'string') passthrough.push(`--${name}`, flags[name] as string);
    const bin = path.join(packageRoot(), 'bin', 'tfgrid.js');
    const child = spawn(process.execPath, [bin, 'devgrid', 'up', '--data-dir', dir, ...passthrough], {
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.unref();
    for (let i = 0; i < 600; i++) {
      const info = runningDevGrid(dir);
      if (info) {
        if (flags.json) io.out(JSON.stringify(info, null, 2));
        else describe(info, io);
        return ExitCode.ok;
      }
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new CommandFailure(
      ExitCode.gridError,
      `the dev grid did not come up: see ${path.join(dir, 'devgrid.log')}`,
    );
  }
  const { startDevGrid } = await import('../../../devgrid/grid');
  const grid = await startDevGrid({
    dataDir: dir,
    nodes: intFlag(flags.nodes, 'nodes', 1),
    farms: intFlag(flags.farms, 'farms', 1),
    blockTimeMs: intFlag(flags['block-time-ms'], 'block-time-ms', 0),
  });
  const info: RunningDevGrid = {
    pid: process.pid,
    chainUrl: grid.chainUrl,
    relayUrl: grid.relayUrl,
    proxyUrl: grid.proxyUrl,
    gatewayUrl: grid.gatewayUrl,
    gatewayDomain: grid.gatewayDomain,
    mnemonic: grid.mnemonic,
    nodes: grid.nodes,
    dataDir: grid.dataDir,
  };
  fs.writeFileSync(infoFile(dir), JSON.stringify(info, null, 2));
  if (flags.json) io.out(JSON.stringify(info, null, 2));
  else describe(info, io);
  io.err('press Ctrl-C to stop');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  fs.rmSync(infoFile(dir), { force: true });
  await grid.close();
  io.err('dev grid stopped');
  return ExitCode.ok;
}
