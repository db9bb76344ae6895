/**
 * What the `tfgrid` command says, as a user sees it: help and version, usage errors naming the flag,
 * every failure as JSON under --json, no library noise on stderr, and human output whose headers
 * count the lines below them. A real process, against a dev grid (`tfgrid devgrid up --detach`).
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { COMMAND_SPECS } from '../../cli/command-specs';
import { DEV_MNEMONIC } from '../../model/config/networks';
import { ROOT, runTfgrid, type CliRun } from '../support/cli';

jest.setTimeout(180_000);

let dir: string;
let env: NodeJS.ProcessEnv;
const tfgrid = (...args: string[]): CliRun => runTfgrid(env, ...args);
const COMMANDS = Object.keys(COMMAND_SPECS);

/** The list under the first line matching `header` (its indented lines), and the count the header gives. */
function listUnder(text: string, header: RegExp): { n: number; lines: string[] } {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => header.test(l));
  expect(at).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > at && !/^( {2}\S|-\/\+ )/.test(l));
  return { n: Number(header.exec(lines[at])![1]), lines: lines.slice(at + 1, end < 0 ? undefined : end) };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-output-'));
  env = { ...process.env, TFGRID_DEVGRID_DIR: path.join(dir, 'devgrid') };
  delete env.TFGRID_MNEMONIC;
  delete env.TFGRID_DEBUG;
  fs.writeFileSync(
    path.join(dir, 'bad.ts'),
    `import { App, Zdb, NodeSelector } from '${ROOT}/constructs';
export function build() {
  const app = new App({ projectName: 'Bad_Name' });
  new Zdb(app, 'db', { node: new NodeSelector(app, 'n', {}), sizeGb: -1, mode: 'user' });
  return app;
}
`,
  );
  expect(tfgrid('devgrid', 'up', '--detach', '--nodes', '3', '--billing-frequency', '50').code).toBe(0);
});

afterAll(() => {
  tfgrid('devgrid', 'down');
  fs.rmSync(dir, { recursive: true, force: true });
});

it('--version prints the package version', () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  expect(tfgrid('--version')).toMatchObject({ code: 0, stdout: `tfgrid ${version}\n` });
});

it('--help lists every command, the exit codes and the environment variables', () => {
  const r = tfgrid('--help');
  expect(r.code).toBe(0);
  for (const name of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  expect(r.stdout).toMatch(/^exit codes:\n {2}0 +ok\n/m);
  expect(r.stdout).toMatch(/^environment:\n {2}TFGRID_MNEMONIC /m);
});

it.each([...COMMANDS, 'devgrid up', 'dao list'])(
  'tfgrid %s --help shows the usage and every option',
  (command) => {
    const words = command.split(' ');
    const [name] = words;
    const r = tfgrid(...words, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: tfgrid ${name} `));
    for (const flag of Object.keys(COMMAND_SPECS[name as keyof typeof COMMAND_SPECS].flags))
      expect(r.stdout).toContain(`--${flag}`);
  },
);

it('plan refuses the flags only apply takes, naming each (exit 2), before reading anything', () => {
  for (const flag of [['--yes'], ['--verify'], ['--timeout', '5'], ['--lock-timeout', '0']]) {
    const r = tfgrid('plan', 'examples/zdb.ts', ...flag);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^tfgrid plan: '${flag[0]}' is an option of apply`));
  }
  // and apply refuses plan's --out (a saved plan is made by plan, applied by apply)
  const out = tfgrid('apply', 'examples/zdb.ts', '--out', path.join(dir, 'p.json'));
  expect(out.code).toBe(2);
  expect(out.stderr).toMatch(/^tfgrid apply: '--out' is an option of synth, plan and graph, not of apply/);
  expect(fs.existsSync(path.join(dir, 'p.json'))).toBe(false);
});

it('devgrid up --billing-frequency sets the chain it makes; status shows it', () => {
  const status = tfgrid('devgrid', 'status', '--json');
  expect(status.code).toBe(0);
  expect(JSON.parse(status.stdout)).toMatchObject({ billingFrequency: 50 });
  expect(tfgrid('devgrid', 'status').stdout).toMatch(/^ {2}billing +every 50 blocks per contract$/m);
  const bad = tfgrid('devgrid', 'up', '--billing-frequency', '0', '--data-dir', path.join(dir, 'unused'));
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/^tfgrid devgrid: --billing-frequency must be a whole number >= 1, got '0'/);
  expect(fs.existsSync(path.join(dir, 'unused'))).toBe(false);
});

