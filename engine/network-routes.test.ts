import { App, Machine, Network, NodeSelector } from '../constructs';
import type { DeploymentUnit } from '../constructs/manifest';
import type { NetworkTopology, WireguardPeerSpec } from '../constructs/network-peers';
import { WireguardNetwork } from '../constructs/testing/wireguard-reach';
import { needsPublicAddress, NetworkRouteError, routeNetworkPeers } from './network-routes';

const peer = (unit: string, n: number) => ({
  subnet: `10.20.${n}.0/24`,
  wireguard_public_key: `\${wgpub:net.${unit}}`,
  allowed_ips: [`10.20.${n}.0/24`, `100.64.20.${n}/32`],
  endpoint: `\${endpoint:${unit}/net}`,
});
const user = {
  subnet: '10.20.1.0/24',
  wireguard_public_key: 'k',
  allowed_ips: ['10.20.1.0/24'],
  endpoint: '',
};

/** Unit `id` of a 4-unit mesh (a, b, c, d on subnets 2..5). */
function unit(id: string, extraPeers: object[] = []): DeploymentUnit {
  const all = ['a', 'b', 'c', 'd'];
  return {
    kind: 'deployment',
    id,
    selector: { selector: 's', index: 0, distinctNodeFrom: [], distinctFarmFrom: [] },
    constructs: [],
    workloads: [
      {
        version: 0,
        name: 'net',
        type: 'network',
        metadata: '',
        description: '',
        data: {
          peers: [...all.filter((u) => u !== id).map((u) => peer(u, all.indexOf(u) + 2)), ...extraPeers],
        },
      },
    ],
    publicIps: 0,
    capacity: { cru: 0, mru: 0, sru: 0, hru: 0, ipv4u: 0 },
    cost: { usdPerMonth: 0, tftPerMonth: 0 },
    dependsOn: [],
  };
}
const peersOf = (u: DeploymentUnit) =>
  u.workloads[0].data.peers as { endpoint: string; allowed_ips: string[] }[];
const ends = (u: DeploymentUnit) => peersOf(u).map((p) => p.endpoint);

describe('routeNetworkPeers', () => {
  // b and d are public: b is the access node (smallest public id)
  const isPublic = (u: string) => u === 'b' || u === 'd';

  it('leaves an all-public mesh as it is', () => {
    const u = unit('a');
    expect(routeNetworkPeers(u, () => true)).toBe(u);
  });
  it('keeps the full mesh on the access node', () => {
    expect(ends(routeNetworkPeers(unit('b'), isPublic))).toEqual([
      '${endpoint:a/net}',
      '${endpoint:c/net}',
      '${endpoint:d/net}',
    ]);
  });
  it('gives a hidden unit only the access node, carrying the routes to everyone else', () => {
    const routed = routeNetworkPeers(unit('a'), isPublic);
    expect(ends(routed)).toEqual(['${endpoint:b/net}']);
    expect(peersOf(routed)[0].allowed_ips).toEqual([
      '10.20.3.0/24',
      '100.64.20.3/32',
      '10.20.4.0/24',
      '100.64.20.4/32',
      '10.20.5.0/24',
      '100.64.20.5/32',
    ]);
  });
  it('lets public units talk directly and reach hidden ones through the access node', () => {
    const routed = routeNetworkPeers(unit('d'), isPublic);
    expect(ends(routed)).toEqual(['${endpoint:b/net}']);
    const viaB = peersOf(routed)[0].allowed_ips;
    expect(viaB).toEqual(expect.arrayContaining(['10.20.2.0/24', '10.20.4.0/24']));
  });
  it('refuses a network where no node can be dialled, and a hidden wireguard access node', () => {
    expect(() => routeNetworkPeers(unit('a'), () => false)).toThrow(
      /none of its nodes \(units a, b, c, d\) has a public address/,
    );
    expect(() => routeNetworkPeers(unit('a', [user]), isPublic)).toThrow(NetworkRouteError);
    expect(ends(routeNetworkPeers(unit('b', [user]), isPublic))).toContain('');
  });
});

