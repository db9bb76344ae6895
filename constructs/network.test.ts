import { Machine, Network, NodeSelector } from './index';
import type { NetworkTopology } from './network-peers';
import { deployment, expectProblem, newApp, workload } from './testing/test-util';

describe('Network', () => {
  test('spans the nodes of its machines; subnets and IPs are assigned in order', () => {
    const app = newApp();
    const net = new Network(app, 'net', { ipRange: '10.30.0.0/16', wireguardAccess: true, mycelium: true });
    const n1 = NodeSelector.fromNodeId(app, 'n1', 1);
    const n2 = NodeSelector.fromNodeId(app, 'n2', 2);
    const a = new Machine(app, 'a', { node: n1, network: net });
    const b = new Machine(app, 'b', { node: n1, network: net });
    const c = new Machine(app, 'c', { node: n2, network: net });
    expect([a.privateIp, b.privateIp, c.privateIp]).toEqual(['10.30.2.2', '10.30.2.3', '10.30.3.2']);
    expect(net.unitIds).toEqual(['node-1', 'node-2']);
    expect(net.subnetOf('node-2')).toBe('10.30.3.0/24');
    const m = app.synth().manifest;
    const first = workload(m, 'node-1', 'net');
    expect(first).toMatchObject({
      ip_range: '10.30.0.0/16',
      subnet: '10.30.2.0/24',
      wireguard_private_key: '${secret:net.node-1.wireguard-key}',
    });
    expect(first.mycelium).toEqual({ hex_key: '${secret:net.node-1.mycelium-key}', peers: [] });
    const peers = first.peers as { subnet: string; endpoint: string; allowed_ips: string[] }[];
    expect(peers.map((p) => p.subnet)).toEqual(['10.30.3.0/24', '10.30.1.0/24']);
    expect(peers[0].endpoint).toBe('${endpoint:node-2/net}');
    const second = workload(m, 'node-2', 'net');
    expect((second.peers as { allowed_ips: string[] }[])[0].allowed_ips).toEqual([
      '10.30.2.0/24',
      '100.64.30.2/32',
      '10.30.1.0/24',
    ]);
    expect(deployment(m, 'node-2').workloads.map((w) => w.type)).toEqual(['network', 'zmachine']);
    expect(m.secrets.map((s) => s.name)).toContain('net.access.wireguard-key');
  });

  test('listen ports are stable and in range', () => {
    const build = (): unknown => {
      const app = newApp();
      const net = new Network(app, 'net');
      new Machine(app, 'a', { node: NodeSelector.fromNodeId(app, 'n', 3), network: net });
      return workload(app.synth().manifest, 'node-3', 'net').wireguard_listen_port;
    };
    const port = build();
    expect(port).toBe(build());
    expect(port).toBeGreaterThanOrEqual(2000);
    expect(port).toBeLessThanOrEqual(9999);
  });

  /** A manifest of `nodes` fixed nodes with one machine each in one network. */
  const spanning = (nodes: number, topology?: NetworkTopology) => {
    const app = newApp();
    const net = new Network(app, 'net', topology ? { topology } : {});
    for (let k = 1; k <= nodes; k++)
      new Machine(app, `vm${k}`, { node: NodeSelector.fromNodeId(app, `n${k}`, k), network: net });
    return app.synth().manifest;
  };
  const peersOf = (m: ReturnType<typeof spanning>, unit: string) =>
    workload(m, unit, 'net').peers as { subnet: string; allowed_ips: string[]; endpoint: string }[];

  test('a network of more than 16 nodes routes through its first node (a hub); up to 16 it is a mesh', () => {
    const hub = spanning(17);
    expect(peersOf(hub, 'node-1').map((p) => p.endpoint)).toEqual(Array(16).fill(''));
    expect(peersOf(hub, 'node-1')[0]).toMatchObject({
      subnet: '10.20.3.0/24',
      allowed_ips: ['10.20.3.0/24', '100.64.20.3/32'],
    });
    expect(peersOf(hub, 'node-17')).toEqual([
      {
        subnet: '10.20.2.0/24',
        wireguard_public_key: '${wgpub:net.node-1.wireguard-key}',
        allowed_ips: ['10.20.0.0/16', '100.64.20.0/24'],
        endpoint: '${endpoint:node-1/net}',
      },
    ]);
    const mesh = spanning(16);
    expect(peersOf(mesh, 'node-16')).toHaveLength(15);
    expect(peersOf(mesh, 'node-16')[0].endpoint).toBe('${endpoint:node-1/net}');
  });

  test("topology 'mesh' and 'hub' hold at any size", () => {
    expect(peersOf(spanning(20, 'mesh'), 'node-20')).toHaveLength(19);
    expect(peersOf(spanning(2, 'hub'), 'node-1')).toEqual([
      expect.objectContaining({ subnet: '10.20.3.0/24', endpoint: '' }),
    ]);
    expect(new Network(newApp(), 'n', { topology: 'hub' }).topology).toBe('hub');
    expect(new Network(newApp(), 'n').topology).toBe('auto');
  });

  test('invalid props', () => {
    const app = newApp();
    expectProblem(
      () => new Network(app, 'a', { ipRange: '10.20.0.0/24' }),
      'a: network',
      "'ipRange'",
      '"10.20.0.0/24"',
      'use 10.x.0.0/16',
    );
    expectProblem(() => new Network(app, 'b', { ipRange: '8.8.0.0/16' }), "'ipRange'", '"8.8.0.0/16"');
    expectProblem(() => new Network(app, 'c', { ipRange: '10.20.5.0/16' }), "'ipRange'");
    expectProblem(() => new Network(app, 'd', { name: 'ygg' }), "'name'", '"ygg"', 'net1');
    expectProblem(() => new Network(app, 'e', { name: 'bad-name' }), "'name'", '"bad-name"');
    expectProblem(() => new Network(app, 'f', { mycelium: 1 as never }), "'mycelium'", 'got 1');
    expectProblem(
      () => new Network(app, 'g', { topology: 'star' as never }),
      "'topology'",
      '"star"',
      "'auto' | 'mesh' | 'hub'",
    );
  });
});
