/**
 * Crash recovery through the real CLI on a dev grid with 1000 ms blocks: `tfgrid apply` is killed
 * (SIGKILL, no cleanup) at points taken from its own progress output, before the contract batch,
 * just after it is in a block, during deploys and waits, between levels and at the end. After each
 * kill, `status` tells what the chain and the nodes have, the next `apply` converges adopting what
 * the killed one left (no duplicate contract), and `destroy` leaves no contract of the project.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEV_ACCOUNT, devGridEndpoints } from '../../model/config/networks';
import { connectGrid, type ConnectedGrid } from '../../engine/grid-backend';
import { Engine, type ApplyResult, type EnginePlan } from '../../engine/engine';
import { startDevGrid } from '../../devgrid/grid';
import { DataDirBusyError } from '../../devgrid/data-dir-lock';
import { decodeDeploymentData } from '../../engine/tags';
import { runningDevGrid } from '../../model/config/devgrid-info';
import { build } from './fixtures/two-levels';
import { projectStatus, type ProjectStatus } from '../../engine/drift';
import { observe } from '../../engine/observe';

// a few minutes on an idle machine; generous for a loaded one
jest.setTimeout(1_800_000);

const ROOT = path.join(__dirname, '..', '..');
const PROGRAM = path.join(__dirname, 'fixtures', 'two-levels.ts');
const PROJECT = 'crash-matrix';
const NAME = 'crashapp';
let dir: string;
let env: NodeJS.ProcessEnv;
let backend: ConnectedGrid;

interface Run {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** the progress line the process was killed at */
  killedAt?: string;
}

/** Runs the CLI; with `killAt`, sends SIGKILL as soon as the nth progress line matching it is printed. */
function tfgrid(args: string[], killAt?: { line: RegExp; nth: number }): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'tfgrid.js'), ...args], { cwd: ROOT, env });
    const run: Run = { code: null, signal: null, stdout: '', stderr: '' };
    let seen = 0;
    let pending = '';
    child.stdout.on('data', (d) => (run.stdout += String(d)));
    child.stderr.on('data', (d) => {
      run.stderr += String(d);
      pending += String(d);
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const l of lines) {
        if (killAt && run.killedAt === undefined && killAt.line.test(l) && ++seen === killAt.nth) {
          child.kill('SIGKILL');
          run.killedAt = l;
        }
      }
    });
    child.on('close', (code, signal) => resolve({ ...run, code, signal }));
  });
}

/** The project's contracts on chain: node contracts tagged with it, and its name contract. */
async function onChain(): Promise<{ units: Map<string, number[]>; names: number[] }> {
  const units = new Map<string, number[]>();
  const names: number[] = [];
  for (const c of await backend.listContracts()) {
    if (c.type === 'name' && c.name === NAME) names.push(c.contractId);
    const tag = c.type === 'node' && c.deploymentData ? decodeDeploymentData(c.deploymentData) : undefined;
    if (tag?.project === PROJECT) units.set(tag.unit, [...(units.get(tag.unit) ?? []), c.contractId]);
  }
  return { units, names };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-it-'));
  env = { ...process.env, TFGRID_DEVGRID_DIR: path.join(dir, 'devgrid') };
  delete env.TFGRID_MNEMONIC;
  const up = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'bin', 'tfgrid.js'),
      'devgrid',
      'up',
      '--detach',
      '--nodes',
      '3',
      '--block-time-ms',
      '1000',
      '--data-dir',
      env.TFGRID_DEVGRID_DIR!,
    ],
    { cwd: ROOT, env: { ...env }, encoding: 'utf8', timeout: 300_000 },
  );
  expect(up.status).toBe(0);
  const info = runningDevGrid(env.TFGRID_DEVGRID_DIR)!;
  backend = await connectGrid({ endpoints: devGridEndpoints(info), secret: DEV_ACCOUNT });
});

afterAll(async () => {
  await backend?.close();
  spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin', 'tfgrid.js'), 'devgrid', 'down', '--data-dir', env.TFGRID_DEVGRID_DIR!],
    {
      cwd: ROOT,
      env,
    },
  );
  fs.rmSync(dir, { recursive: true, force: true });
  await new Promise((r) => setTimeout(r, 2000));
});

/**
 * Checks that `status` says what the chain and the nodes have: through the CLI, or (to keep the
 * matrix short) through the function the CLI prints.
 */
async function expectStatusTrue(cli: boolean): Promise<void> {
  let st: ProjectStatus;
  if (cli) {
    const r = await tfgrid(['status', PROGRAM, '--json']);
    expect(r.code).toBe(0);
    st = JSON.parse(r.stdout) as ProjectStatus;
  } else st = projectStatus(build().synth().manifest, await observe(backend, PROJECT));
  const chain = await onChain();
  expect(st.units.map((u) => u.contractId).sort()).toEqual([...chain.units.values()].flat().sort());
  expect(Object.values(st.names)).toEqual(chain.names);
  expect(st.missingNames).toEqual(chain.names.length ? [] : [NAME]);
  const wanted = ['gateway.0', 'node-2', 'node-3'];
  expect(st.missing.sort()).toEqual(wanted.filter((u) => !chain.units.has(u)));
  for (const u of st.units) {
    const d = await backend.getDeployment(u.nodeId, u.contractId);
    if (!d)
      expect(u.drift).toEqual([expect.stringMatching(`has no deployment for contract ${u.contractId}`)]);
    else expect(u.workloads.sort()).toEqual(d.workloads.map((w) => `${w.name}:${w.result?.state}`).sort());
  }
}

