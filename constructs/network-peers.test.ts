import {
  effectiveTopology,
  MESH_MAX_NODES,
  peerLayout,
  type NetworkTopology,
  type PeerNode,
} from './network-peers';
import { covers, WireguardNetwork, type WireguardNode } from './testing/wireguard-reach';

const node = (k: number): PeerNode => ({
  subnet: `10.20.${k + 2}.0/24`,
  wgIp: `100.64.20.${k + 2}/32`,
  publicKey: `key${k}`,
  endpoint: `endpoint${k}`,
});
const access = { subnet: '10.20.1.0/24', wgIp: '100.64.20.1/32', publicKey: 'laptop' };

function network(n: number, topology: NetworkTopology, withAccess = false): WireguardNode[] {
  const nodes = Array.from({ length: n }, (_, k) => node(k));
  const peers = peerLayout(nodes, {
    ipRange: '10.20.0.0/16',
    wgRange: '100.64.20.0/24',
    topology,
    ...(withAccess ? { access } : {}),
  });
  return nodes.map((x, i) => ({ ...x, peers: peers[i] }));
}

const peerCount = (nodes: readonly WireguardNode[]) => nodes.reduce((s, n) => s + n.peers.length, 0);

/** Every node reaches every other node's subnet and wireguard address, in at most `hops` hops. */
function expectAllReachable(nodes: readonly WireguardNode[], hops: number): void {
  const net = new WireguardNetwork(nodes);
  const unreachable: string[] = [];
  let longest = 0;
  nodes.forEach((_, from) =>
    nodes.forEach((to, k) => {
      for (const ip of [to.subnet.replace(/\.0\/24$/, '.7'), to.wgIp.replace(/\/32$/, '')]) {
        const path = net.pathTo(from, ip);
        if (!path || path[path.length - 1] !== k) unreachable.push(`${from} -> ${ip}`);
        else longest = Math.max(longest, path.length - 1);
      }
    }),
  );
  expect(unreachable).toEqual([]);
  expect(longest).toBeLessThanOrEqual(hops);
}

/** zos's rules for a network workload's peers. */
function expectZosRules(nodes: readonly WireguardNode[]): void {
  for (const n of nodes) {
    for (const p of n.peers) {
      // every peer's allowed_ips cover its subnet
      expect(p.allowed_ips.some((a) => covers(a, p.subnet))).toBe(true);
      // the node's own subnet is not a peer
      expect(p.subnet).not.toBe(n.subnet);
    }
    // one peer per public key
    expect(new Set(n.peers.map((p) => p.wireguard_public_key)).size).toBe(n.peers.length);
  }
}

describe('peerLayout', () => {
  it('a 200-node hub has 2·199 peers in all, every subnet reachable in two hops', () => {
    const nodes = network(200, 'hub');
    expect(peerCount(nodes)).toBe(2 * 199);
    expect(Math.max(...nodes.map((n) => n.peers.length))).toBe(199);
    expectAllReachable(nodes, 2);
    expectZosRules(nodes);
  });

  it("'auto' makes a 200-node network a hub, so its peers grow linearly", () => {
    const counts = [50, 100, 200].map((n) => peerCount(network(n, 'auto')));
    expect(counts).toEqual([2 * 49, 2 * 99, 2 * 199]);
  });

  it(`'auto' keeps a mesh up to ${MESH_MAX_NODES} nodes (direct paths), a hub above`, () => {
    expect(effectiveTopology('auto', MESH_MAX_NODES)).toBe('mesh');
    expect(effectiveTopology('auto', MESH_MAX_NODES + 1)).toBe('hub');
    expect(effectiveTopology('mesh', 200)).toBe('mesh');
    expect(effectiveTopology('hub', 2)).toBe('hub');
    const mesh = network(MESH_MAX_NODES, 'auto');
    expect(peerCount(mesh)).toBe(MESH_MAX_NODES * (MESH_MAX_NODES - 1));
    expectAllReachable(mesh, 1);
    expectZosRules(mesh);
  });

  it('the hub is dialled by its spokes (no endpoints); the spokes dial the hub', () => {
    const [hub, ...spokes] = network(5, 'hub');
    expect(hub.peers.map((p) => p.endpoint)).toEqual(['', '', '', '']);
    for (const s of spokes) {
      expect(s.peers).toEqual([
        {
          subnet: '10.20.2.0/24',
          wireguard_public_key: 'key0',
          allowed_ips: ['10.20.0.0/16', '100.64.20.0/24'],
          endpoint: 'endpoint0',
        },
      ]);
    }
  });

  it("the user's wireguard access peer sits on the first node and reaches every node", () => {
    for (const topology of ['mesh', 'hub'] as const) {
      const nodes = network(20, topology, true);
      expect(nodes[0].peers.at(-1)).toMatchObject({ wireguard_public_key: 'laptop', endpoint: '' });
      // the laptop as one more node whose only peer is the first node, as its wg-quick config has it
      const laptop: WireguardNode = {
        ...access,
        peers: [
          {
            subnet: nodes[0].subnet,
            wireguard_public_key: 'key0',
            allowed_ips: ['10.20.0.0/16', '100.64.20.0/24'],
            endpoint: 'endpoint0',
          },
        ],
      };
      const net = new WireguardNetwork([...nodes, laptop]);
      nodes.forEach((n, k) => {
        expect(net.pathTo(nodes.length, n.subnet.replace(/\.0\/24$/, '.9'))?.at(-1)).toBe(k);
        expect(net.pathTo(k, '10.20.1.2')?.at(-1)).toBe(nodes.length);
      });
    }
  });

  it('one node has no peers; none renders nothing', () => {
    expect(network(1, 'hub')[0].peers).toEqual([]);
    expect(network(1, 'mesh')[0].peers).toEqual([]);
    expect(peerLayout([], { ipRange: '10.20.0.0/16', wgRange: '100.64.20.0/24', topology: 'hub' })).toEqual(
      [],
    );
  });
});
