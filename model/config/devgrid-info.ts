/**
 * The file a running dev grid leaves in its data dir (`devgrid.json`): its endpoints, nodes and pid.
 * Every front end (the CLI's `--network local`, the Pulumi provider) finds the grid through it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { devGridDir } from './project-dir';

export interface DevGridInfo {
  readonly chainUrl: string;
  readonly relayUrl: string;
  /** the relay's TLS url (`wss://127.0.0.1/`) when the grid was started with `relayTls` */
  readonly relayTlsUrl?: string;
  /** the CA certificate (PEM file) that signed the TLS relay's certificate, for clients to trust */
  readonly relayCaFile?: string;
  readonly proxyUrl: string;
  /** the grid's GraphQL indexer API (POST queries here); absent in files of older grids */
  readonly graphqlUrl?: string;
  /** the gateway node's HTTP proxy (send `Host: <name>.<domain>`) */
  readonly gatewayUrl?: string;
  readonly gatewayDomain?: string;
  /** the read-only explorer web page (devgrid/explorer), when the grid serves one */
  readonly explorerUrl?: string;
  /** the secret of the funded dev account every command uses by default (the dev mnemonic's //Alice) */
  readonly mnemonic: string;
  readonly nodes: { nodeId: number; twinId: number; farmId: number; zdbPort: number }[];
  readonly dataDir: string;
}

export interface RunningDevGrid extends DevGridInfo {
  readonly pid: number;
  /** blocks per billing cycle of the grid's chain (absent in a devgrid.json of an older version) */
  readonly billingFrequency?: number;
  /** ms from the grid's process start until it served every endpoint (absent in older files) */
  readonly startMs?: number;
  /** the grid process's resident memory once started, bytes (absent in older files) */
  readonly rssBytes?: number;
}

/** Where a dev grid started on `dir` writes its endpoints. */
export const devGridInfoFile = (dir: string): string => path.join(dir, 'devgrid.json');

/** Whether a process with this pid is running. */
export function processAlive(pid: number): boolean {
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
    const info = JSON.parse(fs.readFileSync(devGridInfoFile(dir), 'utf8')) as RunningDevGrid;
    return processAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}