/**
 * The next apply (the CLI) converges on what is there: every contract left is adopted, none is
 * duplicated; then destroy (the CLI, or the engine function it calls) leaves no contract.
 */
async function expectConverges(cliDestroy: boolean): Promise<{ ok: boolean; leaked: number }> {
  const before = await onChain();
  const apply = await tfgrid(['apply', PROGRAM, '--yes', '--json']);
  expect(apply.stderr).not.toMatch(/destroy/);
  expect(apply.code).toBe(0);
  const after = await onChain();
  expect([...after.units.keys()].sort()).toEqual(['gateway.0', 'node-2', 'node-3']);
  for (const [unit, ids] of after.units) {
    expect(ids).toHaveLength(1);
    if (before.units.has(unit)) expect(before.units.get(unit)).toEqual(ids);
  }
  expect(after.names).toHaveLength(1);
  if (before.names.length) expect(after.names).toEqual(before.names);
  const plan = await new Engine(backend).plan(build().synth());
  expect(plan.empty).toBe(true);
  if (cliDestroy) {
    const destroy = await tfgrid(['destroy', PROGRAM, '--yes', '--json']);
    expect(destroy.code).toBe(0);
  } else await new Engine(backend).destroy(PROJECT);
  const left = await onChain();
  const leaked = [...left.units.values()].flat().length + left.names.length;
  expect(leaked).toBe(0);
  return { ok: plan.empty, leaked };
}

it('deploys on the same contract when an apply stopped between the contract batch and the deploys', async () => {
  // the state a kill leaves between the batch and the deploys, made exactly: the deploy never
  // reaches the node and nothing is undone
  const dying = new Proxy(backend, {
    get(target, prop, receiver) {
      if (prop === 'deploy') return async () => Promise.reject(new Error('killed'));
      if (prop === 'cancelContracts') return async () => undefined;
      return Reflect.get(target, prop, receiver);
    },
  });
  await expect(new Engine(dying, { pollMs: 100 }).apply(build().synth())).rejects.toThrow(/killed/);
  const left = await onChain();
  expect([...left.units.keys()].sort()).toEqual(['node-2', 'node-3']);

  const plan = await tfgrid(['plan', PROGRAM]);
  expect(plan.code).toBe(0);
  for (const [unit, [id]] of left.units)
    expect(plan.stdout).toMatch(
      new RegExp(`\\+ deploy {3}${unit} \\(contract ${id}\\): node \\d+ has no deployment for it`),
    );
  expect(plan.stdout).not.toMatch(/does not answer/);
  await expectStatusTrue(true);
  const apply = await tfgrid(['apply', PROGRAM, '--yes', '--json']);
  expect(apply.code).toBe(0);
  const result = JSON.parse(apply.stdout) as { actions: { unit: string; op: string; contractId: number }[] };
  for (const [unit, [id]] of left.units)
    expect(result.actions).toContainEqual(expect.objectContaining({ unit, op: 'deploy', contractId: id }));
  await expect(expectConverges(true)).resolves.toEqual({ ok: true, leaked: 0 });
});

/** Kill points, from the progress lines apply prints (levels: node-2 and node-3, then gateway.0). */
const KILL_POINTS: { name: string; line: RegExp; nth: number }[] = [
  { name: 'before anything', line: /observe\s+reading contracts/, nth: 2 },
  { name: 'before the batch', line: /level 1 of 2/, nth: 1 },
  { name: 'batch sent', line: /creating \d+ contract\(s\) in one batch/, nth: 1 },
  { name: 'batch just in a block', line: /contract\(s\) [\d, ]+ in a block/, nth: 1 },
  { name: 'during deploys', line: /deploying \d+ workload/, nth: 1 },
  { name: 'during waits', line: /waiting for the workloads/, nth: 1 },
  { name: 'between levels', line: /level 2 of 2/, nth: 1 },
  { name: 'level 2 batch in a block', line: /contract\(s\) [\d, ]+ in a block/, nth: 2 },
  { name: 'level 2 deploy', line: /gateway\.0: deploying/, nth: 1 },
  { name: 'level 2 wait', line: /gateway\.0: waiting/, nth: 1 },
  { name: 'at the end', line: /done\s+\d+ change/, nth: 1 },
];