it('with --json every failure is one JSON document on stdout, with the exit code', () => {
  const fails: [string[], number, string][] = [
    [['plan', 'examples/zdb.ts', '--yes', '--json'], 2, 'usage'],
    [['deploy', '--json'], 2, 'usage'],
    [['plan', '--json'], 2, 'usage'],
    [['plan', 'no-such-program.ts', '--json'], 2, 'usage'],
    [['apply', 'examples/zdb.ts', '--json'], 2, 'usage'],
    [['apply', path.join(dir, 'no-plan.json'), '--json'], 2, 'usage'],
    [['plan', path.join(dir, 'bad.ts'), '--json'], 1, 'invalid'],
    [['devgrid', 'status', '--data-dir', path.join(dir, 'none'), '--json'], 1, 'failed'],
  ];
  for (const [args, code, kind] of fails) {
    const r = tfgrid(...args);
    expect({ args, code: r.code }).toEqual({ args, code });
    const { error } = JSON.parse(r.stdout) as { error: { exitCode: number; kind: string; message: string } };
    expect(error).toMatchObject({ exitCode: code, kind, message: expect.any(String) });
    expect(r.stderr).toBe('');
  }
  const invalid = JSON.parse(tfgrid('plan', path.join(dir, 'bad.ts'), '--json').stdout);
  expect(invalid.error.problems).toEqual([
    expect.stringMatching(/projectName/),
    expect.stringMatching(/sizeGb/),
  ]);

  // a bad mnemonic is a wrong command line (the endpoints are loopback, should it ever get that far)
  const saved = env;
  env = { ...env, TFGRID_MNEMONIC: 'not a mnemonic at all', TFGRID_SUBSTRATE_URL: 'ws://127.0.0.1:9' };
  try {
    const r = tfgrid('plan', 'examples/zdb.ts', '--network', 'test', '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error).toMatchObject({ exitCode: 2, kind: 'usage' });
  } finally {
    env = saved;
  }
});

it("an unreachable chain gives our one message on stderr, none of the libraries' reconnect lines", async () => {
  const port = await closedPort();
  const saved = env;
  env = {
    ...env,
    TFGRID_MNEMONIC: DEV_MNEMONIC,
    TFGRID_SUBSTRATE_URL: `ws://127.0.0.1:${port}`,
    TFGRID_RELAY_URL: `ws://127.0.0.1:${port}`,
    TFGRID_PROXY_URL: `http://127.0.0.1:${port}`,
  };
  try {
    const r = tfgrid('plan', 'examples/zdb.ts', '--network', 'test');
    expect(r.code).toBe(4);
    expect(r.stderr).not.toMatch(/API-WS/);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^tfgrid plan: could not connect to TFChain .*127\\.0\\.0\\.1:${port}`),
      ),
    ]);
  } finally {
    env = saved;
  }
});

it('apply, plan, status and destroy: headers count the lines below them; destroy lists before asking', () => {
  const program = 'examples/gateway-name.ts';
  const apply = tfgrid('apply', program, '--yes', '--quiet');
  expect(apply.code).toBe(0);
  const planned = listUnder(apply.stderr, /^plan for project 'example-gateway-name': (\d+) changes$/);
  expect(planned.lines).toHaveLength(planned.n);
  expect(planned.lines.every((l) => /^ {2}\+ /.test(l))).toBe(true);
  const applied = listUnder(apply.stdout, /^(\d+) changes:$/);
  expect(applied.lines).toHaveLength(applied.n);

  // nothing to do: the unchanged units in one line, no line per unit
  const plan = tfgrid('plan', program);
  expect(plan.code).toBe(0);
  expect(plan.stdout).toBe(
    "plan for project 'example-gateway-name': 0 changes, 3 unchanged\n" +
      '  = 3 unchanged: 2 deployments, 1 name contract\n\nno changes.\n',
  );

  const status = listUnder(
    tfgrid('status', program).stdout,
    /^project '[^']+': (\d+) contracts \(2 deployments, 1 name contract\)$/,
  );
  expect(status.lines).toHaveLength(status.n);
  const ids = JSON.parse(tfgrid('status', program, '--json').stdout) as {
    units: { contractId: number }[];
    names: Record<string, number>;
  };
  const contractIds = [...ids.units.map((u) => u.contractId), ...Object.values(ids.names)];
  expect(contractIds).toHaveLength(3);

  // without a terminal and without --yes: the list, then the refusal; nothing cancelled
  const refused = tfgrid('destroy', program);
  expect(refused.code).toBe(2);
  const listed = listUnder(refused.stderr, /^project 'example-gateway-name': (\d+) contracts to cancel:$/);
  expect(listed.lines).toHaveLength(3);
  for (const id of contractIds) expect(listed.lines.join('\n')).toMatch(new RegExp(`contract ${id}\\b`));
  expect(refused.stderr).toMatch(/pass --yes/);
  expect(tfgrid('plan', program, '--detailed-exitcode').code).toBe(0);

  // --yes: the same list, then what was cancelled
  const destroy = tfgrid('destroy', program, '--yes', '--quiet');
  expect(destroy.code).toBe(0);
  expect(listUnder(destroy.stderr, /^project '[^']+': (\d+) contracts to cancel:$/).lines).toEqual(
    listed.lines,
  );
  const cancelled = /^cancelled 3 contracts: ([\d, ]+)\n$/.exec(destroy.stdout);
  expect(cancelled?.[1].split(', ').map(Number).sort()).toEqual([...contractIds].sort());
});
