import {
  App,
  collectingErrors,
  Machine,
  manifestToJson,
  Network,
  NodeSelector,
  schemaProblems,
  ValidationError,
  Zdb,
} from './index';
import { expectProblem, KEY } from './testing/test-util';

function program(seed?: string): App {
  const app = new App({ projectName: 'demo', secretSeed: seed });
  const nodes = new NodeSelector(app, 'nodes', { farmIds: [1], distinct: true });
  const net = new Network(app, 'net');
  new Machine(app, 'a', { node: nodes, network: net, sshKeys: [KEY] });
  new Machine(app, 'b', { node: nodes, network: net });
  new Zdb(app, 'db', { node: NodeSelector.fromNodeId(app, 'n7', 7), sizeGb: 2, password: 'topsecret1' });
  return app;
}

describe('App', () => {
  test('defaults and grid-wide settings', () => {
    const app = new App({ projectName: 'my-project', twinId: 5, network: 'dev' });
    expect(app.network).toBe('dev');
    const m = app.synth().manifest;
    expect(m).toMatchObject({
      apiVersion: 'tfgrid-iac/v1',
      project: 'my-project',
      network: 'dev',
      twinId: 5,
      units: [],
    });
    expect(new App({ projectName: 'p' }).network).toBe('local');
  });

  test('invalid props name field, value and fix', () => {
    expectProblem(
      () => new App({ projectName: 'My Project' }),
      '(app)',
      "'projectName'",
      '"My Project"',
      'set projectName',
    );
    expectProblem(
      () => new App({ projectName: 'p', network: 'prod' as never }),
      "'network'",
      '"prod"',
      'local | dev',
    );
    expectProblem(() => new App({ projectName: 'p', twinId: -1 }), "'twinId'", '-1');
    expectProblem(() => new App({ projectName: 'p', tftPriceUsd: 0 }), "'tftPriceUsd'", 'got 0');
    const msg = expectProblem(() => new App({ projectName: 'p', secretSeed: 'short-seed' }), "'secretSeed'");
    expect(msg).not.toContain('short-seed');
  });

  test('synth is deterministic: same program, same bytes', () => {
    const a = manifestToJson(program().synth().manifest);
    const b = manifestToJson(program().synth().manifest);
    expect(a).toBe(b);
    expect(a.endsWith('\n')).toBe(true);
  });

  test('secrets stay out of the manifest and come back apart', () => {
    const { manifest, secrets } = program().synth();
    const json = JSON.stringify(manifest);
    expect(json).not.toContain('topsecret1');
    expect(json).toContain('${secret:db.password}');
    expect(secrets).toEqual({ 'db.password': 'topsecret1' });
    expect(manifest.secrets).toContainEqual({
      name: 'net.nodes.0.wireguard-key',
      kind: 'wireguard-private-key',
      source: 'generate',
    });
  });

  test('a secret seed derives generated secrets reproducibly', () => {
    const seed = 'a-long-enough-seed-value';
    const one = program(seed).synth();
    const two = program(seed).synth();
    expect(one.secrets).toEqual(two.secrets);
    const wg = one.secrets['net.nodes.0.wireguard-key'];
    expect(Buffer.from(wg, 'base64')).toHaveLength(32);
    expect(one.manifest.secrets.find((s) => s.name === 'net.nodes.0.wireguard-key')?.source).toBe('derived');
    expect(program('another-long-seed-value').synth().secrets['net.nodes.0.wireguard-key']).not.toBe(wg);
  });

  test('units: one per slot, sorted, with capacity and cost; total cost sums them', () => {
    const m = program().synth().manifest;
    expect(m.units.map((u) => u.id)).toEqual(['node-7', 'nodes.0', 'nodes.1']);
    const total = m.units.reduce((s, u) => s + ('cost' in u ? u.cost.usdPerMonth : 0), 0);
    expect(m.cost.usdPerMonth).toBeCloseTo(total, 5);
    expect(schemaProblems(m)).toEqual([]);
  });

  test('validate() collects every problem when errors are collected', () => {
    const app = collectingErrors(() => {
      const a = new App({ projectName: 'demo' });
      const node = new NodeSelector(a, 'n', { minCru: -1 });
      new Zdb(a, 'db', { node, sizeGb: -1 });
      new Zdb(a, 'db2', { node, sizeGb: 1, mode: 'fast' as never });
      return a;
    });
    const problems = app.validate();
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toContain("n: node selector 'minCru'");
    expect(problems.join('\n')).toContain(
      "db: zdb 'sizeGb' must be a positive number of GiB, got -1: set sizeGb to 1 or more",
    );
    expect(() => app.synth()).toThrow(ValidationError);
  });

  test('validate() is empty for a valid program', () => {
    expect(program().validate()).toEqual([]);
  });

  test('schema rejects a broken manifest', () => {
    const m = program().synth().manifest as unknown as Record<string, unknown>;
    expect(schemaProblems({ ...m, apiVersion: 'v0' })).not.toEqual([]);
    expect(schemaProblems({ ...m, units: [{ kind: 'deployment', id: 'x' }] }).length).toBeGreaterThan(0);
  });
});
