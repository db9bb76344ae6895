/**
 * The `tfgrid` command as CI runs it: a real process, exit codes, --json output, against a dev grid
 * started with `tfgrid devgrid up --detach`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { refusedRelayUrl } from '../support/relay-faults';
import { ROOT, runTfgrid, type CliRun } from '../support/cli';

jest.setTimeout(120_000);

let dir: string;
let env: NodeJS.ProcessEnv;

function tfgrid(...args: string[]): CliRun {
  return runTfgrid(env, ...args);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-it-'));
  env = { ...process.env, TFGRID_DEVGRID_DIR: path.join(dir, 'devgrid'), TFGRID_MNEMONIC: '' };
  delete env.TFGRID_MNEMONIC;
  fs.writeFileSync(
    path.join(dir, 'bad.ts'),
    `import { App, Zdb, NodeSelector } from '${ROOT}/constructs';
export function build() {
  const app = new App({ projectName: 'Bad_Name' });
  const node = new NodeSelector(app, 'n', {});
  new Zdb(app, 'db', { node, sizeGb: -1, mode: 'user' });
  return app;
}
`,
  );
  const up = tfgrid('devgrid', 'up', '--detach', '--nodes', '3', '--data-dir', env.TFGRID_DEVGRID_DIR!);
  expect(up.code).toBe(0);
  expect(up.stdout).toMatch(/graphql +http:\/\/127\.0\.0\.1:\d+\/graphql/);
});

afterAll(() => {
  tfgrid('devgrid', 'down', '--data-dir', env.TFGRID_DEVGRID_DIR!);
  fs.rmSync(dir, { recursive: true, force: true });
});

it('validate reports every problem at once with exit 1', () => {
  const r = tfgrid('validate', path.join(dir, 'bad.ts'));
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/projectName/);
  expect(r.stderr).toMatch(/sizeGb/);
  expect(r.stderr).not.toMatch(/at .*node_modules/);
});

it('refuses a typo in an option and an unknown command with exit 2', () => {
  expect(tfgrid('synth', 'examples/zdb.ts', '--outt', 'x').code).toBe(2);
  expect(tfgrid('deploy').code).toBe(2);
});

it('plan, apply, status, destroy with exit codes a CI job can branch on', () => {
  const plan = tfgrid('plan', 'examples/zdb.ts', '--json', '--detailed-exitcode');
  expect(plan.code).toBe(3);
  expect(JSON.parse(plan.stdout).actions.map((a: { op: string }) => a.op)).toEqual(['create']);

  const apply = tfgrid('apply', 'examples/zdb.ts', '--yes', '--json', '--verify');
  expect(apply.code).toBe(0);
  const result = JSON.parse(apply.stdout);
  const unit = Object.values(result.outputs)[0] as {
    contractId: number;
    workloads: Record<string, { Namespace: string }>;
  };
  expect(unit.workloads.cache.Namespace).toMatch(/-cache$/);

  // --timings says where a no-op plan's time went, on stderr (stdout stays the result)
  const noop = tfgrid('plan', 'examples/zdb.ts', '--detailed-exitcode', '--timings');
  expect(noop.code).toBe(0);
  expect(noop.stderr).toMatch(
    /timings: start [\d.]+ s \(cpu [\d.]+\), program .*, synth .*, connect .*, grid reads .*, diff .*, close [\d.]+ s \(cpu [\d.]+\); [\d.]+ s \(cpu [\d.]+\) since the process started/,
  );
  const status = JSON.parse(tfgrid('status', 'examples/zdb.ts', '--json', '--timings').stdout);
  expect(status.units).toEqual([
    expect.objectContaining({ contractId: unit.contractId, orphan: false, drift: [] }),
  ]);

  const destroy = tfgrid('destroy', 'examples/zdb.ts', '--yes', '--json');
  expect(destroy.code).toBe(0);
  expect(JSON.parse(destroy.stdout).cancelled).toEqual([unit.contractId]);
  expect(JSON.parse(tfgrid('status', 'examples/zdb.ts', '--json').stdout).units).toEqual([]);
});

it('synth --out to a directory that does not exist is a wrong command line (exit 2), writing nothing', () => {
  const out = path.join(dir, 'no-such-dir', 'manifest.json');
  const r = tfgrid('synth', 'examples/zdb.ts', '--out', out);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--out .*no-such-dir.* does not exist/);
  expect(fs.existsSync(path.dirname(out))).toBe(false);
  // a directory given as the file is refused the same way
  const onDir = tfgrid('synth', 'examples/zdb.ts', '--out', dir);
  expect(onDir.code).toBe(2);
  expect(onDir.stderr).toMatch(/cannot write the manifest there \(EISDIR\)/);
});

it('destroy with the relay down cancels every contract on chain and names the node it could not tell (exit 0)', async () => {
  const apply = tfgrid('apply', 'examples/zdb.ts', '--yes', '--json');
  expect(apply.code).toBe(0);
  const unit = Object.values(JSON.parse(apply.stdout).outputs)[0] as { contractId: number; nodeId: number };
  const saved = env;
  env = { ...saved, TFGRID_RELAY_URL: await refusedRelayUrl() };
  try {
    const r = tfgrid('destroy', 'examples/zdb.ts', '--yes', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.cancelled).toEqual([unit.contractId]);
    expect(out.untold).toEqual([
      { nodeId: unit.nodeId, contractIds: [unit.contractId], reason: expect.stringMatching(/RMB relay/) },
    ]);
  } finally {
    env = saved;
  }
  expect(JSON.parse(tfgrid('status', 'examples/zdb.ts', '--json').stdout).units).toEqual([]);
});

it('refuses to apply without --yes when there is no terminal', () => {
  const r = tfgrid('apply', 'examples/zdb.ts');
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/pass --yes/);
});

it('asks for an account before touching a public network, never printing a secret', () => {
  const r = tfgrid('plan', 'examples/zdb.ts', '--network', 'main');
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/TFGRID_MNEMONIC/);
});

it('never prints a bad mnemonic back (and reaches nothing but loopback)', () => {
  const phrase = 'correct horse battery staple is not a mnemonic';
  const saved = env;
  env = {
    ...saved,
    TFGRID_MNEMONIC: phrase,
    // should the order of checks ever change, the connection stays on this machine
    TFGRID_SUBSTRATE_URL: 'ws://127.0.0.1:9',
    TFGRID_RELAY_URL: 'ws://127.0.0.1:9',
    TFGRID_PROXY_URL: 'http://127.0.0.1:9',
  };
  try {
    const r = tfgrid('plan', 'examples/zdb.ts', '--network', 'test');
    // a wrong secret is a wrong input, like a missing one (README: 2 wrong command line)
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a valid mnemonic/);
    expect(r.stdout + r.stderr).not.toContain('horse battery');
  } finally {
    env = saved;
  }
});
