/**
 * Ownership and the project lease through the `tfgrid` command, as CI jobs run it, against a dev
 * grid started with `tfgrid devgrid up --detach`: project B's plan of a name project A holds is
 * exit 1 naming A and B's destroy leaves A's name; two applies started while the lease is held both
 * wait, then end with one set of units; a stale lease blocks with its holder named until
 * `tfgrid unlock --yes` breaks it.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { devGridEndpoints, DEV_ACCOUNT } from '../../model/config/networks';
import { runningDevGrid } from '../../model/config/devgrid-info';
import { connectGrid } from '../../engine/grid-backend';
import { leaseKey } from '../../engine/lease';

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, '..', '..');
let dir: string;
let env: NodeJS.ProcessEnv;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function tfgrid(...args: string[]): Run {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'tfgrid.js'), ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 200_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A tfgrid process running in the background: its output so far, and its end. */
function tfgridAsync(...args: string[]): { stderr(): string; done: Promise<Run> } {
  const p = spawn(process.execPath, [path.join(ROOT, 'bin', 'tfgrid.js'), ...args], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d) => (stdout += d));
  p.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<Run>((resolve) =>
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })),
  );
  return { stderr: () => stderr, done };
}

async function until(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-own-'));
  env = { ...process.env, TFGRID_DEVGRID_DIR: path.join(dir, 'devgrid') };
  delete env.TFGRID_MNEMONIC;
  const b = fs
    .readFileSync(path.join(ROOT, 'examples', 'gateway-name.ts'), 'utf8')
    .replace("'example-gateway-name'", "'project-b'")
    .replace(/from '\.\.\/constructs'/, `from '${ROOT}/constructs'`)
    .replace(/from '\.\/lib\/example-keys'/, `from '${ROOT}/examples/lib/example-keys'`);
  fs.writeFileSync(path.join(dir, 'b.ts'), b);
  expect(
    tfgrid('devgrid', 'up', '--detach', '--nodes', '3', '--data-dir', env.TFGRID_DEVGRID_DIR!).code,
  ).toBe(0);
});

afterAll(() => {
  tfgrid('devgrid', 'down', '--data-dir', env.TFGRID_DEVGRID_DIR!);
  fs.rmSync(dir, { recursive: true, force: true });
});

it("B's plan of A's name is exit 1 naming A; B's destroy leaves A's name contract", () => {
  expect(tfgrid('apply', 'examples/gateway-name.ts', '--yes', '--quiet').code).toBe(0);
  const plan = tfgrid('plan', path.join(dir, 'b.ts'));
  expect(plan.code).toBe(1);
  expect(plan.stderr).toContain("name 'myapp' is held by project 'example-gateway-name' of this account");
  expect(tfgrid('destroy', path.join(dir, 'b.ts'), '--yes').stdout).toContain('nothing to destroy');
  const status = JSON.parse(tfgrid('status', 'examples/gateway-name.ts', '--json').stdout);
  expect(Object.keys(status.names)).toEqual(['myapp']);
  expect(tfgrid('destroy', 'examples/gateway-name.ts', '--yes').code).toBe(0);
});

it('two applies started together: both wait for the lease, one set of units', async () => {
  // the test holds the lease while both start, so they overlap whatever each one's start-up costs
  const backend = await connectGrid({
    endpoints: devGridEndpoints(runningDevGrid(env.TFGRID_DEVGRID_DIR)!),
    secret: DEV_ACCOUNT,
  });
  try {
    const holder = `${os.hostname()} pid ${process.pid}`;
    const held = { token: 'test', holder, expiresAt: Date.now() + 240_000 };
    await backend.kvWrite(new Map([[leaseKey('example-zdb'), JSON.stringify(held)]]));
    const runs = [
      tfgridAsync('apply', 'examples/zdb.ts', '--yes', '--json'),
      tfgridAsync('apply', 'examples/zdb.ts', '--yes', '--json'),
    ];
    const waiting = `waiting for the lease of project 'example-zdb': held by ${holder}`;
    await until(
      'both applies wait for the lease',
      () => runs.every((r) => r.stderr().includes(waiting)),
      180_000,
    );
    await backend.kvWrite(new Map([[leaseKey('example-zdb'), undefined]]));
    const ended = await Promise.all(runs.map((r) => r.done));
    expect(ended.map((r) => (r.code === 0 ? 0 : `${r.code}: ${r.stderr}`))).toEqual([0, 0]);
    // each released the lease before it exited: the chain's pool had the deletion, a block holds it
    for (let i = 0; (await backend.kvGet(leaseKey('example-zdb'))) !== undefined; i++) {
      if (i > 120) throw new Error('the lease was never deleted on chain after both applies ended');
      await new Promise((r) => setTimeout(r, 250));
    }
    const status = JSON.parse(tfgrid('status', 'examples/zdb.ts', '--json').stdout);
    expect(status.units).toHaveLength(1);
    expect(tfgrid('destroy', 'examples/zdb.ts', '--yes').code).toBe(0);
  } finally {
    await backend.close();
    // @polkadot/api keeps a timer for a moment after disconnect
    await new Promise((r) => setTimeout(r, 2000));
  }
});

it('a stale lease blocks apply naming its holder until tfgrid unlock breaks it', async () => {
  const backend = await connectGrid({
    endpoints: devGridEndpoints(runningDevGrid(env.TFGRID_DEVGRID_DIR)!),
    secret: DEV_ACCOUNT,
  });
  try {
    const stale = { token: 'gone', holder: 'ci-runner-3 pid 4242', expiresAt: Date.now() + 3_600_000 };
    await backend.kvWrite(new Map([[leaseKey('example-zdb'), JSON.stringify(stale)]]));
    const blocked = tfgrid('apply', 'examples/zdb.ts', '--yes', '--lock-timeout', '0');
    expect(blocked.code).toBe(4);
    expect(blocked.stderr).toContain(
      `locked by ci-runner-3 pid 4242 until ${new Date(stale.expiresAt).toISOString()}`,
    );
    expect(tfgrid('unlock', 'examples/zdb.ts').code).toBe(2);
    const unlock = tfgrid('unlock', 'examples/zdb.ts', '--yes');
    expect(unlock.code).toBe(0);
    expect(unlock.stderr).toContain('held by ci-runner-3 pid 4242');
    expect(await backend.kvGet(leaseKey('example-zdb'))).toBeUndefined();
  } finally {
    await backend.close();
    // @polkadot/api keeps a timer for a moment after disconnect
    await new Promise((r) => setTimeout(r, 2000));
  }
});
