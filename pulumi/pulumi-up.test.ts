/**
 * The README's Pulumi program end to end, the way `pulumi up` runs it: the program under
 * `setMocks` hands its resources to StackDriver, which drives the real dynamic provider host
 * against a dev grid. A preview of a new stack (placement known, references unknown), up, a change
 * that replaces the gateway (the old one goes first: same name) and grows the zdb (same node, data
 * kept), a preview that moves a unit whose node cannot hold its growth, refresh after a contract is
 * cancelled behind Pulumi's back, and destroy.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, NodeSelector, Zdb } from '../constructs';
import type { DeploymentUnit } from '../constructs/manifest';
import type { DevGrid } from '../devgrid/grid';
import { EXAMPLE_SSH_KEY } from '../examples/lib/example-keys';
import type { ConnectedGrid } from '../engine/grid-backend';
import { respExchange } from '../clients/net/resp-probe';
import { createDeployment } from './deployment-ops';
import { inputsOfUnit } from './deployment-inputs';
import program from './testing/fixtures/readme-program';
import type { ProviderHost } from './testing/provider-host';
import { ProviderOnDevGrid } from './testing/provider-on-dev-grid';
import { StackDriver, UNKNOWN, type RunResult, type StackStep } from './testing/stack-driver';

jest.setTimeout(240_000);

let grid: DevGrid;
let backend: ConnectedGrid;
let host: ProviderHost;
let env: ProviderOnDevGrid | undefined;
let stack: StackDriver;

const PASSWORD = 'pw-for-readme';
const config = (c: Record<string, string> = {}) => ({
  cachePassword: PASSWORD,
  sshKey: EXAMPLE_SSH_KEY,
  ...c,
});

beforeAll(async () => {
  env = await ProviderOnDevGrid.start({
    grid: { nodes: 4 },
    host: {
      project: 'hello-pulumi',
      timeoutSeconds: 60,
      env: { TFGRID_POLL_MS: '100' },
      callTimeoutMs: 90_000,
    },
  });
  ({ grid, backend, host } = env);
  stack = new StackDriver(host, 'hello-pulumi');
});

afterAll(() => env?.close());

const stepOf = (r: { steps: StackStep[] }, name: string): StackStep => {
  const s = r.steps.find((x) => x.name === name);
  if (!s) throw new Error(`no step for ${name}: ${r.steps.map((x) => x.name).join(', ')}`);
  return s;
};
const ok = (r: RunResult): RunResult => {
  if (r.errors.length > 0) throw new Error(r.errors.map((e) => `${e.name}: ${e.error.message}`).join('\n'));
  return r;
};
const live = async (contractId: unknown) =>
  (await backend.listContracts()).some((c) => c.contractId === Number(contractId) && c.state !== 'deleted');

/** `SELECT` the cache's namespace, then run `commands`; the replies' first lines. */
async function onCache(outputs: RunResult['outputs'], ...commands: string[][]): Promise<string[]> {
  const cache = (outputs.cache as Record<string, { namespace: string; endpoints: string[] }>).cache;
  const replies = await respExchange(cache.endpoints[0], [
    ['SELECT', cache.namespace, PASSWORD],
    ...commands,
  ]);
  return replies.slice(1);
}

it('is the program the README shows', () => {
  const readme = fs.readFileSync(path.join(__dirname, 'README.md'), 'utf8');
  const shown = /### A complete program[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  const fixture = fs.readFileSync(path.join(__dirname, 'testing/fixtures/readme-program.ts'), 'utf8');
  const code = fixture
    .slice(fixture.indexOf('import * as pulumi'))
    .replace("'../../../constructs'", "'tfgrid-iac'")
    .replace("from '../..';", "from 'tfgrid-iac/pulumi';");
  expect(shown).toBe(code);
});

it('previews a new stack: every node known, what other resources produce unknown', async () => {
  const preview = ok(await stack.preview(program, config()));
  const placement = stepOf(preview, 'hello-pulumi/placement');
  expect(placement.op).toBe('create');
  const nodes = placement.inputs!.nodes as Record<string, number>;
  expect(Object.keys(nodes).sort()).toEqual(['compute.0', 'gateway.0', 'storage.0']);
  const gateway = stepOf(preview, 'hello-pulumi/gateway.0');
  expect(gateway).toMatchObject({ op: 'create' });
  expect(gateway.unknownInputs).toBeUndefined();
  expect(gateway.inputs!.nodeId).toBe(nodes['gateway.0']);
  expect(stepOf(preview, 'hello-pulumi/storage.0').inputs!.nodeId).toBe(nodes['storage.0']);
  // what the grid reports (addresses, fqdn, zdb endpoints, contracts) is known after apply
  expect(preview.outputs).toMatchObject({ web: UNKNOWN, cache: UNKNOWN, app: UNKNOWN });
  expect(stack.resources.size).toBe(0);
  expect(await backend.listContracts()).toEqual([]);
});

