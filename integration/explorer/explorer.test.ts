/**
 * The dev grid explorer in a real headless Chromium (the Debian `chromium` package, driven by
 * puppeteer-core): after `tfgrid apply examples/full-stack.ts` it shows every unit's contract, node
 * and workload states; a DAO vote and a contract cancelled from the CLI show on the open page
 * without a reload; no secret of the example is in any page or API response. Everything goes
 * through the real CLI processes and the dev grid `tfgrid devgrid up` starts. Each test saves a
 * screenshot under test-artifacts/explorer/.
 */
import { spawn, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { build } from '../../examples/full-stack';
import { EXAMPLE_SSH_PRIVATE_KEY } from '../../examples/lib/example-keys';
import { DEV_ACCOUNT, DEV_MNEMONIC } from '../../model/config/networks';
import { vote } from '../../clients/chain/dao';
import { secretValues } from '../../engine/secrets';

jest.setTimeout(600_000);

const ROOT = path.join(__dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'explorer');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let dir: string;
let env: NodeJS.ProcessEnv;
let explorerUrl: string;
let chainUrl: string;
let browser: Browser;
let applied: { actions: { unit: string; contractId?: number; nodeId?: number; op: string }[] };
const given = {
  CACHE_PASSWORD: `cache-${randomBytes(8).toString('hex')}`,
  K3S_TOKEN: `k3s-${randomBytes(8).toString('hex')}`,
};

function tfgrid(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'tfgrid.js'), ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 400_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI as a child process, so the test (and puppeteer) keep running while it works. */
function tfgridAsync(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'tfgrid.js'), ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function open(hash: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  await page.goto(`${explorerUrl}${hash}`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#view section');
  // a reload would lose this: the page must change by itself
  await page.evaluate(() => ((globalThis as unknown as { loadedOnce: number }).loadedOnce = 1));
  return page;
}

const stillSamePage = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { loadedOnce?: number }).loadedOnce === 1);

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) as `${string}.png`, fullPage: true });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'explorer-it-'));
  env = { ...process.env, ...given, TFGRID_DEVGRID_DIR: path.join(dir, 'devgrid') };
  delete env.TFGRID_MNEMONIC;
  const up = tfgrid('devgrid', 'up', '--detach', '--json');
  expect(up.code).toBe(0);
  const info = JSON.parse(up.stdout) as { explorerUrl: string; chainUrl: string };
  explorerUrl = info.explorerUrl;
  chainUrl = info.chainUrl;
  expect(explorerUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  // --verify logs in to every machine over SSH: their consoles then have something to show
  const apply = tfgrid('apply', 'examples/full-stack.ts', '--yes', '--json', '--quiet', '--verify');
  expect({ code: apply.code, stderr: apply.code ? apply.stderr : '' }).toEqual({ code: 0, stderr: '' });
  applied = JSON.parse(apply.stdout);
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
});

afterAll(async () => {
  await browser?.close();
  tfgrid('devgrid', 'down');
  fs.rmSync(dir, { recursive: true, force: true });
});

