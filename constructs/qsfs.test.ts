import { Machine, Network, NodeSelector, Qsfs, ZstorCluster } from './index';
import { deployment, expectProblem, newApp, workload } from './testing/test-util';

function setup() {
  const app = newApp();
  const vm = new Machine(app, 'vm', {
    node: NodeSelector.fromNodeId(app, 'c', 1),
    network: new Network(app, 'net'),
  });
  return { app, vm };
}

const meta = [1, 2, 3, 4].map((i) => ({ address: `10.0.0.${i}:9900`, namespace: `m${i}`, password: 'pw' }));
const data = [5, 6, 7].map((i) => ({ address: `[2a02::${i}]:9900`, namespace: `d${i}` }));

describe('Qsfs', () => {
  test('on a zstor cluster: qsfs workload in the machine unit, mounted, with references to the zdbs', () => {
    const { app, vm } = setup();
    const zstor = new ZstorCluster(app, 'z', {
      nodes: new NodeSelector(app, 's'),
      dataShards: 2,
      parityShards: 1,
      zdbSizeGb: 1,
      encryptionKey: 'AB'.repeat(32),
    });
    new Qsfs(app, 'fs', { machine: vm, mountpoint: '/qsfs', cacheGb: 2, zstor });
    const { manifest, secrets } = app.synth();
    const q = workload(manifest, 'node-1', 'fs') as { cache: number; config: Record<string, unknown> };
    expect(q.cache).toBe(2 * 1024 ** 3);
    expect(q.config).toMatchObject({
      minimal_shards: 2,
      expected_shards: 3,
      redundant_groups: 0,
      redundant_nodes: 0,
      max_zdb_data_dir_size: 2048,
      encryption: { algorithm: 'AES', key: '${secret:z.encryption-key}' },
      compression: { algorithm: 'snappy' },
    });
    expect(Object.keys(q.config)).toEqual([
      'minimal_shards',
      'expected_shards',
      'redundant_groups',
      'redundant_nodes',
      'max_zdb_data_dir_size',
      'encryption',
      'meta',
      'groups',
      'compression',
    ]);
    expect(workload(manifest, 'node-1', 'vm').mounts as unknown[]).toEqual([
      { name: 'fs', mountpoint: '/qsfs' },
    ]);
    const unit = deployment(manifest, 'node-1');
    expect(unit.dependsOn).toEqual(['s.0', 's.1', 's.2']);
    expect(unit.capacity).toMatchObject({ cru: 2, mru: 2 * 1024 ** 3 + 1024 ** 3 });
    expect(manifest.references).toContainEqual({
      from: { unit: 'node-1', workload: 'fs', path: 'data.config.groups.0.backends.2.address' },
      to: { unit: 's.2', workload: 'z_data2', field: 'address' },
    });
    expect(manifest.references.filter((r) => r.from.workload === 'fs')).toHaveLength(14);
    expect(secrets['z.encryption-key']).toBe('ab'.repeat(32));
    expect(JSON.stringify(manifest)).not.toContain('ab'.repeat(32));
  });

  test('with backends given by hand and its own key', () => {
    const { app, vm } = setup();
    new Qsfs(app, 'fs', {
      machine: vm,
      mountpoint: '/q',
      cacheGb: 1,
      backends: { minimalShards: 2, expectedShards: 3, meta, groups: [data] },
      encryptionKey: 'cd'.repeat(32),
      maxZdbDataDirSizeMb: 64,
    });
    const { manifest, secrets } = app.synth();
    const cfg = (
      workload(manifest, 'node-1', 'fs') as {
        config: {
          meta: { config: { backends: unknown[] } };
          groups: { backends: unknown[] }[];
          max_zdb_data_dir_size: number;
        };
      }
    ).config;
    expect(cfg.meta.config.backends[0]).toEqual({
      address: '10.0.0.1:9900',
      namespace: 'm1',
      password: '${secret:fs.meta0.password}',
    });
    expect(cfg.groups[0].backends[2]).toEqual({ address: '[2a02::7]:9900', namespace: 'd7', password: '' });
    expect(cfg.max_zdb_data_dir_size).toBe(64);
    expect(secrets['fs.encryption-key']).toBe('cd'.repeat(32));
    expect(manifest.references).toEqual([]);
  });

  test('a bad hand-written backend address is caught at construction, not as a mount timeout', () => {
    const { app, vm } = setup();
    expectProblem(
      () =>
        new Qsfs(app, 'fs', {
          machine: vm,
          mountpoint: '/q',
          cacheGb: 1,
          backends: {
            minimalShards: 2,
            expectedShards: 3,
            meta,
            groups: [[...data.slice(0, 2), { address: 'zdb.local:9900', namespace: 'x' }]],
          },
        }),
      "fs: qsfs 'backends.groups[0][2].address' must be an IP literal with port",
      'got "zdb.local:9900"',
    );
  });

  test('invalid props', () => {
    const { app, vm } = setup();
    const zstor = new ZstorCluster(app, 'z', {
      nodes: new NodeSelector(app, 's'),
      dataShards: 1,
      parityShards: 0,
      zdbSizeGb: 1,
    });
    expectProblem(
      () => new Qsfs(app, 'a', { machine: vm, mountpoint: '/a', cacheGb: 0, zstor }),
      'a: qsfs',
      "'cacheGb'",
      'got 0',
    );
    expectProblem(
      () => new Qsfs(app, 'b', { machine: vm, mountpoint: '/b', cacheGb: 1 }),
      "'zstor'",
      'pass a ZstorCluster',
    );
    expectProblem(
      () => new Qsfs(app, 'c2', { machine: vm, mountpoint: 'rel', cacheGb: 1, zstor }),
      "'mountpoint'",
      '"rel"',
    );
    const msg = expectProblem(
      () => new Qsfs(app, 'd', { machine: vm, mountpoint: '/d', cacheGb: 1, zstor, encryptionKey: 'nothex' }),
      "'encryptionKey'",
    );
    expect(msg).not.toContain('nothex');
    expectProblem(
      () =>
        new Qsfs(app, 'e', {
          machine: vm,
          mountpoint: '/e',
          cacheGb: 1,
          zstor,
          compression: 'zstd' as never,
        }),
      "'compression'",
      '"zstd"',
    );
    expectProblem(
      () =>
        new Qsfs(app, 'f', {
          machine: vm,
          mountpoint: '/f',
          cacheGb: 1,
          backends: { minimalShards: 2, expectedShards: 3, meta: meta.slice(0, 3), groups: [data] },
        }),
      "'backends.meta'",
      'exactly 4',
    );
    expectProblem(
      () =>
        new Qsfs(app, 'g', {
          machine: vm,
          mountpoint: '/g',
          cacheGb: 1,
          backends: { minimalShards: 2, expectedShards: 4, meta, groups: [data] },
        }),
      "'backends.groups'",
      '3 backends',
    );
  });
});
