/**
 * `tfgrid devgrid up|status|down`: the local dev grid. `up` runs in the foreground until Ctrl-C
 * (or with --detach in the background); its endpoints are written to <data-dir>/devgrid.json so
 * other commands (`--network local`) find it.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DEVGRID_SUBDIR, devGridDir, packageRoot } from '../../model/config/project-dir';
import { parseArgs, UsageError, type FlagSpec } from '../args';
import { ExitCode, type Output } from '../output';
import {
  devGridInfoFile as infoFile,
  processAlive as alive,
  runningDevGrid,
  type DevGridInfo,
  type RunningDevGrid,
} from '../../model/config/devgrid-info';
import { DataDirBusyError, DataDirLock } from '../../devgrid/data-dir-lock';

export const DEFAULT_DEVGRID_DIR = DEVGRID_SUBDIR;

export const devgridFlags: Record<string, FlagSpec> = {
  nodes: { value: true, description: 'number of emulated nodes (default 8)' },
  farms: { value: true, description: 'number of farms (default 2)' },
  'data-dir': {
    value: true,
    description: `state directory (default: TFGRID_DEVGRID_DIR, else ${DEFAULT_DEVGRID_DIR} in the project root)`,
  },
  'block-time-ms': {
    value: true,
    description: '0: a block per transaction (default); 6000 behaves like TFChain',
  },
  detach: { value: false, description: 'run in the background and return once it is up' },
  json: { value: false, description: 'print the endpoints as JSON' },
};

/** How long `up` gives the grid to close on SIGTERM before it exits anyway, ms. */
const CLOSE_MS = 10_000;

function describe(info: DevGridInfo, io: Output): void {
  io.out(
    [
      `dev grid up (data in ${info.dataDir})`,
      `  chain    ${info.chainUrl}`,
      `  relay    ${info.relayUrl}`,
      `  proxy    ${info.proxyUrl}`,
      ...(info.graphqlUrl ? [`  graphql  ${info.graphqlUrl}`] : []),
      ...(info.gatewayUrl ? [`  gateway  ${info.gatewayUrl}  (names under ${info.gatewayDomain})`] : []),
      ...(info.explorerUrl ? [`  explorer ${info.explorerUrl}  (read-only web page)`] : []),
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
  const { positionals, flags } = parseArgs(argv, devgridFlags);
  const [sub] = positionals;
  const dir = path.resolve(typeof flags['data-dir'] === 'string' ? flags['data-dir'] : devGridDir());
  if (sub === 'status') {
    const info = runningDevGrid(dir);
    if (!info) {
      io.out(`no dev grid running from ${dir}: start one with 'tfgrid devgrid up'`);
      return ExitCode.invalid;
    }
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
    // the grid closes within CLOSE_MS (see below); past that it is killed, with its sandboxes
    const deadline = Date.now() + CLOSE_MS + 2000;
    while (alive(info.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (alive(info.pid)) {
      for (const target of [-info.pid, info.pid]) {
        try {
          process.kill(target, 'SIGKILL');
        } catch {
          // not a process group leader (started in the foreground): the pid alone
        }
      }
      for (let i = 0; i < 50 && alive(info.pid); i++) await new Promise((r) => setTimeout(r, 100));
      fs.rmSync(infoFile(dir), { force: true });
      fs.rmSync(path.join(dir, 'devgrid.lock'), { force: true });
      io.out(`dev grid (pid ${info.pid}) did not close within ${CLOSE_MS / 1000} s: killed`);
    } else io.out('dev grid stopped');
    return alive(info.pid) ? ExitCode.gridError : ExitCode.ok;
  }
  if (sub !== 'up') throw new UsageError(`devgrid takes 'up', 'status' or 'down', got '${sub ?? ''}'`);
  const existing = runningDevGrid(dir);
  if (existing) {
    io.err(
      `tfgrid devgrid up: a dev grid is already running on ${dir} (pid ${existing.pid}): chain ${existing.chainUrl}, relay ${existing.relayUrl}, proxy ${existing.proxyUrl}; use it, or stop it first with 'tfgrid devgrid down --data-dir ${dir}'`,
    );
    return ExitCode.gridError;
  }
  // a grid another command started for itself on this dir (no devgrid.json, but the lock)
  const holder = DataDirLock.holder(dir);
  if (holder && alive(holder.pid)) {
    io.err(`tfgrid devgrid up: ${new DataDirBusyError(dir, holder).message}`);
    return ExitCode.gridError;
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
    io.err(`the dev grid did not come up: see ${path.join(dir, 'devgrid.log')}`);
    return ExitCode.gridError;
  }
  const { startDevGrid } = await import('../../devgrid/grid');
  const grid = await startDevGrid({
    dataDir: dir,
    nodes: intFlag(flags.nodes, 'nodes', 1),
    farms: intFlag(flags.farms, 'farms', 1),
    blockTimeMs: intFlag(flags['block-time-ms'], 'block-time-ms', 0),
    explorer: true,
  });
  const info: RunningDevGrid = {
    pid: process.pid,
    chainUrl: grid.chainUrl,
    relayUrl: grid.relayUrl,
    proxyUrl: grid.proxyUrl,
    graphqlUrl: grid.graphqlUrl,
    gatewayUrl: grid.gatewayUrl,
    gatewayDomain: grid.gatewayDomain,
    explorerUrl: grid.explorerUrl,
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
  const closed = await Promise.race([
    grid.close().then(() => true),
    new Promise<false>((r) => setTimeout(() => r(false), CLOSE_MS).unref()),
  ]);
  io.err(closed ? 'dev grid stopped' : `dev grid did not close within ${CLOSE_MS / 1000} s: exiting`);
  // nothing of the grid may keep this process alive (a socket, a timer, a sandbox)
  process.exit(ExitCode.ok);
}
