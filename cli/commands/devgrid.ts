/**
 * `tfgrid devgrid up|status|down`: the local dev grid. `up` runs in the foreground until Ctrl-C
 * (or with --detach in the background); its endpoints are written to <data-dir>/devgrid.json so
 * other commands (`--network local`) find it.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DEVGRID_SUBDIR, devGridDir, packageRoot } from '../../model/config/project-dir';
import { UsageError } from '../args';
import { parseCommandArgs } from '../command-specs';
import { CommandFailure, ExitCode, type Output } from '../output';
import {
  devGridInfoFile as infoFile,
  processAlive as alive,
  runningDevGrid,
  type RunningDevGrid,
} from '../../model/config/devgrid-info';
import { DataDirBusyError, DataDirLock } from '../../devgrid/data-dir-lock';
import { describeRelayTls, prepareRelayTls, relayTlsFlags, relayTlsStartFailure } from './devgrid-tls';

export const DEFAULT_DEVGRID_DIR = DEVGRID_SUBDIR;

/** How long `up` gives the grid to close on SIGTERM before it exits anyway, ms. */
const CLOSE_MS = 10_000;

const mib = (bytes: number, digits = 0) => (bytes / 1024 / 1024).toFixed(digits);

function describe(info: RunningDevGrid, io: Output): void {
  io.out(
    [
      `dev grid up (data in ${info.dataDir})`,
      `  chain    ${info.chainUrl}`,
      `  relay    ${info.relayUrl}`,
      ...(info.relayTlsUrl && info.relayCaFile ? describeRelayTls(info.relayTlsUrl, info.relayCaFile) : []),
      `  proxy    ${info.proxyUrl}`,
      ...(info.graphqlUrl ? [`  graphql  ${info.graphqlUrl}`] : []),
      ...(info.gatewayUrl ? [`  gateway  ${info.gatewayUrl}  (names under ${info.gatewayDomain})`] : []),
      ...(info.explorerUrl ? [`  explorer ${info.explorerUrl}  (read-only web page)`] : []),
      `  nodes    ${info.nodes.map((n) => `${n.nodeId} (farm ${n.farmId})`).join(', ')}`,
      ...(info.billingFrequency ? [`  billing  every ${info.billingFrequency} blocks per contract`] : []),
      ...(info.startMs !== undefined && info.rssBytes !== undefined
        ? [
            `  started  in ${(info.startMs / 1000).toFixed(1)} s; ${mib(info.rssBytes)} MiB resident (${mib(info.rssBytes / info.nodes.length, 1)} MiB per node)`,
          ]
        : []),
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
  // checked before anything starts (also by a --detach parent, before it spawns the grid)
  const numbers = {
    nodes: intFlag(flags.nodes, 'nodes', 1),
    farms: intFlag(flags.farms, 'farms', 1),
    blockTimeMs: intFlag(flags['block-time-ms'], 'block-time-ms', 0),
    billingFrequency: intFlag(flags['billing-frequency'], 'billing-frequency', 1),
  };
  const tls = relayTlsFlags(flags);
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
      if (alive(info.pid))
        throw new CommandFailure(ExitCode.gridError, `dev grid (pid ${info.pid}) survived SIGKILL`);
      io.out(`dev grid (pid ${info.pid}) did not close within ${CLOSE_MS / 1000} s: killed`);
    } else io.out('dev grid stopped');
    return ExitCode.ok;
  }
  if (sub !== 'up') throw new UsageError(`devgrid takes 'up', 'status' or 'down', got '${sub ?? ''}'`);
  const existing = runningDevGrid(dir);
  if (existing) {
    throw new CommandFailure(
      ExitCode.gridError,
      `a dev grid is already running on ${dir} (pid ${existing.pid}): chain ${existing.chainUrl}, relay ${existing.relayUrl}, proxy ${existing.proxyUrl}; use it, or stop it first with 'tfgrid devgrid down --data-dir ${dir}'`,
    );
  }
  // a grid another command started for itself on this dir (no devgrid.json, but the lock)
  const holder = DataDirLock.holder(dir);
  if (holder && alive(holder.pid))
    throw new CommandFailure(ExitCode.gridError, new DataDirBusyError(dir, holder).message);
  // openssl and the port are checked before anything starts (by a --detach parent too)
  if (tls) await prepareRelayTls(dir, tls);
  if (flags.detach) {
    fs.mkdirSync(dir, { recursive: true });
    const logFile = path.join(dir, 'devgrid.log');
    const logStart = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
    const log = fs.openSync(logFile, 'a');
    const passthrough: string[] = [];
    for (const name of ['nodes', 'farms', 'block-time-ms', 'billing-frequency', 'relay-tls-port'])
      if (typeof flags[name] === 'string') passthrough.push(`--${name}`, flags[name] as string);
    if (tls) passthrough.push('--relay-tls');
    const bin = path.join(packageRoot(), 'bin', 'tfgrid.js');
    const child = spawn(process.execPath, [bin, 'devgrid', 'up', '--data-dir', dir, ...passthrough], {
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.unref();
    // a minute, and more for a grid of thousands of nodes (its genesis and node emulators)
    const waitMs = 60_000 + 100 * (numbers.nodes ?? 0);
    for (let i = 0; i < waitMs / 100; i++) {
      const info = runningDevGrid(dir);
      if (info) {
        if (flags.json) io.out(JSON.stringify(info, null, 2));
        else describe(info, io);
        return ExitCode.ok;
      }
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // the grid's own error (its last line in the log), as a foreground `up` would have said it
    const said = fs.readFileSync(logFile, 'utf8').slice(logStart).trim().split('\n').pop() ?? '';
    const error = /^tfgrid devgrid: (.*)$/.exec(said)?.[1];
    throw new CommandFailure(
      ExitCode.gridError,
      error ? `the dev grid did not come up: ${error}` : `the dev grid did not come up: see ${logFile}`,
    );
  }
  const { startDevGrid } = await import('../../devgrid/grid');
  const grid = await startDevGrid({
    dataDir: dir,
    ...numbers,
    explorer: true,
    relayTls: tls ? { port: tls.port } : undefined,
  }).catch((e: unknown) => {
    throw tls ? relayTlsStartFailure(e, tls) : e;
  });
  // the frequency is set at genesis: a chain restarted from its data dir keeps the one it was made with
  const billingFrequency = Number((await grid.api.query.smartContractModule.billingFrequency()).toString());
  if (numbers.billingFrequency !== undefined && numbers.billingFrequency !== billingFrequency)
    io.err(
      `note: the chain in ${dir} was made with --billing-frequency ${billingFrequency}, which it keeps: --billing-frequency ${numbers.billingFrequency} applies to a new chain (an empty --data-dir)`,
    );
  const info: RunningDevGrid = {
    pid: process.pid,
    chainUrl: grid.chainUrl,
    relayUrl: grid.relayUrl,
    relayTlsUrl: grid.relayTlsUrl,
    relayCaFile: grid.relayCaFile,
    proxyUrl: grid.proxyUrl,
    graphqlUrl: grid.graphqlUrl,
    gatewayUrl: grid.gatewayUrl,
    gatewayDomain: grid.gatewayDomain,
    explorerUrl: grid.explorerUrl,
    mnemonic: grid.mnemonic,
    nodes: grid.nodes,
    dataDir: grid.dataDir,
    billingFrequency,
    // the process's age: node, the CLI's modules and the grid, as a user waits for them
    startMs: Math.round(process.uptime() * 1000),
    rssBytes: process.memoryUsage().rss,
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
