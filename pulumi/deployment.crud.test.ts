/**
 * The real CRUD path: the Pulumi dynamic provider host (as `pulumi up` runs it) drives
 * `TfgridDeployment` and `TfgridNameContract` against a dev grid on loopback: Check (valid and
 * invalid), Create (contract on chain, deployment on the node), Read, Diff (none / in place /
 * replace), Update, Delete (contract cancelled), and a failed create leaving no contract behind.
 */
import { App, NodeSelector, Zdb } from '../constructs';
import type { DeploymentUnit } from '../constructs/manifest';
import type { DevGrid } from '../devgrid/grid';
import type { ConnectedGrid } from '../engine/grid-backend';
import { decodeDeploymentData } from '../engine/tags';
import { deploymentProvider } from './deployment';
import { inputsOfUnit, secretNamesOf, type DeploymentOutputs } from './deployment-inputs';
import { createDeployment } from './deployment-ops';
import { nameContractProvider } from './name-contract';
import { placementProvider } from './placement';
import { serializeProvider, type ProviderHost } from './testing/provider-host';
import { ProviderOnDevGrid } from './testing/provider-on-dev-grid';
import { isSecret, secret, unwrapSecret, withoutProvider, type PropertyMap } from './testing/property-values';

jest.setTimeout(120_000);

const PROJECT = 'pulumi-crud';
let grid: DevGrid;
let backend: ConnectedGrid;
let host: ProviderHost;
let env: ProviderOnDevGrid | undefined;

beforeAll(async () => {
  env = await ProviderOnDevGrid.start({
    grid: { nodes: 8 },
    host: {
      provider: deploymentProvider,
      project: PROJECT,
      timeoutSeconds: 60,
      env: { TFGRID_POLL_MS: '100' },
    },
  });
  ({ grid, backend, host } = env);
});

afterAll(() => env?.close());

/** A one-zdb program's unit as resource inputs (wire form, the password a secret). */
function zdbInputs(s: { sizeGb?: number; mode?: 'user' | 'seq'; nodeId?: number } = {}): PropertyMap {
  const app = new App({ projectName: PROJECT });
  const node = new NodeSelector(app, 'store', s.nodeId ? { nodeId: s.nodeId } : { minHruGb: 10 });
  new Zdb(app, 'db', { node, sizeGb: s.sizeGb ?? 1, mode: s.mode ?? 'user', password: 'pw-for-tests' });
  const { manifest, secrets } = app.synth();
  const unit = manifest.units.find((u): u is DeploymentUnit => u.kind === 'deployment')!;
  const names = secretNamesOf(unit);
  const values = Object.fromEntries(names.map((n) => [n, secrets[n]]));
  return {
    ...(JSON.parse(JSON.stringify(inputsOfUnit(PROJECT, unit))) as PropertyMap),
    secrets: secret(values),
  };
}

const urn = () => host.urn('store.0', 'pulumi-nodejs:dynamic/tfgrid:Deployment');
const liveContract = async (id: number) =>
  (await backend.listContracts()).find((c) => c.contractId === id && c.state !== 'deleted');

describe('TfgridDeployment through the dynamic provider host', () => {
  it('checks inputs: valid, bad shape and what zos would refuse, by property', async () => {
    expect((await host.check(urn(), {}, zdbInputs())).failures).toEqual([]);
    const bad = zdbInputs();
    const workloads = bad.workloads as PropertyMap[];
    (workloads[0].data as PropertyMap).size = 0;
    const res = await host.check(urn(), {}, { ...bad, project: 'Not A Project', workloads });
    expect(res.failures.map((f) => f.property).sort()).toEqual(['project', 'workloads']);
    expect(res.failures.find((f) => f.property === 'workloads')?.reason).toMatch(
      /workloads\[db\]\.data\.size/,
    );
  });

  it('creates, reads, diffs, updates in place, plans a replace and deletes', async () => {
    const news = (await host.check(urn(), {}, zdbInputs())).inputs;
    const created = await host.create(urn(), news);
    const outs = created.outputs as unknown as DeploymentOutputs;
    expect(created.id).toBe(String(outs.contractId));
    // the contract is on chain, tagged with project and unit
    const contract = await liveContract(outs.contractId);
    expect(contract).toMatchObject({ type: 'node', nodeId: outs.nodeId });
    expect(decodeDeploymentData(contract!.deploymentData!)).toMatchObject({
      project: PROJECT,
      unit: 'store.0',
    });
    // the node has the deployment, its zdb ok
    const onNode = await backend.getDeployment(outs.nodeId, outs.contractId);
    expect(onNode?.workloads.map((w) => [w.name, w.result?.state])).toEqual([['db', 'ok']]);
    expect(outs.results.db).toMatchObject({ Namespace: expect.stringMatching(/-db$/) });
    // the secret stays a secret; the mnemonic is in neither the state nor the provider
    expect(isSecret(created.outputs.secrets)).toBe(true);
    expect(JSON.stringify(created.outputs)).not.toContain('bottom drive obey');

    const read = await host.read(created.id, urn(), created.outputs, news);
    expect(read.id).toBe(created.id);
    expect(withoutProvider(read.outputs)).toMatchObject({ states: { db: 'ok' }, version: 0 });

    const same = (await host.check(urn(), news, zdbInputs())).inputs;
    expect(await host.diff(created.id, urn(), read.outputs, same, news)).toMatchObject({
      changes: 'none',
      replaces: [],
    });
    const grown = (await host.check(urn(), news, zdbInputs({ sizeGb: 2 }))).inputs;
    expect(await host.diff(created.id, urn(), read.outputs, grown, news)).toMatchObject({
      changes: 'some',
      replaces: [],
    });
    const seq = (await host.check(urn(), news, zdbInputs({ mode: 'seq' }))).inputs;
    expect(await host.diff(created.id, urn(), read.outputs, seq, news)).toMatchObject({
      changes: 'some',
      replaces: ['workloads'],
      deleteBeforeReplace: false,
    });
    const other = grid.nodes.map((n) => n.nodeId).find((n) => n !== outs.nodeId)!;
    // the node a TfgridPlacement chose moved: replace (create on the new node, then delete)
    const moved = (await host.check(urn(), news, { ...zdbInputs(), nodeId: other })).inputs;
    expect((await host.diff(created.id, urn(), read.outputs, moved, news)).replaces).toEqual(['nodeId']);

    const updated = await host.update(created.id, urn(), read.outputs, grown, news);
    expect(updated).toMatchObject({ contractId: outs.contractId, version: 1, states: { db: 'ok' } });
    const after = await backend.getDeployment(outs.nodeId, outs.contractId);
    expect((after?.workloads[0].data as { size: number }).size).toBe(2 * 1024 ** 3);
    expect(unwrapSecret(updated.secrets)).toEqual({ 'db.password': 'pw-for-tests' });

    await host.delete(created.id, urn(), updated, grown);
    expect(await liveContract(outs.contractId)).toBeUndefined();
    // a refresh of a cancelled contract says the resource is gone
    expect((await host.read(created.id, urn(), updated, grown)).id).toBe('');
  });

  it('a create that fails on the node cancels its contract', async () => {
    const before = (await backend.listContracts()).filter((c) => c.state !== 'deleted').length;
    const failing = {
      ...backend,
      deploy: async () => {
        throw new Error('node 1 refused zos.deployment.deploy: injected');
      },
    };
    const inputs = JSON.parse(JSON.stringify(unwrapSecret(zdbInputs() as never))) as never;
    const plain = { ...(inputs as object), secrets: { 'db.password': 'pw-for-tests' } } as never;
    await expect(createDeployment(failing, plain, { timeoutMs: 5000, pollMs: 100 })).rejects.toThrow(
      /injected; cancelled contract \d+, nothing was left behind/,
    );
    expect((await backend.listContracts()).filter((c) => c.state !== 'deleted').length).toBe(before);
  });
});