describe('routed networks from synth, with hidden nodes', () => {
  /** Units node-1..node-n, one machine each, in one network. */
  function units(n: number, topology: NetworkTopology): DeploymentUnit[] {
    const app = new App({ projectName: 'routes' });
    const net = new Network(app, 'net', { topology });
    for (let k = 1; k <= n; k++)
      new Machine(app, `vm${k}`, { node: NodeSelector.fromNodeId(app, `n${k}`, k), network: net });
    return app.synth().manifest.units.filter((u): u is DeploymentUnit => u.kind === 'deployment');
  }
  const dataOf = (u: DeploymentUnit) =>
    u.workloads.find((w) => w.type === 'network')!.data as { subnet: string; peers: WireguardPeerSpec[] };
  /** The units as wireguard sees them once endpoints resolve ('' for a node without public address). */
  function resolved(us: DeploymentUnit[], isPublic: (u: string) => boolean) {
    return us.map((u) => {
      const { subnet, peers } = dataOf(u);
      return {
        subnet,
        wgIp: `100.64.20.${subnet.split('.')[2]}/32`,
        publicKey: `\${wgpub:net.${u.id}.wireguard-key}`,
        peers: peers.map((p) => {
          const to = /^\$\{endpoint:([^/]+)\//.exec(p.endpoint)?.[1];
          return { ...p, endpoint: to === undefined ? p.endpoint : isPublic(to) ? `${to}:port` : '' };
        }),
      };
    });
  }
  /** Every tunnel can come up: one side of each pair of peers can dial the other. */
  function expectDialable(nodes: ReturnType<typeof resolved>): void {
    const byKey = new Map(nodes.map((n) => [n.publicKey, n]));
    const deaf: string[] = [];
    for (const n of nodes)
      for (const p of n.peers) {
        const back = byKey
          .get(p.wireguard_public_key)
          ?.peers.find((q) => q.wireguard_public_key === n.publicKey);
        if (p.endpoint === '' && (back?.endpoint ?? '') === '') deaf.push(`${n.subnet} - ${p.subnet}`);
      }
    expect(deaf).toEqual([]);
  }
  function expectReachable(nodes: ReturnType<typeof resolved>): void {
    expectDialable(nodes);
    const net = new WireguardNetwork(nodes);
    const lost: string[] = [];
    nodes.forEach((_, from) =>
      nodes.forEach((to, k) => {
        if (net.pathTo(from, to.subnet.replace(/\.0\/24$/, '.5'))?.at(-1) !== k) lost.push(`${from}->${k}`);
      }),
    );
    expect(lost).toEqual([]);
  }
  // odd nodes have a public address, even ones are hidden (as on the dev grid)
  const isPublic = (u: string) => Number(u.replace('node-', '')) % 2 === 1;

  it('leaves a hub as synth made it: the public hub is dialled by every spoke, hidden or not', () => {
    const hub = units(20, 'auto');
    expect(hub.filter(needsPublicAddress).map((u) => u.id)).toEqual(['node-1']);
    for (const u of hub) expect(routeNetworkPeers(u, isPublic)).toBe(u);
    const nodes = resolved(hub, isPublic);
    // hidden nodes are never an endpoint
    expect(nodes.flatMap((n) => n.peers.map((p) => p.endpoint)).filter((e) => e !== '')).toEqual(
      Array(19).fill('node-1:port'),
    );
    expectReachable(nodes);
  });

  it('refuses a hub on a node without public address, naming the unit', () => {
    const hub = units(20, 'hub');
    expect(() => routeNetworkPeers(hub[0], (u) => u !== 'node-1')).toThrow(
      /network 'net': unit 'node-1' is dialled by its peers .* no public address: place that unit on a node with a public config/,
    );
  });

  it('routes a mesh with hidden nodes through its access node, every subnet still reachable', () => {
    const mesh = units(6, 'mesh').map((u) => routeNetworkPeers(u, isPublic));
    expectReachable(resolved(mesh, isPublic));
    // without routing, two hidden nodes would list each other with no endpoint on either side
    expect(() => expectDialable(resolved(units(6, 'mesh'), isPublic))).toThrow();
  });
});