it('shows every unit of the full stack: its contract, node and workload states', async () => {
  const manifest = build().synth().manifest;
  const page = await open('#/project/full-stack');
  for (const u of manifest.units.filter((x) => x.kind === 'deployment')) {
    const action = applied.actions.find((a) => a.unit === u.id && a.contractId !== undefined)!;
    const row = await page.$eval(`tr[data-unit="${u.id}"]`, (tr) => ({
      contract: tr.getAttribute('data-contract'),
      state: tr.querySelector('td:nth-child(3) [data-state]')?.getAttribute('data-state'),
      node: tr.querySelector('td:nth-child(5) a')?.textContent,
      workloads: [...tr.querySelectorAll('[data-workload]')].map(
        (w) =>
          `${w.getAttribute('data-workload')}=${w.querySelector('[data-state]')?.getAttribute('data-state')}`,
      ),
    }));
    expect(row).toEqual({
      contract: String(action.contractId),
      state: 'created',
      node: `node ${action.nodeId}`,
      workloads: u.workloads.map((w) => `${w.name}=ok`),
    });
  }
  // the name contract is the project's too (its owner record on chain)
  expect(await page.$eval('tr[data-unit="name:fullstack"] [data-state]', (e) => e.textContent)).toBe(
    'created',
  );
  await shot(page, 'project-full-stack');

  // a node page: the deployment's workloads, a machine's console, zdb namespaces with their sizes
  const compute = applied.actions.find((a) => a.unit === 'compute.0')!;
  await page.goto(`${explorerUrl}#/node/${compute.nodeId}`);
  await page.waitForSelector(`section[data-deployment="${compute.contractId}"]`);
  const states = await page.$$eval(
    `section[data-deployment="${compute.contractId}"] tr[data-workload]`,
    (rows) =>
      rows.map(
        (r) =>
          `${r.getAttribute('data-workload')}=${r.querySelector('[data-state]')?.getAttribute('data-state')}`,
      ),
  );
  const computeUnit = manifest.units.find((u) => u.id === 'compute.0') as { workloads: { name: string }[] };
  expect(states.sort()).toEqual(computeUnit.workloads.map((w) => `${w.name}=ok`).sort());
  expect(await page.$eval('pre[data-console="app"]', (e) => e.textContent)).not.toMatch(
    /^\(no output yet\)$|^$/,
  );
  expect(await page.$eval('tr[data-workload="cache"]', (e) => e.textContent)).toMatch(
    /namespace \S+ · user · \d+ keys · \d+ bytes used of 10 GiB/,
  );
  await shot(page, 'node-compute');

  // the gateway node lists the name's route
  const gateway = applied.actions.find((a) => a.unit === 'gateway.0')!;
  await page.goto(`${explorerUrl}#/node/${gateway.nodeId}`);
  await page.waitForSelector('tr[data-route="fullstack.gw1.devgrid.localhost"]');
  await shot(page, 'node-gateway');

  // the overview: nodes up with their public config, the DAO proposal, the latest blocks
  await page.goto(`${explorerUrl}#/`);
  // the hash changes the view in place: wait until the overview's table of all 8 nodes is drawn
  await page.waitForFunction(
    () =>
      (
        globalThis as unknown as { document: { querySelectorAll(q: string): ArrayLike<unknown> } }
      ).document.querySelectorAll('tr[data-node] [data-state="up"]').length === 8,
  );
  expect(await page.$eval('tr[data-node="1"]', (e) => e.textContent)).toContain('gw1.devgrid.localhost');
  expect(await page.$eval('.proposal h3', (e) => e.textContent)).toContain(
    'Raise the minimum TFT price to 15 mUSD',
  );
  expect(await page.$$eval('tr[data-block]', (r) => r.length)).toBeGreaterThan(0);
  await shot(page, 'overview');
  await page.close();
});

it('shows no secret of the example in any page or API response', async () => {
  const { manifest, secrets } = build().synth();
  const values = Object.values(secretValues(manifest, secrets, DEV_ACCOUNT)).filter((v) => v.length >= 8);
  const forbidden = [
    ...values,
    given.CACHE_PASSWORD,
    given.K3S_TOKEN,
    DEV_MNEMONIC,
    EXAMPLE_SSH_PRIVATE_KEY.split('\n')[1],
  ];
  expect(values.length).toBeGreaterThan(5);
  const state = (await (await fetch(`${explorerUrl}api/state`)).json()) as {
    nodes: { id: number }[];
    contracts: { contractId: number }[];
  };
  const bodies: [string, string][] = [['/api/state', JSON.stringify(state)]];
  for (const n of state.nodes)
    bodies.push([`/api/node/${n.id}`, await (await fetch(`${explorerUrl}api/node/${n.id}`)).text()]);
  const page = await open('#/');
  const hashes = ['#/', '#/nodes', '#/contracts', '#/dao', '#/blocks', '#/project/full-stack'];
  for (const n of state.nodes) hashes.push(`#/node/${n.id}`);
  for (const c of state.contracts) hashes.push(`#/contract/${c.contractId}`);
  for (const h of hashes) {
    await page.goto(`${explorerUrl}${h}`);
    await page.waitForSelector('#view section');
    bodies.push([h, await page.content()]);
  }
  await shot(page, 'no-secrets');
  await page.close();
  const leaks = bodies.flatMap(([where, body]) => forbidden.filter((s) => body.includes(s)).map(() => where));
  expect(leaks).toEqual([]);
  // and the API refuses anything but reading
  expect((await fetch(`${explorerUrl}api/state`, { method: 'POST' })).status).toBe(405);
});

