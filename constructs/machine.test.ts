import { Disk, Flist, Machine, Network, NodeSelector, PublicIp } from './index';
import { deployment, expectProblem, KEY, newApp, workload } from './testing/test-util';

function setup() {
  const app = newApp();
  const node = NodeSelector.fromNodeId(app, 'n', 4);
  const net = new Network(app, 'net', { mycelium: true });
  return { app, node, net };
}

describe('Machine, Disk, PublicIp', () => {
  test('renders the zmachine with disks, public ip, mycelium, gpu and zlogs in one unit', () => {
    const { app, node, net } = setup();
    const vm = new Machine(app, 'vm', {
      node: NodeSelector.fromNodeId(app, 'gpu', 4),
      network: net,
      flist: Flist.fromUrl('https://hub.grid.tf/me/app.flist', { md5: 'a'.repeat(32), entrypoint: '/start' }),
      cpu: 2,
      memoryMb: 1024,
      rootfsGb: 5,
      env: { B: '2', A: '1' },
      sshKeys: [KEY],
      disks: [{ id: 'data', sizeGb: 10, mountpoint: '/data' }],
      publicIpv4: true,
      planetary: true,
      mycelium: true,
      myceliumSeed: 'AABBCCDDEEFF',
      gpu: ['0000:28:00.0/1002/731f'],
      zlogs: ['redis://10.0.0.1:6379'],
      corex: true,
    });
    new Disk(app, 'extra', { machine: vm, sizeGb: 1, mountpoint: '/extra' });
    void node;
    const m = app.synth().manifest;
    const u = deployment(m, 'node-4');
    expect(u.workloads.map((w) => `${w.type}:${w.name}`)).toEqual([
      'network:net',
      'ip:vm_PublicIp',
      'zmount:extra',
      'zmount:vm_data',
      'zmachine:vm',
      'zlogs:vm_log0',
    ]);
    expect(workload(m, 'node-4', 'vm')).toEqual({
      flist: 'https://hub.grid.tf/me/app.flist',
      network: {
        public_ip: 'vm_PublicIp',
        planetary: true,
        interfaces: [{ network: 'net', ip: '10.20.2.2' }],
        mycelium: { network: 'net', hex_seed: 'aabbccddeeff' },
      },
      size: 5 * 1024 ** 3,
      compute_capacity: { cpu: 2, memory: 1024 ** 3 },
      mounts: [
        { name: 'vm_data', mountpoint: '/data' },
        { name: 'extra', mountpoint: '/extra' },
      ],
      entrypoint: '/start',
      env: { A: '1', B: '2', SSH_KEY: KEY },
      corex: true,
      gpu: ['0000:28:00.0/1002/731f'],
    });
    expect(workload(m, 'node-4', 'vm_log0')).toEqual({ zmachine: 'vm', output: 'redis://10.0.0.1:6379' });
    expect(u.publicIps).toBe(1);
    expect(u.capacity).toEqual({ cru: 2, mru: 1024 ** 3, sru: 16 * 1024 ** 3, hru: 0, ipv4u: 1 });
    expect(u.cost.usdPerMonth).toBeGreaterThan(0);
  });

  test('defaults: ubuntu, 1 cpu, 2 GiB, 2 GiB rootfs, flist entrypoint', () => {
    const { app, node, net } = setup();
    const vm = new Machine(app, 'vm', { node, network: net });
    expect([vm.cpu, vm.memoryMb, vm.rootfsGb, vm.flist.url]).toEqual([1, 2048, 2, Flist.ubuntu22().url]);
    expect(workload(app.synth().manifest, 'node-4', 'vm').entrypoint).toBe('/init.sh');
  });

  test('a PublicIp construct is attached to one machine only', () => {
    const { app, node, net } = setup();
    const ip = new PublicIp(app, 'ip', { v6: true, v4: false });
    new Machine(app, 'a', { node, network: net, publicIp: ip });
    expectProblem(
      () => new Machine(app, 'b', { node, network: net, publicIp: ip }),
      'b:',
      'already used by a',
    );
    const m = app.synth().manifest;
    expect(workload(m, 'node-4', 'ip')).toEqual({ v4: false, v6: true });
    expect(deployment(m, 'node-4').publicIps).toBe(0);
  });

  test('a PublicIp without node or machine is reported by validate()', () => {
    const app = newApp();
    new PublicIp(app, 'lonely');
    expect(app.validate()).toEqual([
      "lonely: public ip 'node' is not set: set 'node' or give it to a machine ('publicIp')",
    ]);
  });

  test('invalid machine props', () => {
    const { app, node, net } = setup();
    const plain = new Network(app, 'plain');
    const mk = (id: string, extra: object) => () => new Machine(app, id, { node, network: net, ...extra });
    expectProblem(mk('a', { cpu: 0 }), 'a: machine', "'cpu'", 'got 0', 'set cpu');
    expectProblem(mk('b', { memoryMb: 100 }), "'memoryMb'", '100', 'set memoryMb to 250 or more');
    expectProblem(mk('c', { rootfsGb: 0.2 }), "'rootfsGb'", '0.2', 'set rootfsGb to 0.5 or more');
    expectProblem(mk('d', { cpu: 4, memoryMb: 4096, rootfsGb: 1 }), "'rootfsGb'", 'at least 2 GiB');
    expectProblem(
      mk('e', { flist: Flist.fromUrl('ftp://x/y.tar') }),
      "'flist'",
      '"ftp://x/y.tar"',
      'Flist.fromUrl',
    );
    expectProblem(
      mk('f', { flist: Flist.fromUrl('https://h/x.flist', { md5: 'xyz' }) }),
      "'flist.md5'",
      '"xyz"',
    );
    expectProblem(mk('g', { env: { '1BAD': 'x' } }), "'env'", '"1BAD"', 'rename');
    expectProblem(mk('h', { sshKeys: ['not a key'] }), "'sshKeys[0]'", '"not a key"', '~/.ssh');
    expectProblem(mk('i', { sshKeys: [KEY], env: { SSH_KEY: 'x' } }), "'env.SSH_KEY'");
    expectProblem(
      () => new Machine(app, 'j', { node, network: plain, mycelium: true }),
      "'mycelium'",
      'set mycelium: true on the network',
    );
    expectProblem(mk('k', { myceliumSeed: 'zz' }), "'myceliumSeed'", '"zz"');
    expectProblem(mk('l', { gpu: ['gpu0'] }), "'gpu[0]'", '"gpu0"');
    expectProblem(
      () =>
        new Machine(app, 'm', {
          node: new NodeSelector(app, 'any'),
          network: net,
          gpu: ['0000:28:00.0/1002/731f'],
        }),
      "'gpu'",
      'hasGpu',
    );
    expectProblem(mk('n2', { zlogs: ['http://x'] }), "'zlogs[0]'", '"http://x"');
    expectProblem(mk('o', { name: 'has-dash' }), "'name'", '"has-dash"');
    expectProblem(
      mk('p', { disks: [{ sizeGb: 1, mountpoint: '/' }] }),
      'p/disk0: disk',
      "'mountpoint'",
      '"/"',
    );
    expectProblem(
      mk('q', {
        disks: [
          { sizeGb: 1, mountpoint: '/d' },
          { sizeGb: 1, mountpoint: '/d' },
        ],
      }),
      'q/disk1',
      'unique',
    );
    expectProblem(
      mk('r', { disks: [{ sizeGb: 0, mountpoint: '/d' }] }),
      'r/disk0',
      "'sizeGb'",
      'got 0',
      'set sizeGb to 1 or more',
    );
    expectProblem(() => new PublicIp(app, 'ip0', { v4: false }), 'ip0: public ip', "'v4'", 'got false');
  });

  test('two machines with the same workload name on one node are reported', () => {
    const { app, node, net } = setup();
    new Machine(app, 'a', { node, network: net, name: 'same' });
    new Machine(app, 'b', { node, network: net, name: 'same' });
    expect(app.validate()).toEqual([
      "b: workload name 'same' is already used by a in deployment unit 'node-4': give the construct another id or name",
    ]);
  });
});
