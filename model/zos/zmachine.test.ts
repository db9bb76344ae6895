import { minRootSize } from './machine-common';
import { GiB, MiB, netAndVm, paths, validateIn, wl } from './testing/test-fixtures';
import { zmachineType } from './zmachine';

const vmData = (w: ReturnType<typeof netAndVm>) => w[1].data as Record<string, unknown>;

describe('zmachine validation', () => {
  test('a machine on a network is valid', () => {
    expect(validateIn(netAndVm(), 'vm')).toEqual([]);
  });

  test('reports every problem at once, with zos messages', () => {
    const all = netAndVm({
      flist: '',
      network: {
        public_ip: '',
        planetary: false,
        interfaces: [
          { network: 'ygg', ip: '10.1.2.300' },
          { network: 'net', ip: '10.1.2.3' },
        ],
        mycelium: { network: 'net', hex_seed: 'aabb' },
      },
      compute_capacity: { cpu: 0, memory: 100 * MiB },
      size: 100 * MiB,
      mounts: [{ name: 'nope', mountpoint: '/x' }],
      gpu: ['bad'],
    });
    const ps = validateIn(all, 'vm');
    expect(ps.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        'flist must be set',
        'only one network private network is supported at the moment',
        'invalid IP',
        "'ygg' is reserved network name",
        "cpu capacity can't be 0",
        "mem capacity can't be less that 250M",
        "disk size can't be less that 524288000. Set to 0 for minimum",
        'invalid mycelium seed length expected 6 bytes',
        "network 'net' has no mycelium configuration",
        "no disk workload named 'nope' in this deployment",
        "invalid GPU id format 'bad'",
      ]),
    );
    expect(paths(ps)).toContain('workloads[vm].data.compute_capacity.memory');
    expect(paths(ps)).toContain('workloads[vm].data.network.interfaces[0].ip');
    for (const p of ps) expect(p.fix.length).toBeGreaterThan(5);
  });

  test('rootfs minimum is 2 GiB once cpu*memory >= 8 GiB', () => {
    expect(minRootSize(1, 4 * GiB)).toBe(500 * MiB);
    expect(minRootSize(2, 4 * GiB)).toBe(2 * GiB);
    const ok = netAndVm({ compute_capacity: { cpu: 1, memory: 4 * GiB }, size: 500 * MiB });
    expect(validateIn(ok, 'vm')).toEqual([]);
    const bad = netAndVm({ compute_capacity: { cpu: 2, memory: 4 * GiB }, size: 1 * GiB });
    expect(validateIn(bad, 'vm').map((p) => p.message)).toEqual([
      "disk size can't be less that 2147483648. Set to 0 for minimum",
    ]);
  });

  test('public ip must name an ip workload used by one machine only', () => {
    const all = netAndVm({
      network: { public_ip: 'pip', planetary: true, interfaces: [{ network: 'net', ip: '10.1.2.2' }] },
    });
    expect(validateIn(all, 'vm').map((p) => p.message)).toEqual(['public ip is not found']);
    const withIp = [...all, wl('pip', 'ip', { v4: true, v6: false })];
    expect(validateIn(withIp, 'vm')).toEqual([]);
    const twoVms = [...withIp, { ...all[1], name: 'vm2' }];
    expect(validateIn(twoVms, 'vm').map((p) => p.message)).toEqual(['public ip is assigned to multiple vms']);
    const wrongType = [...all, wl('pip', 'zmount', { size: GiB })];
    expect(validateIn(wrongType, 'vm').map((p) => p.message)).toEqual([
      "workload of name 'pip' is not a public ip",
    ]);
  });

  test('interface network: in the deployment, shared from another deployment, of the right type', () => {
    const [, vm] = netAndVm();
    expect(validateIn([vm], 'vm').map((p) => p.path)).toEqual([
      'workloads[vm].data.network.interfaces[0].network',
    ]);
    expect(validateIn([vm], 'vm', ['net'])).toEqual([]);
    const light = [
      wl('net', 'network-light', {
        subnet: '10.1.2.0/24',
        mycelium: { hex_key: 'aa'.repeat(32), peers: [] },
      }),
      vm,
    ];
    expect(validateIn(light, 'vm')[0].message).toBe("workload 'net' is a 'network-light', not a 'network'");
  });

  test('mounts accept zmount, volume and qsfs only', () => {
    const all = [
      ...netAndVm({
        mounts: [
          { name: 'd', mountpoint: '/d' },
          { name: 'p', mountpoint: '/p' },
        ],
      }),
      wl('d', 'zmount', { size: GiB }),
      wl('p', 'ip', { v4: true, v6: false }),
    ];
    expect(validateIn(all, 'vm').map((p) => p.path)).toEqual(['workloads[vm].data.mounts[1].name']);
  });

  test('wrong JSON shapes are problems, not crashes', () => {
    const all = netAndVm({
      compute_capacity: { cpu: 1.5, memory: -1 },
      size: '1G',
      env: { A: 1 },
      corex: 'yes',
    });
    expect(paths(validateIn(all, 'vm')).sort()).toEqual(
      [
        'workloads[vm].data.compute_capacity.cpu',
        'workloads[vm].data.compute_capacity.memory',
        'workloads[vm].data.corex',
        'workloads[vm].data.env.A',
        'workloads[vm].data.size',
      ].sort(),
    );
    expect(validateIn([wl('vm', 'zmachine', {})], 'vm').length).toBeGreaterThan(3);
  });
});

test('zmachine capacity: cru = cpu, mru = memory, sru = rootfs (at least the minimum)', () => {
  expect(zmachineType.capacity(vmData(netAndVm()))).toEqual({
    cru: 1,
    mru: 2 * GiB,
    sru: 500 * MiB,
    hru: 0,
    ipv4u: 0,
  });
  expect(
    zmachineType.capacity(
      vmData(netAndVm({ size: 10 * GiB, compute_capacity: { cpu: 4, memory: 8 * GiB } })),
    ),
  ).toEqual({ cru: 4, mru: 8 * GiB, sru: 10 * GiB, hru: 0, ipv4u: 0 });
  expect(zmachineType.capacity(vmData(netAndVm({ compute_capacity: { cpu: 4, memory: 8 * GiB } }))).sru).toBe(
    2 * GiB,
  );
});
