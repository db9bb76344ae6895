/**
 * `npm start` twice is a no-op: the full-stack example applied by the CLI, then applied again with
 * `--verify` after a restart of the dev grid, without a detached grid (each command starts its own
 * on the same data dir) and with one (`devgrid up --detach`, then down and up again): the second
 * plan is empty, every unit is kept, and the account sends no extrinsic.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { DEV_ACCOUNT } from '../../model/config/networks';
import { runningDevGrid } from '../../model/config/devgrid-info';

jest.setTimeout(1_800_000);

const ROOT = path.join(__dirname, '..', '..');
let dir: string;
let env: NodeJS.ProcessEnv;

function tfgrid(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'tfgrid.js'), ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 900_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `npm start` with --json: the actions it took. */
function npmStart(): { unit: string; op: string; contractId?: number }[] {
  const r = tfgrid('apply', 'examples/full-stack.ts', '--yes', '--verify', '--json');
  expect(r.stderr).not.toMatch(/FAIL/);
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout) as { actions: { unit: string; op: string; contractId?: number }[] };
  return out.actions;
}

/** The dev account's nonce: how many extrinsics it has sent. */
async function nonce(): Promise<number> {
  const info = runningDevGrid(env.TFGRID_DEVGRID_DIR)!;
  const api = await ApiPromise.create({ provider: new WsProvider(info.chainUrl), noInitWarn: true });
  try {
    const address = new Keyring({ type: 'sr25519' }).addFromUri(DEV_ACCOUNT).address;
    return (
      (await api.query.system.account(address)) as unknown as { nonce: { toNumber(): number } }
    ).nonce.toNumber();
  } finally {
    await api.disconnect();
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-start-it-'));
  env = { ...process.env, TFGRID_DEVGRID_DIR: path.join(dir, 'devgrid') };
  delete env.TFGRID_MNEMONIC;
});

afterAll(async () => {
  tfgrid('devgrid', 'down', '--data-dir', env.TFGRID_DEVGRID_DIR!);
  fs.rmSync(dir, { recursive: true, force: true });
  await new Promise((r) => setTimeout(r, 2000));
});

it('npm start twice: the second plans nothing and sends nothing, across dev grid restarts', async () => {
  const first = npmStart();
  const contracts = new Map(first.filter((a) => a.contractId).map((a) => [a.unit, a.contractId]));
  expect(first.some((a) => a.op === 'create')).toBe(true);
  const kept = (actions: { unit: string; op: string; contractId?: number }[]) => {
    for (const a of actions) {
      expect([a.unit, a.op]).toEqual([a.unit, 'noop']);
      if (a.contractId) expect(a.contractId).toBe(contracts.get(a.unit));
    }
  };
  // no detached grid: this command starts the grid again on the same data dir
  kept(npmStart());

  // a detached grid (a restart again), then down and up once more
  const gridDir = env.TFGRID_DEVGRID_DIR!;
  expect(tfgrid('devgrid', 'up', '--detach', '--data-dir', gridDir).code).toBe(0);
  const sent = await nonce();
  kept(npmStart());
  expect(await nonce()).toBe(sent);
  expect(tfgrid('devgrid', 'down', '--data-dir', gridDir).code).toBe(0);
  expect(tfgrid('devgrid', 'up', '--detach', '--data-dir', gridDir).code).toBe(0);
  expect(await nonce()).toBe(sent);
  const plan = tfgrid('plan', 'examples/full-stack.ts', '--detailed-exitcode');
  expect(plan.stdout).toMatch(/no changes\./);
  expect(plan.code).toBe(0);
  kept(npmStart());
  expect(await nonce()).toBe(sent);
  expect(tfgrid('destroy', 'examples/full-stack.ts', '--yes').code).toBe(0);
});
