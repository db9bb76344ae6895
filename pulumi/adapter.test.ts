/**
 * Program shape under `pulumi.runtime.setMocks`: the full-stack example through `deployApp` gives
 * one placement and one resource per manifest unit, of the right types, with `dependsOn` following
 * the unit dependencies, references wired from other resources, and secrets kept secret.
 * The mock plays the providers; no grid and no provider host.
 */
import * as pulumi from '@pulumi/pulumi';
import { MockMonitor } from '@pulumi/pulumi/runtime/mocks';
import { build } from '../examples/full-stack';
import { needsPublicAddress } from '../engine/network-routes';
import { appResources, type AppResources } from './adapter';
import { isSecret, unwrapSecret, type PropertyValue } from './testing/property-values';

/** Resolves an Output's value. */
const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply(resolve));

/** What the engine receives per registration beyond the mock's args: dependencies, secret outputs. */
interface Registration {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly inputs: Record<string, unknown>;
  readonly dependencies: string[];
  readonly additionalSecretOutputs: string[];
}

const T = 'pulumi-nodejs:dynamic/tfgrid:';
const registrations: Registration[] = [];
let app: AppResources;

function fakeResult(type: string, name: string): unknown {
  if (type === 'zdb') return { Namespace: `7-1-${name}`, IPs: ['10.0.0.5'], Port: 9900 };
  if (type === 'zmachine') return { ip: '10.20.2.2', planetary_ip: '', mycelium_ip: '5af:1::2' };
  if (type === 'ip') return { ip: '203.0.113.18/24', ip6: '', gateway: '203.0.113.1' };
  if (type === 'gateway-name-proxy') return { fqdn: `fullstack.gw1.example` };
  return {};
}

beforeAll(async () => {
  const original = MockMonitor.prototype.registerResource;
  MockMonitor.prototype.registerResource = function (this: MockMonitor, req: never, callback: never) {
    const r = req as {
      getType(): string;
      getName(): string;
      getDependenciesList(): string[];
      getAdditionalsecretoutputsList(): string[];
    };
    registrations.push({
      type: r.getType(),
      name: r.getName(),
      urn: `urn:pulumi:dev::full-stack::${r.getType()}::${r.getName()}`,
      inputs: {},
      dependencies: r.getDependenciesList(),
      additionalSecretOutputs: r.getAdditionalsecretoutputsList(),
    });
    return original.call(this, req, callback);
  };
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const { __provider: _p, ...inputs } = args.inputs as Record<string, unknown>;
        const reg = registrations.find((r) => r.name === args.name);
        if (reg) Object.assign(reg.inputs, inputs);
        const type = args.type.slice(T.length);
        if (type === 'Placement') {
          const units = inputs.units as { unitId: string }[];
          const nodes = Object.fromEntries(units.map((u, i) => [u.unitId, i + 1]));
          const nodeIps = Object.fromEntries(units.map((u, i) => [u.unitId, i === 0 ? '203.0.113.250' : '']));
          return { id: 'placement', state: { ...inputs, nodes, nodeIps } };
        }
        if (type === 'Deployment') {
          const results = Object.fromEntries(
            (inputs.workloads as { name: string; type: string }[]).map((w) => [
              w.name,
              fakeResult(w.type, w.name),
            ]),
          );
          const contractId = 100 + registrations.indexOf(reg!);
          return {
            id: String(contractId),
            state: { ...inputs, contractId, version: 0, results, states: {} },
          };
        }
        if (type === 'NameContract') return { id: '50', state: { ...inputs, contractId: 50 } };
        if (type === 'DaoProposal')
          return { id: '0xabc', state: { ...inputs, proposalHash: `0x${'ab'.repeat(32)}` } };
        return { id: `${args.name}-id`, state: inputs };
      },
      call: (args) => args.inputs,
    },
    'full-stack',
    'dev',
    false,
  );
  app = appResources(build());
});

afterAll(async () => {
  // let every registration settle before Jest tears the module registry down
  const all = Object.values(app.outputs).flatMap((o) => [o.workloads, o.nodeIds, o.secrets, o.proposalHash]);
  await valueOf(
    pulumi.all([
      ...Object.values(app.resources).map((r) => r.urn),
      ...all.filter(Boolean),
    ] as pulumi.Output<unknown>[]),
  );
});

