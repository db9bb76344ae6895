/**
 * The peer table's GridClient side, as its users run it: ThreeFold's `@threefold/grid_client`
 * 2.9.2, unmodified, in a Node process of its own per operation (deploy, delete), trusting the dev
 * grid's relay CA through NODE_EXTRA_CA_CERTS (read at start). The process is
 * `peer-gridclient-session.ts`, connected with the SDK's dev grid helper
 * (integration/sdk/testing/grid-client.ts); it reports how long connecting and the operation took.
 *
 * When GridClient cannot run here (no TLS relay on port 443), `gridClientUnavailable` says why, and
 * the table prints that reason.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { RunningDevGrid } from '../model/config/devgrid-info';
import { devGridClientEnv } from '../integration/sdk/testing/grid-client';

const ROOT = path.join(__dirname, '..');
const SESSION = path.join(__dirname, 'peer-gridclient-session.ts');
const REGISTER_TS = path.join(ROOT, 'cli', 'register-ts.js');

/** One machine of a GridClient deployment, on a given node. */
export interface PeerMachine {
  readonly name: string;
  readonly nodeId: number;
}

/** What the session process is asked to do (JSON in PEER_SESSION). */
export interface PeerSessionInput {
  readonly info: RunningDevGrid;
  readonly mnemonic: string;
  readonly op: 'connect' | 'deploy' | 'delete';
  /** GridClient's deployment name */
  readonly name: string;
  readonly machines: readonly PeerMachine[];
  /** where the SDK keeps its local store (APPDATA) */
  readonly appDataDir: string;
}

/** What it reports (JSON in the file PEER_SESSION_OUT). */
export interface PeerSessionOutput {
  /** `new GridClient(...)` and `connect()`, ms */
  readonly connectMs?: number;
  /** the operation itself (`machines.deploy` / `machines.delete`), ms */
  readonly opMs?: number;
  readonly error?: string;
}

export interface PeerRun extends PeerSessionOutput {
  /** the whole process, from spawn to exit, ms */
  readonly wallMs: number;
}

/** Why GridClient cannot run on this grid, or undefined when it can. */
export function gridClientUnavailable(info: RunningDevGrid): string | undefined {
  if (!info.relayTlsUrl || !info.relayCaFile) return 'the dev grid has no TLS relay';
  if (info.relayTlsUrl !== 'wss://127.0.0.1/')
    return `GridClient takes only a relay on wss://<host>/ (port 443); the TLS relay is ${info.relayTlsUrl}`;
  return undefined;
}

/** Runs one GridClient operation in its own process; resolves with what it reported. */
export async function runGridClient(input: PeerSessionInput, timeoutMs = 1_800_000): Promise<PeerRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-peer-sdk-'));
  const out = path.join(dir, 'out.json');
  const t0 = performance.now();
  try {
    const child = spawn(process.execPath, ['-r', REGISTER_TS, SESSION], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...devGridClientEnv(input.info, input.appDataDir),
        PEER_SESSION: JSON.stringify(input),
        PEER_SESSION_OUT: out,
      },
      // the SDK's own chatter: kept for an error, else dropped
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let chatter = '';
    const keep = (d: Buffer) => (chatter = (chatter + d.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    clearTimeout(timer);
    const wallMs = performance.now() - t0;
    const reported = fs.existsSync(out)
      ? (JSON.parse(fs.readFileSync(out, 'utf8')) as PeerSessionOutput)
      : { error: `the GridClient process exited ${code} without a report: ${chatter.trim().slice(-1000)}` };
    return { ...reported, wallMs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
