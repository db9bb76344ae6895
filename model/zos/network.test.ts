import { networkType } from './network';
import { paths, validateIn, wl } from './testing/test-fixtures';

const net = (data: Record<string, unknown> = {}) => [
  wl('net', 'network', {
    ip_range: '10.1.0.0/16',
    subnet: '10.1.2.0/24',
    wireguard_private_key: 'priv=',
    wireguard_listen_port: 5000,
    peers: [],
    ...data,
  }),
];

test('a network with a peer and mycelium is valid', () => {
  const all = net({
    peers: [
      {
        subnet: '10.1.3.0/24',
        wireguard_public_key: 'pub=',
        allowed_ips: ['10.1.3.0/24'],
        endpoint: '1.2.3.4:5000',
      },
    ],
    mycelium: { hex_key: 'ab'.repeat(32), peers: [] },
  });
  expect(validateIn(all, 'net')).toEqual([]);
});

test('reports every network problem with zos messages, without echoing keys', () => {
  const ps = validateIn(
    net({
      ip_range: '',
      subnet: '10.1.2.0/40',
      wireguard_private_key: '',
      wireguard_listen_port: 70000,
      peers: [{ subnet: '', wireguard_public_key: '', allowed_ips: [], endpoint: '' }],
      mycelium: { hex_key: 'abcd', peers: ['tcp://1.2.3.4:9651'] },
    }),
    'net',
  );
  expect(ps.map((p) => p.message)).toEqual(
    expect.arrayContaining([
      'network IP range cannot be empty',
      'invalid CIDR',
      'network resource wireguard private key cannot empty',
      'must be a whole number between 0 and 65535',
      'peer wireguard subnet cannot empty',
      'peer wireguard allowedIPs cannot empty',
      'peer wireguard public key cannot empty',
      'invalid mycelium key length, expected 32',
      'user defined peers list is not supported right now',
    ]),
  );
  expect(ps.find((p) => p.path.endsWith('mycelium.hex_key'))?.value).toBeUndefined();
  expect(paths(ps)).toContain('workloads[net].data.peers[0].allowed_ips');
});

test('network reserves no capacity and is sharable and updatable', () => {
  expect(networkType.capacity(net()[0].data)).toEqual({ cru: 0, mru: 0, sru: 0, hru: 0, ipv4u: 0 });
  expect(networkType.sharable && networkType.updatable).toBe(true);
});

test('challenge prints CIDRs canonically', () => {
  const c = networkType.challenge({
    ip_range: '10.1.0.0/16',
    subnet: '2001:DB8::/64',
    wireguard_private_key: 'k',
    wireguard_listen_port: 1,
    peers: [],
  });
  expect(c).toBe('10.1.0.0/162001:db8::/64k1');
});
