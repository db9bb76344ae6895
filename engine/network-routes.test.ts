import type { DeploymentUnit } from '../constructs/manifest';
import { NetworkRouteError, routeNetworkPeers } from './network-routes';

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
