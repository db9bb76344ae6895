/**
 * DAO governance as code with the real `tfgrid` process on a dev grid of three farms: the sample
 * folder (examples/governance: two proposals, three farm votes) is planned, applied by the council
 * and by each farmer, applied again with 0 extrinsics, closed, and the approved action takes effect.
 * Refusals (a vote for someone else's farm, a proposal from a non-council account) send nothing.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ApiPromise } from '@polkadot/api';
import { connectTfchain, disconnectTfchain } from '../../clients/chain/connection';
import { getFarm } from '../../clients/chain/grid';
import { DEV_ACCOUNT, DEV_MNEMONIC } from '../../model/config/networks';

// a dozen CLI processes, each connecting to the chain: slow on a loaded machine
jest.setTimeout(900_000);

const ROOT = path.join(__dirname, '..', '..');
const COUNCIL = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'; // //Alice of the dev mnemonic
let dir: string;
let folder: string;
let env: NodeJS.ProcessEnv;
let api: ApiPromise;

/** Runs the CLI without blocking this process (its chain connection keeps answering meanwhile). */
function tfgrid(
  mnemonic: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'tfgrid.js'), ...args], {
      cwd: dir,
      env: { ...env, TFGRID_MNEMONIC: mnemonic },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
const farmer = (farmId: number) => `${DEV_MNEMONIC}//farmer/${farmId}`;
/** `dao apply --json` as an account; returns the parsed output (and checks the exit code). */
async function applyJson(mnemonic: string, only: string | undefined, code = 0) {
  const r = await tfgrid(
    mnemonic,
    'dao',
    'apply',
    folder,
    '--yes',
    '--json',
    ...(only ? ['--only', only] : []),
  );
  if (r.code !== code) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return { ...JSON.parse(r.stdout), stderr: r.stderr };
}
/** `dao plan --json` as the council. */
async function planJson() {
  const r = await tfgrid(DEV_ACCOUNT, 'dao', 'plan', folder, '--json');
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
const nonce = async (address: string) =>
  Number(
    (
      (await api.query.system.account(address)) as unknown as { nonce: { toString(): string } }
    ).nonce.toString(),
  );

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gov-it-'));
  folder = path.join(dir, 'governance');
  fs.cpSync(path.join(ROOT, 'examples', 'governance', 'governance'), folder, { recursive: true });
  env = { ...process.env, TFGRID_DEVGRID_DIR: path.join(dir, 'devgrid') };
  const up = await tfgrid(DEV_ACCOUNT, 'devgrid', 'up', '--detach', '--nodes', '3', '--farms', '3');
  expect(up.code).toBe(0);
  const info = JSON.parse(fs.readFileSync(path.join(dir, 'devgrid', 'devgrid.json'), 'utf8'));
  api = await connectTfchain({ urls: [info.chainUrl], connectTimeoutMs: 15_000 });
});

afterAll(async () => {
  if (api) await disconnectTfchain(api);
  await tfgrid(DEV_ACCOUNT, 'devgrid', 'down');
  fs.rmSync(dir, { recursive: true, force: true });
  await new Promise((r) => setTimeout(r, 2000));
});