it('a DAO vote appears on the open page', async () => {
  const page = await open('#/dao');
  const hash = await page.$eval('.proposal', (e) => e.getAttribute('data-proposal')!);
  expect(await page.$('tr[data-vote-farm="1"]')).toBeNull();
  await cryptoWaitReady();
  const api = await ApiPromise.create({ provider: new WsProvider(chainUrl), noInitWarn: true });
  try {
    const farmer = new Keyring({ type: 'sr25519' }).addFromUri(`${DEV_MNEMONIC}//farmer/1`);
    await vote({ api, signer: farmer }, 1, hash, true);
  } finally {
    await api.disconnect();
  }
  await page.waitForSelector(`.proposal[data-proposal="${hash}"] tr[data-vote-farm="1"]`, {
    timeout: 60_000,
  });
  expect(await page.$eval('tr[data-vote-farm="1"]', (e) => e.textContent)).toMatch(/farm 1\s*aye\s*\d+/);
  expect(await stillSamePage(page)).toBe(true);
  await shot(page, 'dao-vote');
  await page.close();
});

it('contracts cancelled from the CLI turn deleted on the open page', async () => {
  const page = await open('#/project/full-stack');
  const live = await page.$$eval('tr[data-contract] td:nth-child(3) [data-state]', (s) =>
    s.map((e) => e.getAttribute('data-state')),
  );
  expect(live.length).toBeGreaterThan(10);
  expect(new Set(live)).toEqual(new Set(['created']));
  const destroy = await tfgridAsync('destroy', 'examples/full-stack.ts', '--yes');
  expect(destroy.code).toBe(0);
  await page.waitForFunction(
    () => {
      type Doc = { querySelectorAll(q: string): ArrayLike<{ getAttribute(n: string): string | null }> };
      const doc = (globalThis as unknown as { document: Doc }).document;
      const s = Array.from(doc.querySelectorAll('tr[data-contract] td:nth-child(3) [data-state]'));
      return s.length > 0 && s.every((e) => e.getAttribute('data-state') === 'deleted');
    },
    { timeout: 60_000 },
  );
  expect(await stillSamePage(page)).toBe(true);
  await shot(page, 'contracts-deleted');
  await page.close();
});

it("tfgrid graph's SVG parses in Chromium with an element per unit and per referencing pair", async () => {
  const manifest = build().synth().manifest;
  const r = tfgrid('graph', 'examples/full-stack.ts', '--format', 'svg');
  expect(r.code).toBe(0);
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 800 });
  await page.setContent(`<!doctype html><html><body style="margin:0">${r.stdout}</body></html>`);
  const drawn = await page.evaluate(() => {
    type El = { getAttribute(n: string): string | null };
    const doc = (globalThis as unknown as { document: { querySelectorAll(q: string): ArrayLike<El> } })
      .document;
    return {
      units: Array.from(doc.querySelectorAll('svg g.unit')).map((e) => e.getAttribute('data-unit')),
      refs: Array.from(doc.querySelectorAll('svg g.reference')).map(
        (e) => `${e.getAttribute('data-from')} ${e.getAttribute('data-to')}`,
      ),
    };
  });
  expect(drawn.units.sort()).toEqual(manifest.units.map((u) => u.id).sort());
  const pairs = new Set(manifest.references.map((x) => `${x.from.unit} ${x.to.unit}`));
  for (const u of manifest.units) for (const d of u.dependsOn) pairs.add(`${u.id} ${d}`);
  expect(drawn.refs.length).toBe(pairs.size);
  expect(new Set(drawn.refs)).toEqual(pairs);
  const svg = await page.$('svg');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await svg!.screenshot({ path: path.join(ARTIFACTS, 'graph-full-stack.png') as `${string}.png` });
  await page.close();
});
