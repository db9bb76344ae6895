/**
 * What a user does, from outside the repository: install the packed tarball into a fresh directory
 * (offline), `npx tfgrid init`, then validate, plan, apply and destroy the README's program on a dev
 * grid; a type error is reported as file:line:col before anything is sent; and the `--pulumi`
 * project's program runs under setMocks, its serialized dynamic provider doing CRUD through the
 * real provider host, loaded by package name from the installed copy (the project is moved first,
 * so the absolute path recorded in the provider is gone). Packing and installing happen once.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NodeSelector, Zdb } from '../../constructs';
import type { DeploymentUnit } from '../../constructs/manifest';
import { sshKeyPairOf, ed25519KeyFromSeed } from '../../devgrid/sandbox/ssh-keys';
import { startDevGrid, type DevGrid } from '../../devgrid/grid';
import { inputsOfUnit, secretNamesOf, type DeploymentOutputs } from '../../pulumi/deployment-inputs';
import { ProviderHost } from '../../pulumi/testing/provider-host';
import { secret, type PropertyMap } from '../../pulumi/testing/property-values';
import { installTarball, npmEnv, packTarball, REPO_ROOT } from './installed-package';

jest.setTimeout(300_000);

let tmp: string;
/** The user's project: the tarball installed, then `tfgrid init`. */
let project: string;
const sshKey = sshKeyPairOf(ed25519KeyFromSeed(Buffer.alloc(32, 7)), 'user@laptop').publicKeyLine;
const programEnv = { SSH_PUBLIC_KEY: sshKey, ZDB_PASSWORD: 'pw-of-the-readme-zdb' };

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npx tfgrid ...` in `cwd` (default: the project), as a user types it. */
function npx(args: string[], o: { cwd?: string; env?: Record<string, string | undefined> } = {}): Run {
  const env = npmEnv(programEnv);
  delete env.TFGRID_DEVGRID_DIR;
  delete env.TFGRID_MNEMONIC;
  for (const [k, v] of Object.entries(o.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const r = spawnSync('npx', ['--no-install', 'tfgrid', ...args], {
    cwd: o.cwd ?? project,
    env,
    encoding: 'utf8',
    timeout: 280_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The README's "A program" code block, verbatim. */
function readmeProgram(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## A program'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error("README.md has no ```ts block under '## A program'");
  return block[1];
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tfgrid-package-'));
  const tarball = packTarball(tmp);
  project = path.join(tmp, 'hello');
  installTarball(project, tarball, { '@pulumi/pulumi': '3.248.0' });
}, 1_200_000);