it('ups, replaces the gateway (old one first) and grows the zdb on its node with its data', async () => {
  const first = ok(await stack.up(program, config()));
  // placement, name contract, three deployments
  expect(first.steps.map((s) => s.op)).toEqual(['create', 'create', 'create', 'create', 'create']);
  expect((first.outputs.web as Record<string, { fqdn: string }>).web.fqdn).toBe(
    `hello-web.${grid.gatewayDomain}`,
  );
  expect(await onCache(first.outputs, ['SET', 'greeting', 'hello'])).toHaveLength(1);
  const storage = stack.get('hello-pulumi/storage.0');
  const gateway = stack.get('hello-pulumi/gateway.0');

  const changed = config({ appPort: '8081', cacheGb: '2' });
  const preview = ok(await stack.preview(program, changed));
  expect(stepOf(preview, 'hello-pulumi/gateway.0')).toMatchObject({
    op: 'replace',
    replaces: ['workloads'],
    deleteBeforeReplace: true,
  });
  expect(stepOf(preview, 'hello-pulumi/storage.0')).toMatchObject({ op: 'update' });
  expect(stepOf(preview, 'hello-pulumi/storage.0').inputs!.nodeId).toBe(storage.outputs.nodeId);

  const second = ok(await stack.up(program, changed));
  expect(stepOf(second, 'hello-pulumi/gateway.0').op).toBe('replace');
  const grown = stack.get('hello-pulumi/storage.0');
  expect(grown.outputs).toMatchObject({
    nodeId: storage.outputs.nodeId,
    contractId: storage.outputs.contractId,
    version: 1,
  });
  expect(await onCache(second.outputs, ['EXISTS', 'greeting'], ['GET', 'greeting'])).toEqual([':1', '$5']);
  expect(await live(gateway.outputs.contractId)).toBe(false);
  expect(await live(stack.get('hello-pulumi/gateway.0').outputs.contractId)).toBe(true);
  // a second up changes nothing
  const again = ok(await stack.up(program, changed));
  expect(again.steps.filter((s) => s.op !== 'same').map((s) => [s.name, s.op])).toEqual([]);
  // a state written by an older provider has no placement in its inputs: the contracts' nodes stay
  const placement = stack.get('hello-pulumi/placement');
  const { nodes: _n, nodeIps: _i, moves: _m, ...legacy } = placement.inputs;
  const rechecked = await host.check(placement.urn, legacy, legacy);
  expect(rechecked.inputs.nodes).toEqual(placement.outputs.nodes);
});

it('previews a move, with its reason, when the node cannot hold the growth', async () => {
  const storage = stack.get('hello-pulumi/storage.0');
  const node = Number(storage.outputs.nodeId);
  // another project fills the zdb's node: 4096 GiB of hdd, 4000 taken
  const app = new App({ projectName: 'filler' });
  new Zdb(app, 'big', {
    node: new NodeSelector(app, 'n', { nodeId: node }),
    sizeGb: 4000,
    password: 'pw-filler',
  });
  const unit = app.synth().manifest.units.find((u): u is DeploymentUnit => u.kind === 'deployment')!;
  const filler = await createDeployment(
    backend,
    { ...inputsOfUnit('filler', unit), secrets: { 'big.password': 'pw-filler' } },
    { timeoutMs: 30_000, pollMs: 100 },
  );
  const preview = ok(await stack.preview(program, config({ appPort: '8081', cacheGb: '300' })));
  const step = stepOf(preview, 'hello-pulumi/storage.0');
  expect(step).toMatchObject({ op: 'replace', replaces: ['nodeId'] });
  expect(step.inputs!.nodeId).not.toBe(node);
  expect(step.inputs!.moveReason).toMatch(
    new RegExp(`moves from node ${node} to node \\d+: node ${node} cannot hold its new size`),
  );
  await backend.cancelContracts([filler.contractId]);
});

it('refresh sees a contract cancelled behind its back, and the next up makes it again', async () => {
  const storage = stack.get('hello-pulumi/storage.0');
  await backend.cancelContracts([Number(storage.outputs.contractId)]);
  const refreshed = await stack.refresh();
  expect(refreshed.find((s) => s.name === 'hello-pulumi/storage.0')?.op).toBe('gone');
  expect(refreshed.filter((s) => s.op === 'gone')).toHaveLength(1);
  const preview = ok(await stack.preview(program, config({ appPort: '8081', cacheGb: '2' })));
  expect(stepOf(preview, 'hello-pulumi/storage.0').op).toBe('create');
  ok(await stack.up(program, config({ appPort: '8081', cacheGb: '2' })));
  expect(await live(stack.get('hello-pulumi/storage.0').outputs.contractId)).toBe(true);
});

it('destroys every contract of the stack', async () => {
  await stack.destroy();
  expect(stack.resources.size).toBe(0);
  expect((await backend.listContracts()).filter((c) => c.state !== 'deleted')).toEqual([]);
});
