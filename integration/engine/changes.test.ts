/**
 * How each resource kind changes on the dev grid: what zos can update in place is updated (same
 * contract, new deployment version), what it cannot is replaced (new contract, the old one
 * cancelled), and the plan says which before anything is sent.
 */
import { App, GatewayName, Machine, Network, NodeSelector, Qsfs, Zdb, ZstorCluster } from '../../constructs';
import { EXAMPLE_SSH_KEY } from '../../examples/lib/example-keys';
import { useDevGrid } from '../support/dev-grid';
import { Engine } from '../../engine/engine';
import type { PlanAction } from '../../engine/plan';

jest.setTimeout(120_000);

const fx = useDevGrid({ nodes: 6, farms: 2 });

/** A program whose one knob changes one resource kind. */
type Variant = (app: App, v: number) => void;

const machineOn = (
  app: App,
  node: NodeSelector,
  extra: Partial<ConstructorParameters<typeof Machine>[2]> = {},
) => new Machine(app, 'vm', { node, network: new Network(app, 'net'), sshKeys: [EXAMPLE_SSH_KEY], ...extra });

const CASES: { kind: string; build: Variant; op: 'update' | 'replace' | 'move'; reason?: RegExp }[] = [
  {
    kind: 'zdb size',
    op: 'update',
    build: (app, v) =>
      new Zdb(app, 'db', { node: new NodeSelector(app, 'n', {}), sizeGb: v, password: 'pw-for-tests' }),
  },
  {
    kind: 'zdb mode',
    op: 'replace',
    reason: /mode/,
    build: (app, v) =>
      new Zdb(app, 'db', { node: new NodeSelector(app, 'n', {}), sizeGb: 1, mode: v === 1 ? 'user' : 'seq' }),
  },
  {
    kind: 'disk size',
    op: 'update',
    build: (app, v) =>
      machineOn(app, new NodeSelector(app, 'n', {}), {
        disks: [{ id: 'data', sizeGb: v, mountpoint: '/data' }],
      }),
  },
  {
    kind: 'machine cpu',
    op: 'replace',
    reason: /zmachine.*does not support upgrade/,
    build: (app, v) => machineOn(app, new NodeSelector(app, 'n', {}), { cpu: v }),
  },
  {
    kind: 'public ip count',
    op: 'replace',
    reason: /public ip count changed from 0 to 1/,
    build: (app, v) => machineOn(app, new NodeSelector(app, 'n', {}), { publicIpv4: v > 1 }),
  },
  // a fixed node names the unit (`node-<id>`): moving makes a new unit, which the plan shows as a replace
  {
    kind: 'node',
    op: 'move',
    build: (app, v) => new Zdb(app, 'db', { node: new NodeSelector(app, 'n', { nodeId: v }), sizeGb: 1 }),
  },
  {
    kind: 'gateway fx.backend',
    op: 'replace',
    reason: /gateway-name-proxy.*does not support upgrade/,
    build: (app, v) => {
      const net = new Network(app, 'net');
      const vm = new Machine(app, 'vm', {
        node: new NodeSelector(app, 'c', {}),
        network: net,
        sshKeys: [EXAMPLE_SSH_KEY],
      });
      new GatewayName(app, 'gw', {
        node: new NodeSelector(app, 'g', { domain: true }),
        name: 'changesgw',
        network: net,
        backends: [{ machine: vm, port: 8000 + v }],
      });
    },
  },
  {
    kind: 'qsfs cache',
    op: 'update',
    build: (app, v) => {
      const zstor = new ZstorCluster(app, 'store', {
        nodes: new NodeSelector(app, 's', {}),
        dataShards: 2,
        parityShards: 2,
        zdbSizeGb: 10,
      });
      const vm = machineOn(app, new NodeSelector(app, 'c', { nodeId: 1 }));
      new Qsfs(app, 'fs', { machine: vm, mountpoint: '/qsfs', cacheGb: 5 * v, zstor });
    },
  },
];

it.each(CASES)('$kind: $op', async ({ kind, build, op, reason }) => {
  const project = `chg-${kind.replace(/\W+/g, '-')}`;
  const program = (v: number) => {
    const app = new App({ projectName: project });
    build(app, v);
    return app.synth();
  };
  const engine = new Engine(fx.backend, { timeoutMs: 30_000, pollMs: 100 });
  const first = await engine.apply(program(1));
  const changed = program(2);
  const plan = await engine.plan(changed);
  const acted = plan.actions.filter((a) => a.op !== 'noop');
  if (op === 'move') {
    expect(acted).toEqual([
      expect.objectContaining({
        op: 'replace',
        reasons: [expect.stringMatching(/^node changed from 1 to 2/)],
      }),
    ]);
    const moved = await engine.apply(changed);
    expect(Object.values(moved.outputs).map((o) => o.nodeId)).toEqual([2]);
    expect((await engine.plan(changed)).empty).toBe(true);
    await engine.destroy(project);
    return;
  }
  expect(acted.map((a) => a.op)).toContain(op);
  const action = acted.find((a) => a.op === op) as PlanAction & { unit: string; contractId: number };
  if (reason) expect('reasons' in action ? action.reasons.join('; ') : '').toMatch(reason);
  const second = await engine.apply(changed);
  const before = first.outputs[action.unit].contractId;
  const after = second.outputs[action.unit];
  if (op === 'update') {
    expect(after.contractId).toBe(before);
    expect((await fx.backend.getDeployment(after.nodeId, after.contractId))?.version).toBeGreaterThan(0);
  } else {
    expect(after.contractId).not.toBe(before);
    expect(
      (await fx.backend.listContracts()).some((c) => c.contractId === before && c.state !== 'deleted'),
    ).toBe(false);
  }
  expect((await engine.plan(changed)).empty).toBe(true);
  await engine.destroy(project);
});
