import { displayValue } from './placeholders';
import { GatewayFqdn, GatewayName, Machine, Network, NodeSelector } from './index';
import { deployment, expectProblem, newApp, workload } from './testing/test-util';

describe('GatewayName and GatewayFqdn', () => {
  test('name gateway: workload, name contract unit, network join, machine backend', () => {
    const app = newApp();
    const net = new Network(app, 'net');
    const web = new Machine(app, 'web', { node: NodeSelector.fromNodeId(app, 'c', 1), network: net });
    const gw = new GatewayName(app, 'gw', {
      node: NodeSelector.fromNodeId(app, 'g', 2),
      name: 'myapp',
      network: net,
      backends: [{ machine: web, port: 8080 }, 'http://10.20.2.9'],
    });
    expect(displayValue(gw.fqdnRef)).toBe('${ref:node-2/gw/fqdn}');
    const m = app.synth().manifest;
    expect(workload(m, 'node-2', 'gw')).toEqual({
      name: 'myapp',
      tls_passthrough: false,
      backends: ['http://10.20.2.2:8080', 'http://10.20.2.9'],
      network: 'net',
    });
    expect(deployment(m, 'node-2').workloads.map((w) => w.type)).toEqual(['network', 'gateway-name-proxy']);
    expect(deployment(m, 'node-2').dependsOn).toEqual(['name:myapp']);
    const nc = m.units.find((u) => u.kind === 'name-contract');
    expect(nc).toMatchObject({ id: 'name:myapp', name: 'myapp', constructs: ['gw'] });
    expect(nc && 'cost' in nc && nc.cost.usdPerMonth).toBeGreaterThan(0);
  });

  test('fqdn gateway with tls passthrough', () => {
    const app = newApp();
    new GatewayFqdn(app, 'site', {
      node: NodeSelector.fromNodeId(app, 'g', 2),
      fqdn: 'app.example.com',
      tlsPassthrough: true,
      backends: ['185.69.166.20:443', '[2a02::1]:443'],
    });
    const m = app.synth().manifest;
    expect(workload(m, 'node-2', 'site')).toEqual({
      fqdn: 'app.example.com',
      tls_passthrough: true,
      backends: ['185.69.166.20:443', '[2a02::1]:443'],
    });
    expect(m.units).toHaveLength(1);
  });

  test('invalid props', () => {
    const app = newApp();
    const node = new NodeSelector(app, 'g');
    const other = new Network(app, 'other');
    const vm = new Machine(app, 'vm', { node, network: other });
    expectProblem(
      () => new GatewayName(app, 'a', { node, name: 'My App', backends: ['http://10.0.0.1'] }),
      'a: gateway name',
      "'name'",
      '"My App"',
      'lowercase',
    );
    expectProblem(
      () => new GatewayName(app, 'b', { node, name: 'app', backends: [] }),
      "'backends'",
      'got []',
    );
    expectProblem(
      () => new GatewayName(app, 'c', { node, name: 'app', backends: ['http://127.0.0.1:80'] }),
      "'backends[0]'",
      '"http://127.0.0.1:80"',
      'non-loopback',
    );
    expectProblem(
      () => new GatewayName(app, 'd', { node, name: 'app', backends: ['http://example.com'] }),
      "'backends[0]'",
    );
    expectProblem(
      () =>
        new GatewayName(app, 'e', {
          node,
          name: 'app',
          tlsPassthrough: true,
          backends: ['http://10.0.0.1:443'],
        }),
      "'backends[0]'",
      "'ip:port'",
    );
    expectProblem(
      () => new GatewayName(app, 'f', { node, name: 'app', backends: [{ machine: vm, port: 80 }] }),
      "'backends[0].machine'",
      "set the gateway's network",
    );
    expectProblem(
      () =>
        new GatewayName(app, 'g2', {
          node,
          name: 'app',
          network: other,
          backends: [{ machine: vm, port: 0 }],
        }),
      "'backends[0].port'",
    );
    expectProblem(
      () => new GatewayFqdn(app, 'h', { node, fqdn: 'https://x.com/', backends: ['http://10.0.0.1'] }),
      'h: gateway fqdn',
      "'fqdn'",
      'without scheme',
    );
  });

  test('two gateways with one name give one problem', () => {
    const app = newApp();
    const node = new NodeSelector(app, 'g');
    new GatewayName(app, 'a', { node, name: 'same', backends: ['http://10.0.0.1'] });
    new GatewayName(app, 'b', { node, name: 'same', backends: ['http://10.0.0.1'] });
    expect(app.validate()).toEqual(["b: name-contract 'name:same' is declared twice: keep one"]);
  });
});