it('plans, applies, re-applies with 0 extrinsics, closes, and the approved action runs', async () => {
  // plan as the council: both proposals new, the farm votes wait for them
  const planned = await planJson();
  expect(planned.account).toMatchObject({ address: COUNCIL, council: true });
  expect(planned.actions.map((a: { op: string }) => a.op)).toEqual(['propose', 'propose']);
  expect(planned.rows.filter((r: { kind: string }) => r.kind === 'vote')).toHaveLength(6);

  // a farmer cannot propose: refused before anything is sent, naming the council
  const notCouncil = await tfgrid(farmer(1), 'dao', 'apply', folder, '--yes', '--only', 'proposals');
  expect(notCouncil.code).toBe(1);
  expect(notCouncil.stderr).toContain('refused, nothing was sent');
  expect(notCouncil.stderr).toMatch(/is not a council member .*twin 1/);
  expect((await api.query.dao.proposalList()).toJSON()).toEqual([]);

  // the council proposes both in one extrinsic
  const councilBefore = await nonce(COUNCIL);
  const proposed = await applyJson(DEV_ACCOUNT, 'proposals');
  expect(proposed.sent).toBe(1);
  expect(await nonce(COUNCIL)).toBe(councilBefore + 1);
  expect((await api.query.dao.proposalList()).toJSON()).toHaveLength(2);

  // the whole folder as the council: the farm votes are someone else's, refused naming the owner twin
  const refused = await tfgrid(DEV_ACCOUNT, 'dao', 'apply', folder, '--yes');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/votes\/farm-2\.yaml: farm 2 is owned by twin \d+, not by account/);
  expect(await nonce(COUNCIL)).toBe(councilBefore + 1);

  // renaming a proposal file changes nothing: it is matched by its content
  fs.renameSync(
    path.join(folder, 'proposals', 'certify-farm-1.yaml'),
    path.join(folder, 'proposals', 'gold.yaml'),
  );
  for (const f of fs.readdirSync(path.join(folder, 'votes'))) {
    const p = path.join(folder, 'votes', f);
    fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('certify-farm-1:', 'gold:'));
  }
  expect((await applyJson(DEV_ACCOUNT, 'proposals')).sent).toBe(0);

  // each farmer votes on both proposals in one extrinsic, and a second apply sends nothing
  for (const id of [1, 2, 3]) {
    expect((await applyJson(farmer(id), `votes/farm-${id}.yaml`)).sent).toBe(1);
  }
  expect((await applyJson(farmer(1), 'votes/farm-1.yaml')).sent).toBe(0);
  const open = await planJson();
  const gold = open.rows.find((r: { file: string }) => r.file === 'proposals/gold.yaml');
  expect(gold).toMatchObject({ state: 'open', wouldPass: true, yes: { votes: 3 }, threshold: 3 });
  expect(gold.yes.weight).toBeGreaterThan(0);
  expect(gold.blocksLeft).toBeGreaterThan(0);
  const price = open.rows.find((r: { file: string }) => r.file === 'proposals/tft-price-floor.yaml');
  expect(price).toMatchObject({ state: 'open', wouldPass: false, yes: { votes: 1 }, no: { votes: 2 } });
  expect(open.actions.map((a: { op: string; outcome: string }) => `${a.op} ${a.outcome}`)).toEqual([
    'close approved',
    'close disapproved',
  ]);
  const markdown = (await tfgrid(DEV_ACCOUNT, 'dao', 'plan', folder, '--format', 'markdown')).stdout;
  expect(markdown).toContain(
    '| File | What | On chain | State | Yes | No | Threshold | Left | Would pass | Apply |',
  );
  expect(markdown).toMatch(
    /\| proposals\/gold\.yaml \| .* \| open \| 3 \(weight \d+\) \|.*\| close \(approved\) \|/,
  );

  // the council closes both in one extrinsic; the approved one's action runs as Root
  const priceBefore = (await api.query.tftPriceModule.tftPrice()).toString();
  const closed = await applyJson(DEV_ACCOUNT, undefined);
  expect(closed.sent).toBe(1);
  expect(closed.closed).toEqual([
    { hash: gold.hash, approved: true, executed: { ok: true } },
    { hash: price.hash, approved: false },
  ]);
  expect((await getFarm(api, 1))?.certification).toBe('gold');
  expect((await api.query.tftPriceModule.tftPrice()).toString()).toBe(priceBefore);

  // everything is settled: nothing to send for anyone, and the plan shows the outcomes
  const nonceAfter = await nonce(COUNCIL);
  expect((await applyJson(DEV_ACCOUNT, undefined)).sent).toBe(0);
  expect((await applyJson(farmer(2), 'votes/farm-2.yaml')).sent).toBe(0);
  expect(await nonce(COUNCIL)).toBe(nonceAfter);
  const settled = await planJson();
  expect(
    settled.rows
      .filter((r: { kind: string }) => r.kind === 'proposal')
      .map((r: { state: string }) => r.state),
  ).toEqual(['approved', 'disapproved']);
});

it('reports a bad file with file:line:col, the field, the value and the fix (exit 1)', async () => {
  const bad = path.join(dir, 'bad');
  fs.mkdirSync(path.join(bad, 'votes'), { recursive: true });
  fs.writeFileSync(path.join(bad, 'votes', 'farm-9.yaml'), 'farm: 9\nvotes:\n  nothing: maybe\n');
  const r = await tfgrid(DEV_ACCOUNT, 'dao', 'plan', bad);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    'bad/votes/farm-9.yaml:3:12: vote on \'nothing\' must be yes or no, got "maybe"',
  );
});
