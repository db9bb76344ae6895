/**
 * Opens the grid a command works on: `--network local` (default) uses the running dev grid, or
 * starts one in this process for the command's duration; a public network needs TFGRID_MNEMONIC.
 */
import * as path from 'path';
import type { GridNetworkName } from '../constructs/manifest';
import {
  DEV_ACCOUNT,
  devGridEndpoints,
  endpointsFromEnv,
  publicNetworkEndpoints,
  type GridEndpoints,
} from '../model/config/networks';
import { Engine, type ProgressEvent } from '../engine/engine';
import { AccountSecretError, connectGrid, type ConnectedGrid } from '../engine/grid-backend';
import { UsageError } from './args';
import { devGridDir } from '../model/config/project-dir';
import { packageCacheDir } from '../model/config/cache-dir';
import { runningDevGrid } from '../model/config/devgrid-info';
import type { Output } from './output';
import type { Timings } from '../engine/timings';

export const NETWORKS: readonly GridNetworkName[] = ['local', 'dev', 'qa', 'test', 'main'];

export interface GridSession {
  readonly network: GridNetworkName;
  readonly backend: ConnectedGrid;
  readonly engine: Engine;
  /** set when this command started its own dev grid */
  readonly devgrid?: { gatewayUrl?: string; gatewayDomain?: string };
  close(): Promise<void>;
}

export interface SessionOptions {
  readonly network?: string;
  readonly timeoutMs?: number;
  readonly quiet?: boolean;
  readonly json?: boolean;
  /** false: go on when the RMB relay cannot be reached (destroy). @default true */
  readonly requireRelay?: boolean;
  /** where the engine adds its phases */
  readonly timings?: Timings;
}

export function parseNetwork(v: unknown, fallback: GridNetworkName): GridNetworkName {
  if (v === undefined || v === true) return fallback;
  if (!NETWORKS.includes(v as GridNetworkName))
    throw new UsageError(`--network must be one of ${NETWORKS.join(', ')}, got '${String(v)}'`);
  return v as GridNetworkName;
}

function progressPrinter(io: Output, quiet: boolean): (e: ProgressEvent) => void {
  const start = Date.now();
  return (e) => {
    if (quiet) return;
    const t = ((Date.now() - start) / 1000).toFixed(1).padStart(5);
    io.err(`[${t}s] ${e.step.padEnd(9)} ${e.unit ? `${e.unit}: ` : ''}${e.message}`);
  };
}

export async function openSession(
  network: GridNetworkName,
  io: Output,
  o: SessionOptions = {},
): Promise<GridSession> {
  const closers: (() => Promise<void>)[] = [];
  let endpoints: GridEndpoints;
  let devgrid: GridSession['devgrid'];
  let secret = process.env.TFGRID_MNEMONIC;
  if (network === 'local') {
    secret ??= DEV_ACCOUNT;
    const dataDir = devGridDir();
    const running = runningDevGrid(dataDir);
    if (running) {
      endpoints = devGridEndpoints(running);
      devgrid = { gatewayUrl: running.gatewayUrl, gatewayDomain: running.gatewayDomain };
    } else {
      if (!o.quiet)
        io.err(
          `no dev grid running: starting one for this command (state in ${path.relative(process.cwd(), dataDir) || dataDir}; 'tfgrid devgrid up --detach' keeps one running)`,
        );
      const { startDevGrid } = await import('../devgrid/grid');
      const grid = await startDevGrid({ dataDir });
      closers.push(() => grid.close());
      endpoints = devGridEndpoints(grid);
      devgrid = { gatewayUrl: grid.gatewayUrl, gatewayDomain: grid.gatewayDomain };
    }
  } else {
    if (!secret)
      throw new UsageError(
        `network '${network}' needs an account: set TFGRID_MNEMONIC to its mnemonic (it is never printed)`,
      );
    endpoints = publicNetworkEndpoints(network);
  }
  endpoints = endpointsFromEnv(endpoints);
  let backend: ConnectedGrid;
  try {
    backend = await connectGrid({
      endpoints,
      secret,
      requireRelay: o.requireRelay,
      // a public chain's metadata is read from disk when it holds this chain's (genesis hash and
      // spec version), not downloaded each run. Not the dev chain's: on loopback the download costs
      // milliseconds, and a dev chain restarted from its data dir after an upgrade of this package
      // keeps its genesis and spec version while its metadata may have changed
      metadataCacheDir: network === 'local' ? undefined : packageCacheDir(),
    });
  } catch (e) {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    // a bad secret is a wrong input like a missing one (exit 2), not a grid failure
    if (e instanceof AccountSecretError) throw new UsageError(e.message);
    throw e;
  }
  closers.push(() => backend.close());
  const engine = new Engine(backend, {
    timeoutMs: o.timeoutMs,
    progress: progressPrinter(io, !!o.quiet),
    timings: o.timings,
  });
  return {
    network,
    backend,
    engine,
    devgrid,
    async close() {
      for (const c of closers.reverse()) await c().catch(() => undefined);
    },
  };
}