describe('deployApp on the full-stack example', () => {
  it('registers a placement and one resource per manifest unit, with our types', async () => {
    await valueOf(pulumi.all(Object.values(app.resources).map((r) => r.id)));
    const { units } = app.synth.manifest;
    expect(registrations).toHaveLength(units.length + 1);
    const count = (t: string) => registrations.filter((r) => r.type === T + t).length;
    expect(count('Placement')).toBe(1);
    expect(count('Deployment')).toBe(units.filter((u) => u.kind === 'deployment').length);
    expect(count('NameContract')).toBe(1);
    expect(count('DaoProposal')).toBe(1);
    expect(registrations.map((r) => r.name)).toContain('full-stack/compute.0');
    // the unit serving the network's wireguard access asks the placement for a public node
    const placement = registrations.find((r) => r.type === `${T}Placement`)!;
    const asking = (placement.inputs.units as { unitId: string; publicAddress?: boolean }[]).filter(
      (u) => u.publicAddress,
    );
    expect(asking.map((u) => u.unitId)).toEqual(
      units.filter((u) => u.kind === 'deployment' && needsPublicAddress(u)).map((u) => u.id),
    );
    expect(asking).toHaveLength(1);
    // every resource carries the serialized provider, and no mnemonic
    expect(JSON.stringify(registrations.map((r) => r.inputs))).not.toMatch(/bottom drive obey/);
  });

  it('follows unit dependencies with dependsOn and wires references from other resources', async () => {
    const urnOf = (unit: string) => registrations.find((r) => r.name === `full-stack/${unit}`)!.urn;
    const compute = registrations.find((r) => r.name === 'full-stack/compute.0')!;
    const placement = registrations.find((r) => r.type === `${T}Placement`)!;
    expect(compute.dependencies).toEqual(
      expect.arrayContaining([placement.urn, urnOf('storage.0'), urnOf('storage.5')]),
    );
    const gateway = registrations.find((r) => r.name === 'full-stack/gateway.0')!;
    expect(gateway.dependencies).toContain(urnOf('name:fullstack'));
    // the qsfs refers to zdb results of the storage units: they arrive as inputs
    const refs = compute.inputs.refs as Record<string, Record<string, unknown>>;
    expect(refs['storage.0'].archive_meta0).toEqual({
      Namespace: '7-1-archive_meta0',
      IPs: ['10.0.0.5'],
      Port: 9900,
    });
    // the placement's choice is the node; peers' endpoints come from its node addresses
    expect(compute.inputs.nodeId).toBe(1);
    const endpoints = gateway.inputs.endpoints as Record<string, string>;
    expect(endpoints['compute.0/net']).toMatch(/^203\.0\.113\.250:\d+$/);
    expect(Object.values(endpoints)).toContain('');
  });

  it('keeps secrets secret: the given values as inputs, and as outputs', async () => {
    const compute = registrations.find((r) => r.name === 'full-stack/compute.0')!;
    expect(compute.additionalSecretOutputs).toContain('secrets');
    // sent to the engine in the wire form of a secret
    expect(isSecret(compute.inputs.secrets)).toBe(true);
    expect(unwrapSecret(compute.inputs.secrets as PropertyValue)).toEqual({
      'cache.password': expect.any(String),
    });
    // generated secrets travel as declarations only: the provider derives their values
    expect(
      (compute.inputs.secretDeclarations as { source: string }[]).every((s) => s.source === 'generate'),
    ).toBe(true);
    const secrets = app.outputs['compute.0'].secrets!;
    expect(await pulumi.isSecret(secrets)).toBe(true);
    expect(await pulumi.isSecret(app.outputs['compute.0'].workloads!)).toBe(false);
  });

  it('exposes outputs by unit and by construct: ips, fqdn, zdb endpoints, cost, proposal hash', async () => {
    const { outputs } = app;
    expect(outputs['compute.0'].cost?.usdPerMonth).toBeGreaterThan(0);
    const cache = await valueOf(outputs.cache.workloads!);
    expect(cache.cache).toMatchObject({
      type: 'zdb',
      endpoints: ['10.0.0.5:9900'],
      unit: 'compute.0',
      nodeId: 1,
    });
    const vm = await valueOf(outputs.app.workloads!);
    expect(vm.app).toMatchObject({ ip: '10.20.2.2', myceliumIp: '5af:1::2' });
    expect(vm.app_PublicIp).toMatchObject({ publicIp: '203.0.113.18/24' });
    expect((await valueOf(outputs.web.workloads!)).web).toMatchObject({ fqdn: 'fullstack.gw1.example' });
    expect(await valueOf(outputs['raise-threshold'].proposalHash!)).toMatch(/^0x(ab){32}$/);
    expect(Object.keys(await valueOf(outputs.net.nodeIds!)).length).toBeGreaterThan(1);
  });
});