describe('TfgridNameContract through the dynamic provider host', () => {
  it('creates, reads and deletes a name contract', async () => {
    const nameUrn = host.urn('web', 'pulumi-nodejs:dynamic/tfgrid:NameContract');
    const props = {
      name: 'pulumicrud',
      owner: 'pulumi:crud/test',
      __provider: await serializeProvider(nameContractProvider),
    };
    expect((await host.check(nameUrn, {}, { ...props, name: 'no dots.allowed' })).failures[0]?.property).toBe(
      'name',
    );
    const created = await host.create(nameUrn, props);
    const contract = await liveContract(Number(created.id));
    expect(contract).toMatchObject({ type: 'name', name: 'pulumicrud' });
    expect((await host.read(created.id, nameUrn, created.outputs, props)).id).toBe(created.id);
    await host.delete(created.id, nameUrn, created.outputs, props);
    expect(await liveContract(Number(created.id))).toBeUndefined();
  });
});

describe('TfgridPlacement through the dynamic provider host', () => {
  it('places units of one selector on distinct nodes, and keeps them on update', async () => {
    const placeUrn = host.urn('placement', 'pulumi-nodejs:dynamic/tfgrid:Placement');
    const unit = (i: number, others: string[]) => ({
      unitId: `storage.${i}`,
      selector: {
        selector: 'storage',
        index: i,
        filters: { minHruGb: 10 },
        distinctNodeFrom: others,
        distinctFarmFrom: [],
      },
      capacity: { cru: 0, mru: 0, sru: 0, hru: 10 * 1024 ** 3, ipv4u: 0 },
      publicIps: 0,
    });
    const props = {
      units: [unit(0, ['storage.1']), unit(1, ['storage.0'])],
      __provider: await serializeProvider(placementProvider),
    };
    // the placement is made in Check (so a preview shows it); Create records it
    const checked = await host.check(placeUrn, {}, props);
    expect(checked.failures).toEqual([]);
    const created = await host.create(placeUrn, checked.inputs);
    const nodes = created.outputs.nodes as Record<string, number>;
    expect(new Set(Object.values(nodes)).size).toBe(2);
    expect(grid.nodes.map((n) => n.nodeId)).toEqual(expect.arrayContaining(Object.values(nodes)));
    const grown = await host.check(placeUrn, checked.inputs, {
      ...props,
      units: [...props.units, unit(2, [])],
    });
    expect(
      (await host.diff(created.id, placeUrn, created.outputs, grown.inputs, checked.inputs)).changes,
    ).toBe('some');
    const updated = await host.update(created.id, placeUrn, created.outputs, grown.inputs, checked.inputs);
    expect(updated.nodes).toMatchObject(nodes);
    expect(Object.keys(updated.nodes as object)).toHaveLength(3);
    // checked again with nothing changed: the same placement, no change
    const same = await host.check(placeUrn, grown.inputs, { ...props, units: [...props.units, unit(2, [])] });
    expect(same.inputs.nodes).toEqual(updated.nodes);
    expect((await host.diff(created.id, placeUrn, updated, same.inputs, grown.inputs)).changes).toBe('none');
  });

  it('serializes small providers that hold no secret and no copied engine code', async () => {
    const text = String(await serializeProvider(deploymentProvider));
    expect(text).toContain('provider-runtime');
    expect(text.length).toBeLessThan(20_000);
    expect(text).not.toMatch(/bottom drive obey|createContracts/);
  });
});
