/**
 * A Node process that runs one GridClient on a dev grid for another process (GridClientProcess):
 * started with `devGridClientEnv`, it connects with `connectDevGridClient` (the init message),
 * then runs each `{ id, module, method, args }` it receives as `client[module][method](args)` and
 * answers `{ id, value }` or `{ id, error }` over the IPC channel. `$state` answers the hosts the
 * loopback guard refused and the accounts the KYC stub answered.
 */
import type { DevGridInfo } from '../../../model/config/devgrid-info';
import { connectDevGridClient, type DevGridClient, type DevGridClientOptions } from './grid-client';
import { refusedHosts } from './loopback-only';

export interface WorkerInit {
  readonly info: DevGridInfo;
  readonly options: DevGridClientOptions;
}

export interface WorkerCall {
  readonly id: number;
  readonly module: string;
  readonly method: string;
  readonly args?: unknown;
}

export interface WorkerAnswer {
  readonly id: number;
  readonly value?: unknown;
  readonly error?: string;
}

/** What `$state` answers. */
export interface WorkerState {
  readonly refusedHosts: readonly string[];
  readonly kycAsked: readonly string[];
}

const send = (m: WorkerAnswer) => process.send?.(m);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

let session: DevGridClient | undefined;

async function run(call: WorkerCall): Promise<unknown> {
  if (call.module === '$init') {
    const init = call.args as WorkerInit;
    session = await connectDevGridClient(init.info, init.options);
    return { twinId: session.client.twinId };
  }
  if (!session) throw new Error('the GridClient is not connected: send $init first');
  if (call.module === '$state') return { refusedHosts, kycAsked: session.kycAsked } satisfies WorkerState;
  if (call.module === '$close') {
    await session.close();
    return null;
  }
  const mod = (session.client as unknown as Record<string, Record<string, unknown>>)[call.module];
  const fn = mod?.[call.method];
  if (typeof fn !== 'function') throw new Error(`GridClient has no ${call.module}.${call.method}`);
  // the SDK returns class instances; JSON keeps what it would print
  return JSON.parse(JSON.stringify((await fn.call(mod, call.args)) ?? null)) as unknown;
}

process.on('message', (call: WorkerCall) => {
  run(call).then(
    (value) => send({ id: call.id, value }),
    (e: unknown) => send({ id: call.id, error: message(e) }),
  );
});
