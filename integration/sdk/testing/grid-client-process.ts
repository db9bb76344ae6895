/**
 * A GridClient (`@threefold/grid_client` 2.9.2, unmodified) in a Node process of its own, driven
 * from this one: the SDK's relay must be `wss://127.0.0.1/` and Node trusts the dev grid's relay CA
 * only through NODE_EXTRA_CA_CERTS read at process start, so a test or bench (already running, or
 * hosting the dev grid itself) cannot run GridClient in-process. `call('machines', 'deploy', model)`
 * runs `client.machines.deploy(model)` there and returns its result as JSON.
 */
import { fork, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { DevGridInfo } from '../../../model/config/devgrid-info';
import { devGridClientEnv, devGridInfoOnly, type DevGridClientOptions } from './grid-client';
import type { WorkerAnswer, WorkerCall, WorkerInit, WorkerState } from './grid-client-worker';

const ROOT = path.resolve(__dirname, '../../..');
const WORKER = path.join(__dirname, 'grid-client-worker.ts');
const REGISTER_TS = path.join(ROOT, 'cli/register-ts.js');

export class GridClientProcess {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private exited: string | undefined;

  private connectedTwin = 0;

  private constructor(
    private readonly child: ChildProcess,
    private readonly appDataDir: string,
  ) {
    const stderr: string[] = [];
    child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
    child.on('message', (m: WorkerAnswer) => this.answer(m));
    child.on('exit', (code, signal) => {
      this.exited = `the GridClient process exited (${signal ?? code}): ${stderr.join('').slice(-2000)}`;
      for (const w of this.pending.values()) w.reject(new Error(this.exited));
      this.pending.clear();
    });
  }

  /** the twin of the connected account */
  get twinId(): number {
    return this.connectedTwin;
  }

  /** Starts the process and connects its GridClient to `info` with `options`. */
  static async start(info: DevGridInfo, options: DevGridClientOptions): Promise<GridClientProcess> {
    const appDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-client-'));
    const child = fork(WORKER, [], {
      cwd: ROOT,
      execArgv: ['-r', REGISTER_TS],
      env: { ...process.env, ...devGridClientEnv(info, appDataDir) },
      // the SDK prints its progress on stdout; keep it out of the caller's output
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const p = new GridClientProcess(child, appDataDir);
    try {
      const init: WorkerInit = { info: devGridInfoOnly(info), options };
      p.connectedTwin = ((await p.send('$init', '', init)) as { twinId: number }).twinId;
      return p;
    } catch (e) {
      child.kill();
      fs.rmSync(appDataDir, { recursive: true, force: true });
      throw e;
    }
  }

  /** `client[module][method](args)` in the GridClient process; rejects with the SDK's error message. */
  call<T = unknown>(module: string, method: string, args?: unknown): Promise<T> {
    return this.send(module, method, args) as Promise<T>;
  }

  /** Hosts off loopback the process refused to connect to, and the accounts the KYC stub answered. */
  state(): Promise<WorkerState> {
    return this.send('$state', '') as Promise<WorkerState>;
  }

  /** Disconnects the GridClient and ends the process. */
  async close(): Promise<void> {
    if (!this.exited) {
      await this.send('$close', '').catch(() => undefined);
      this.child.kill();
    }
    fs.rmSync(this.appDataDir, { recursive: true, force: true });
  }

  private send(module: string, method: string, args?: unknown): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const call: WorkerCall = { id: this.nextId++, module, method, args };
    return new Promise((resolve, reject) => {
      this.pending.set(call.id, { resolve, reject });
      this.child.send(call, (e) => {
        if (!e) return;
        this.pending.delete(call.id);
        reject(e);
      });
    });
  }

  private answer(m: WorkerAnswer): void {
    const w = this.pending.get(m.id);
    if (!w) return;
    this.pending.delete(m.id);
    if (m.error !== undefined) w.reject(new Error(m.error));
    else w.resolve(m.value);
  }
}
