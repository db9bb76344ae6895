import { GiB, MiB, paths, validateIn, wl } from './testing/test-fixtures';
import { zmachineLightType } from './zmachine-light';

const light = (vm: Record<string, unknown> = {}) => [
  wl('nl', 'network-light', { subnet: '10.1.2.0/24', mycelium: { hex_key: 'ab'.repeat(32), peers: [] } }),
  wl('vm', 'zmachine-light', {
    flist: 'https://hub.grid.tf/a.flist',
    network: {
      interfaces: [{ network: 'nl', ip: '10.1.2.2' }],
      mycelium: { network: 'nl', hex_seed: '010203040506' },
    },
    size: 0,
    compute_capacity: { cpu: 1, memory: GiB },
    mounts: [],
    entrypoint: '',
    env: {},
    corex: false,
    ...vm,
  }),
];

test('a light machine on a network-light is valid', () => {
  expect(validateIn(light(), 'vm')).toEqual([]);
});

test('light machine rules: network-light only, seed length, memory, reserved names', () => {
  const ps = validateIn(
    [
      wl('net', 'network', {
        ip_range: '10.1.0.0/16',
        subnet: '10.1.2.0/24',
        wireguard_private_key: 'k',
        peers: [],
      }),
      ...light({
        network: {
          interfaces: [
            { network: 'net', ip: '10.1.2.2' },
            { network: 'mycelium', ip: '10.1.2.3' },
          ],
          mycelium: { network: 'nl', hex_seed: '0102' },
        },
        compute_capacity: { cpu: 1, memory: 200 * MiB },
      }),
    ],
    'vm',
  );
  expect(ps.map((p) => p.message)).toEqual([
    'only one network private network is supported at the moment',
    "workload 'net' is a 'network', not a 'network-light'",
    "'mycelium' is reserved network name",
    "mem capacity can't be less that 250M",
    'invalid mycelium seed length expected 6 bytes',
  ]);
  expect(paths(ps)[0]).toBe('workloads[vm].data.network.interfaces');
});

test('light machine capacity', () => {
  expect(zmachineLightType.capacity(light()[1].data)).toEqual({
    cru: 1,
    mru: GiB,
    sru: 500 * MiB,
    hru: 0,
    ipv4u: 0,
  });
});
