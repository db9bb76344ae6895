/**
 * The state Pulumi keeps of a deployment stays true to the grid, through the dynamic provider host
 * on a dev grid: a failed update that cannot be undone returns what the node has (partial state),
 * refresh reports the workloads the node actually has, a failed create whose contract cannot be
 * cancelled is still tracked, and a name the chain would refuse fails Check.
 */
import { App, NodeSelector, Zdb } from '../constructs';
import type { DeploymentUnit } from '../constructs/manifest';
import type { ConnectedGrid } from '../engine/grid-backend';
import { deploymentProvider } from './deployment';
import {
  inputsOfUnit,
  secretNamesOf,
  type DeploymentInputs,
  type DeploymentOutputs,
} from './deployment-inputs';
import { createDeployment, updateDeployment } from './deployment-ops';
import { nameContractProvider } from './name-contract';
import { PartialStateError } from './partial-state';
import { ResourceInitFailedError, serializeProvider, type ProviderHost } from './testing/provider-host';
import { ProviderOnDevGrid } from './testing/provider-on-dev-grid';
import { isSecret, removeSecrets, secret, unwrapSecret, type PropertyMap } from './testing/property-values';

jest.setTimeout(180_000);

const PROJECT = 'pulumi-state';
let backend: ConnectedGrid;
let host: ProviderHost;
let env: ProviderOnDevGrid | undefined;

beforeAll(async () => {
  env = await ProviderOnDevGrid.start({
    grid: { nodes: 2 },
    host: {
      provider: deploymentProvider,
      project: PROJECT,
      timeoutSeconds: 30,
      env: { TFGRID_POLL_MS: '100' },
      callTimeoutMs: 90_000,
    },
  });
  ({ backend, host } = env);
});

afterAll(() => env?.close());

/** One unit on node 2 with zdbs of these sizes (GiB), as plain inputs. */
function plainInputs(unitOf: string, sizes: Record<string, number>): DeploymentInputs {
  const app = new App({ projectName: PROJECT });
  const node = new NodeSelector(app, unitOf, { nodeId: 2 });
  for (const [name, sizeGb] of Object.entries(sizes))
    new Zdb(app, name, { node, sizeGb, password: `pw-${name}` });
  const { manifest, secrets } = app.synth();
  const unit = manifest.units.find((u): u is DeploymentUnit => u.kind === 'deployment')!;
  return {
    ...inputsOfUnit(PROJECT, unit),
    secrets: Object.fromEntries(secretNamesOf(unit).map((n) => [n, secrets[n]])),
  };
}
/** The same in wire form, the passwords a secret. */
const wire = (i: DeploymentInputs): PropertyMap => {
  const plain = JSON.parse(JSON.stringify(i)) as PropertyMap;
  return { ...plain, secrets: secret(plain.secrets as PropertyMap) };
};
const urnOf = (unit: string) => host.urn(unit, 'pulumi-nodejs:dynamic/tfgrid:Deployment');

it('a failed update that cannot be undone returns what the node has, and the next diff acts on it', async () => {
  const urn = urnOf('node-2');
  const small = (await host.check(urn, {}, wire(plainInputs('grow', { db: 1 })))).inputs;
  const created = await host.create(urn, small);
  // db grows (zos cannot shrink it back) and a zdb no node can hold joins: the node takes the new
  // version, `huge` fails, and putting the previous workloads back is refused
  const failing = (await host.check(urn, small, wire(plainInputs('grow', { db: 2, huge: 100_000 })))).inputs;
  const err = await host.update(created.id, urn, created.outputs, failing, small).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ResourceInitFailedError);
  const partial = err as ResourceInitFailedError;
  expect(partial.message).toMatch(/huge.*could not restore the previous workloads/s);
  expect(partial.id).toBe(created.id);
  expect(partial.properties).toMatchObject({ version: 1, states: { db: 'ok', huge: 'error' } });
  expect(partial.properties.workloads).toEqual(failing.workloads);
  // the state keeps the provider (later reads and deletes load it) and its secrets secret
  expect(partial.properties.__provider).toBe(created.outputs.__provider);
  expect(isSecret(partial.properties.deployed)).toBe(true);
  expect(isSecret(partial.properties.secrets)).toBe(true);
  // the next up replaces it (a workload in error), not "no change"
  expect(await host.diff(created.id, urn, partial.properties, failing, failing)).toMatchObject({
    changes: 'some',
    replaces: ['workloads'],
  });
  await host.delete(created.id, urn, partial.properties, failing);
});

it('refresh reports the workloads the node has: a change behind Pulumi reaches the next diff', async () => {
  const urn = urnOf('drift');
  const small = (await host.check(urn, {}, wire(plainInputs('drift', { cache: 1 })))).inputs;
  const created = await host.create(urn, small);
  // someone grows the zdb behind Pulumi's back (same account, another tool)
  await updateDeployment(
    backend,
    removeSecrets(created.outputs) as unknown as DeploymentOutputs,
    plainInputs('drift', { cache: 3 }),
    { timeoutMs: 30_000, pollMs: 100 },
  );
  const read = await host.read(created.id, urn, created.outputs, small);
  expect(read.outputs.version).toBe(1);
  const deployed = unwrapSecret(read.outputs.deployed) as { data: { size: number } }[];
  expect(deployed[0].data.size).toBe(3 * 1024 ** 3);
  // the program still says 1 GiB: the node cannot shrink it, so Pulumi must replace it
  expect(await host.diff(created.id, urn, read.outputs, small, small)).toMatchObject({
    changes: 'some',
    replaces: ['workloads'],
    deleteBeforeReplace: false,
  });
  await host.delete(created.id, urn, read.outputs, small);
});

it('a failed create whose contract cannot be cancelled is tracked by its id', async () => {
  const failing = {
    ...backend,
    deploy: async () => {
      throw new Error('node 2 refused zos.deployment.deploy: injected');
    },
    cancelContracts: async () => {
      throw new Error('chain unreachable: injected');
    },
  };
  const err = await createDeployment(failing, plainInputs('lost', { db: 1 }), {
    timeoutMs: 5000,
    pollMs: 100,
  }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PartialStateError);
  const partial = err as PartialStateError;
  expect(partial.message).toMatch(/injected.*could NOT cancel contract \d+.*'pulumi destroy' cancels it/);
  const live = (await backend.listContracts()).find((c) => c.contractId === Number(partial.id));
  expect(live?.state).toBe('created');
  expect(partial.properties).toMatchObject({ contractId: Number(partial.id), nodeId: 2 });
  // destroy removes it through the recorded state
  const props = {
    ...wire(partial.properties as never),
    __provider: await serializeProvider(deploymentProvider),
  };
  await host.delete(partial.id, urnOf('lost'), props, props);
  expect(
    (await backend.listContracts()).some((c) => c.contractId === Number(partial.id) && c.state !== 'deleted'),
  ).toBe(false);
});

it('Check refuses a name the chain would refuse (under 3 characters)', async () => {
  const urn = host.urn('web', 'pulumi-nodejs:dynamic/tfgrid:NameContract');
  const provider = await serializeProvider(nameContractProvider);
  const res = await host.check(urn, {}, { name: 'ab', __provider: provider });
  expect(res.failures).toEqual([{ property: 'name', reason: expect.stringMatching(/3 to 50 .*"ab"/) }]);
  expect((await host.check(urn, {}, { name: 'abc', __provider: provider })).failures).toEqual([]);
});