it('converges after apply is killed at any of its steps, and destroy leaves nothing', async () => {
  const figures: { point: string; killedAt?: string; converged: boolean; leaked: number }[] = [];
  for (const point of KILL_POINTS) {
    const killed = await tfgrid(['apply', PROGRAM, '--yes'], point);
    // killed, or done before the point came (never failed)
    expect([killed.signal, killed.signal ? null : killed.code, killed.signal ? '' : killed.stderr]).toEqual([
      killed.signal ? 'SIGKILL' : null,
      killed.signal ? null : 0,
      killed.signal ? '' : expect.anything(),
    ]);
    await expectStatusTrue(false);
    const { ok, leaked } = await expectConverges(false);
    figures.push({ point: point.name, killedAt: killed.killedAt?.trim(), converged: ok, leaked });
    process.stderr.write(
      `crash matrix: ${point.name}: killed at '${killed.killedAt?.trim() ?? 'exit'}', converged\n`,
    );
  }
  // the figures of the run (kill points tried, converged, contracts leaked)
  console.log(
    `crash matrix: ${figures.length} kill points, ${figures.filter((f) => f.converged).length} converged, ` +
      `${figures.reduce((n, f) => n + f.leaked, 0)} contracts leaked\n` +
      figures.map((f) => `  ${f.point}: killed at '${f.killedAt ?? 'exit'}'`).join('\n'),
  );
  expect(figures.every((f) => f.converged && f.leaked === 0)).toBe(true);
  expect(figures.filter((f) => f.killedAt).length).toBeGreaterThanOrEqual(8);
});

it('apply plan.json applies the saved plan (no secret in it), and changes nothing when the grid or the program changed', async () => {
  const planFile = path.join(dir, 'plan.json');
  const made = await tfgrid(['plan', PROGRAM, '--out', planFile]);
  expect(made.code).toBe(0);
  const text = fs.readFileSync(planFile, 'utf8');
  expect(text).not.toContain('crash-test-password');
  expect(text).not.toContain(DEV_ACCOUNT.split(' ')[1]);
  const saved = JSON.parse(text) as { plan: EnginePlan };
  expect(saved.plan.actions.map((a) => [a.unit, a.op])).toEqual([
    ['gateway.0', 'create'],
    ['node-2', 'create'],
    ['node-3', 'create'],
  ]);

  // the grid changes between the plan and the apply: the apply stops and shows the plan now
  await new Engine(backend).apply(build().synth());
  const before = await onChain();
  const stale = await tfgrid(['apply', planFile]);
  expect(stale.code).toBe(1);
  expect(stale.stderr).toMatch(/the grid changed since the plan was made: nothing was applied/);
  expect(stale.stderr).toMatch(/^ {2}= \d+ unchanged: 3 deployments/m);
  expect(await onChain()).toEqual(before);

  // back to what the plan was made on: it applies, on the plan's nodes, without asking
  await new Engine(backend).destroy(PROJECT);
  const applied = await tfgrid(['apply', planFile, '--json']);
  expect(applied.code).toBe(0);
  const result = JSON.parse(applied.stdout) as ApplyResult;
  for (const [unit, nodeId] of Object.entries(saved.plan.placement))
    expect(result.outputs[unit]).toMatchObject({ nodeId });
  expect((await new Engine(backend).plan(build().synth())).empty).toBe(true);

  // a program changed after its plan was saved is refused before anything is read or sent (a
  // secret that changed is not in the digest: the plan it gives differs, which stops the apply)
  const copy = path.join(dir, 'changed.ts');
  const source = fs.readFileSync(PROGRAM, 'utf8').replace(/'\.\.\/\.\.\/\.\.\//g, `'${ROOT}/`);
  fs.writeFileSync(copy, source);
  const copyPlan = path.join(dir, 'changed-plan.json');
  expect((await tfgrid(['plan', copy, '--out', copyPlan])).code).toBe(0);
  fs.writeFileSync(copy, source.replace('sizeGb: 1,', 'sizeGb: 2,'));
  const changed = await tfgrid(['apply', copyPlan]);
  expect(changed.code).toBe(1);
  expect(changed.stderr).toMatch(/changed since the plan was made/);
  expect(changed.stdout + changed.stderr).not.toMatch(/password/);
  expect((await onChain()).units.size).toBe(3);
});

it('devgrid up refuses a data dir a live grid holds, and down stops the grid with its units running', async () => {
  const gridDir = env.TFGRID_DEVGRID_DIR!;
  const info = runningDevGrid(gridDir)!;
  const again = await tfgrid(['devgrid', 'up', '--data-dir', gridDir]);
  expect(again.code).toBe(4);
  expect(again.stderr).toContain(`pid ${info.pid}`);
  expect(again.stderr).toContain(info.chainUrl);
  await expect(startDevGrid({ dataDir: gridDir, nodes: 3 })).rejects.toThrow(
    new DataDirBusyError(gridDir, {
      pid: info.pid,
      chainUrl: info.chainUrl,
      relayUrl: info.relayUrl,
      proxyUrl: info.proxyUrl,
    }).message,
  );
  expect((await onChain()).units.size).toBe(3);
  const down = await tfgrid(['devgrid', 'down', '--data-dir', gridDir]);
  expect(down).toMatchObject({ code: 0, stdout: 'dev grid stopped\n' });
  expect(() => process.kill(info.pid, 0)).toThrow();
  expect(runningDevGrid(gridDir)).toBeUndefined();
  expect(fs.existsSync(path.join(gridDir, 'devgrid.lock'))).toBe(false);
});