afterAll(() => {
  if (tmp) {
    for (const dir of [tmp, `${tmp}-moved`]) {
      const grid = path.join(dir, 'hello', '.tfgrid', 'devgrid');
      if (fs.existsSync(path.join(grid, 'devgrid.json')))
        spawnSync(process.execPath, [
          path.join(dir, 'hello', 'node_modules', '.bin', 'tfgrid'),
          'devgrid',
          'down',
          '--data-dir',
          grid,
        ]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('the installed package has compiled code and types, no TypeScript sources', () => {
  const pkg = path.join(project, 'node_modules', 'tfgrid-iac');
  expect(fs.existsSync(path.join(pkg, 'dist', 'index.js'))).toBe(true);
  expect(fs.existsSync(path.join(pkg, 'dist', 'index.d.ts'))).toBe(true);
  expect(fs.existsSync(path.join(pkg, 'dist', 'vendor', 'polkadot.js'))).toBe(true);
  // bin/tfgrid.js runs the sources when cli/main.ts is beside it: the package must not ship them
  for (const sources of ['cli', 'engine', 'constructs', 'model'])
    expect(fs.existsSync(path.join(pkg, sources))).toBe(false);
  // no devDependency was installed
  expect(fs.existsSync(path.join(project, 'node_modules', 'jest'))).toBe(false);
  expect(fs.existsSync(path.join(project, 'node_modules', 'ts-jest'))).toBe(false);
});

test('npx tfgrid init makes the project around the installed package', () => {
  const r = npx(['init']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  for (const f of ['tsconfig.json', 'main.ts', '.gitignore', 'README.md'])
    expect(fs.existsSync(path.join(project, f))).toBe(true);
  expect(fs.existsSync(path.join(project, 'Pulumi.yaml'))).toBe(false);
  expect(fs.readFileSync(path.join(project, '.gitignore'), 'utf8')).toContain('.tfgrid/');
  const pkg = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8'));
  expect(pkg.dependencies['tfgrid-iac']).toMatch(/^file:/); // the install's own entry is kept
  expect(pkg.scripts.plan).toBe('tfgrid plan main.ts');
  // the generated program checks and validates; without the zdb password it says so
  expect(npx(['validate', 'main.ts'])).toMatchObject({ code: 0, stdout: 'main.ts: valid\n' });
  const noPassword = npx(['validate', 'main.ts'], { env: { ZDB_PASSWORD: undefined } });
  expect(noPassword.code).toBe(1);
  expect(noPassword.stderr).toMatch(/db: zdb 'password'.*environment variable/);
});

test('a type error is reported as file:line:col by validate, plan and apply, and nothing is sent', () => {
  const sub = path.join(project, 'sub');
  fs.mkdirSync(sub, { recursive: true });
  fs.writeFileSync(
    path.join(sub, 'typo.ts'),
    `import { App, NodeSelector, Zdb } from 'tfgrid-iac';\n\nexport function build(): App {\n  const app = new App({ projectName: 'typo' });\n  const node = new NodeSelector(app, 'node', {});\n  new Zdb(app, 'db', { node, sizeGb: '10' });\n  return app;\n}\n`,
  );
  for (const args of [
    ['validate', 'typo.ts'],
    ['plan', 'typo.ts'],
    ['apply', 'typo.ts', '--yes'],
  ]) {
    const r = npx(args, { cwd: sub });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/typo\.ts:6:30: Type 'string' is not assignable to type 'number'/);
  }
  // no dev grid was started for the project (its data dir is in the project root): nothing was sent
  expect(fs.existsSync(path.join(project, '.tfgrid'))).toBe(false);
});

test("the README's program: validate, plan, apply, re-plan, destroy on a dev grid found from a subfolder", () => {
  fs.writeFileSync(path.join(project, 'main.ts'), readmeProgram());
  const up = npx(['devgrid', 'up', '--detach', '--nodes', '2'], { cwd: path.join(project, 'sub') });
  expect(up.code).toBe(0);
  // the grid's data dir is the project root's, not the subfolder's
  expect(fs.existsSync(path.join(project, '.tfgrid', 'devgrid', 'devgrid.json'))).toBe(true);
  expect(fs.existsSync(path.join(project, 'sub', '.tfgrid'))).toBe(false);

  expect(npx(['validate', 'main.ts']).code).toBe(0);
  const plan = npx(['plan', 'main.ts', '--detailed-exitcode']);
  expect(plan.code).toBe(3);
  expect(plan.stderr).not.toMatch(/starting one/); // it uses the detached grid
  const apply = npx(['apply', 'main.ts', '--yes', '--json']);
  expect(apply.code).toBe(0);
  const applied = JSON.parse(apply.stdout);
  expect(JSON.stringify(applied)).not.toContain(programEnv.ZDB_PASSWORD);
  // the installed command serves @polkadot from its one-file bundle (bin/tfgrid.js), and the
  // program's constructs (its own import of tfgrid-iac) are the ones the CLI checks: a no-op plan
  const noop = npx(['plan', 'main.ts', '--detailed-exitcode'], { env: { TFGRID_DEBUG_LOAD: '1' } });
  expect(noop.stderr).toMatch(/vendor bundle loaded; 0 files of node_modules\/@polkadot/);
  expect(noop.code).toBe(0);
  const status = JSON.parse(npx(['status', 'main.ts', '--json']).stdout);
  expect(status.units.length).toBeGreaterThan(0);
  expect(npx(['destroy', 'main.ts', '--yes']).code).toBe(0);
  expect(JSON.parse(npx(['status', 'main.ts', '--json']).stdout).units).toEqual([]);
  expect(npx(['devgrid', 'down']).code).toBe(0);
});

test('init --yaml adds stack.yaml, whose schema line names the installed stack.schema.json, and it validates', () => {
  const r = npx(['init', '--yaml']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/initialised \.: package.json \(updated\), stack.yaml/);
  const stack = fs.readFileSync(path.join(project, 'stack.yaml'), 'utf8');
  const schema = /^# yaml-language-server: \$schema=(\S+)\n/.exec(stack)?.[1];
  expect(schema).toBe('./node_modules/tfgrid-iac/stack.schema.json');
  expect(JSON.parse(fs.readFileSync(path.join(project, schema!), 'utf8')).title).toBe('tfgrid-iac stack');
  expect(npx(['validate', 'stack.yaml'])).toMatchObject({ code: 0, stdout: 'stack.yaml: valid\n' });
  const noPassword = npx(['validate', 'stack.yaml'], { env: { ZDB_PASSWORD: undefined } });
  expect(noPassword.code).toBe(1);
  expect(noPassword.stderr).toMatch(
    /stack\.yaml:\d+:\d+: db: Zdb 'password' reads \$\{env:ZDB_PASSWORD\}, which is not set/,
  );
});

describe('the --pulumi project', () => {
  let grid: DevGrid;
  let host: ProviderHost | undefined;
  let gridDir: string;

  beforeAll(async () => {
    gridDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfgrid-package-grid-'));
    grid = await startDevGrid({ dataDir: gridDir, nodes: 2 });
  });

  afterAll(async () => {
    await host?.close();
    await grid?.close();
    fs.rmSync(gridDir, { recursive: true, force: true });
  });

  test('init --pulumi adds the Pulumi files; the program runs under setMocks; its provider does CRUD by package name', async () => {
    const r = npx(['init', '--pulumi']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/kept as they were: tsconfig.json, main.ts/);
    const yaml = fs.readFileSync(path.join(project, 'Pulumi.yaml'), 'utf8');
    expect(yaml).toMatch(/runtime:\n {2}name: nodejs\n/);
    expect(yaml).toContain('nodeargs: --require=tfgrid-iac/register');
    for (const key of ['tfgrid:network', 'tfgrid:mnemonic', 'tfgrid:substrateUrl'])
      expect(yaml).toContain(key);

    // the program, loaded as Pulumi.yaml says (tfgrid-iac/register), under setMocks
    const mocks = path.join(project, 'mocks.js');
    fs.writeFileSync(
      mocks,
      `const pulumi = require('@pulumi/pulumi');
const fs = require('fs');
const seen = [];
pulumi.runtime.setMocks({
  newResource(args) {
    seen.push({ type: args.type, name: args.name, provider: args.inputs.__provider });
    const state = { ...args.inputs };
    if (args.type.endsWith(':Placement')) {
      state.nodes = Object.fromEntries(args.inputs.units.map((u) => [u.unitId, 1]));
      state.nodeIps = {};
    }
    if (args.type.endsWith(':Deployment')) Object.assign(state, { nodeId: 1, contractId: 1, results: {}, states: {}, version: 0 });
    return { id: args.name + '-id', state };
  },
  call: (args) => args.inputs,
}, 'hello', 'dev', false);
require('tfgrid-iac/register');
const program = require('./index.ts');
process.on('beforeExit', () => {
  if (fs.existsSync('mocks.json')) return;
  fs.writeFileSync('mocks.json', JSON.stringify({ exports: Object.keys(program), seen }));
});
`,
    );
    const run = spawnSync(process.execPath, [mocks], {
      cwd: project,
      env: { ...process.env, ...programEnv },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { exports, seen } = JSON.parse(fs.readFileSync(path.join(project, 'mocks.json'), 'utf8')) as {
      exports: string[];
      seen: { type: string; name: string; provider: string }[];
    };
    expect(exports).toEqual(['vm', 'db']);
    const types = seen.map((s) => s.type.replace('pulumi-nodejs:dynamic/tfgrid:', ''));
    expect(types).toEqual(expect.arrayContaining(['Placement', 'Deployment']));
    const provider = seen.find((s) => s.type.endsWith(':Deployment'))!.provider;
    // serialized from the installed package: its runtime by absolute path, then by package name
    const installed = path.join(project, 'node_modules', 'tfgrid-iac', 'dist', 'pulumi', 'provider-runtime');
    expect(provider).toContain(installed);
    expect(provider).toContain('tfgrid-iac/pulumi/runtime');

    // move the project: the recorded absolute path is gone, the package name still resolves
    fs.renameSync(tmp, `${tmp}-moved`);
    const moved = path.join(`${tmp}-moved`, 'hello');
    expect(fs.existsSync(`${installed}.js`)).toBe(false);
    host = await ProviderHost.start({
      project: 'hello',
      cwd: moved,
      preload: [],
      config: {
        'tfgrid:network': 'local',
        'tfgrid:substrateUrl': grid.chainUrl,
        'tfgrid:relayUrl': grid.relayUrl,
        'tfgrid:proxyUrl': grid.proxyUrl,
        'tfgrid:mnemonic': secret(grid.mnemonic),
        'tfgrid:timeoutSeconds': '60',
      },
      env: { TFGRID_POLL_MS: '100' },
    });
    const app = new App({ projectName: 'hello' });
    new Zdb(app, 'db', {
      node: new NodeSelector(app, 'node', { minHruGb: 10 }),
      sizeGb: 1,
      password: 'pw-1',
    });
    const { manifest, secrets } = app.synth();
    const unit = manifest.units.find((u): u is DeploymentUnit => u.kind === 'deployment')!;
    const inputs: PropertyMap = {
      ...(JSON.parse(JSON.stringify(inputsOfUnit('hello', unit))) as PropertyMap),
      secrets: secret(Object.fromEntries(secretNamesOf(unit).map((n) => [n, secrets[n]]))),
      __provider: provider,
    };
    const urn = host.urn(unit.id, 'pulumi-nodejs:dynamic/tfgrid:Deployment');
    const checked = await host.check(urn, {}, inputs);
    expect(checked.failures).toEqual([]);
    const created = await host.create(urn, checked.inputs);
    const outs = created.outputs as unknown as DeploymentOutputs;
    expect(outs.results.db).toMatchObject({ Namespace: expect.stringMatching(/-db$/) });
    const read = await host.read(created.id, urn, created.outputs, checked.inputs);
    expect(read.id).toBe(created.id);
    expect((await host.diff(created.id, urn, read.outputs, checked.inputs)).changes).toBe('none');
    await host.delete(created.id, urn, read.outputs);
    const gone = await host.read(created.id, urn, read.outputs, checked.inputs);
    expect(gone.id).toBe('');
  });
});
