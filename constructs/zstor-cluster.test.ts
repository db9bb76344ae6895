import type { QsfsConfig } from '../model/zos/types';
import { NodeSelector, renderZstorConfig, ValidationError, zstorConfigProblems, ZstorCluster } from './index';
import { deployment, expectProblem, newApp, workload } from './testing/test-util';

const backend = (i: number, port = 9900) => ({
  address: `[2a02::${i}]:${port}`,
  namespace: `ns${i}`,
  password: 'pw',
});

function config(over: Partial<QsfsConfig> = {}): QsfsConfig {
  const key = '01'.repeat(32);
  return {
    minimal_shards: 2,
    expected_shards: 3,
    redundant_groups: 0,
    redundant_nodes: 0,
    max_zdb_data_dir_size: 32,
    encryption: { algorithm: 'AES', key },
    meta: {
      type: 'zdb',
      config: {
        prefix: 'pre',
        encryption: { algorithm: 'AES', key },
        backends: [1, 2, 3, 4].map((i) => backend(i)),
      },
    },
    groups: [{ backends: [5, 6, 7].map((i) => backend(i)) }],
    compression: { algorithm: 'snappy' },
    ...over,
  };
}

describe('ZstorCluster', () => {
  test('overhead and failures: k=16, n=20 -> 1.25x and 4 losses', () => {
    const app = newApp();
    const c = new ZstorCluster(app, 'z', {
      nodes: new NodeSelector(app, 's'),
      dataShards: 16,
      parityShards: 4,
      zdbSizeGb: 10,
    });
    expect(c.expectedShards).toBe(20);
    expect(c.overhead).toBe(1.25);
    expect(c.survivesNodeFailures).toBe(4);
    expect(c.usableGb).toBe(160);
    const small = new ZstorCluster(app, 'y', {
      nodes: new NodeSelector(app, 't'),
      dataShards: 10,
      parityShards: 5,
      zdbSizeGb: 1,
    });
    expect([small.overhead, small.survivesNodeFailures]).toEqual([1.5, 5]);
  });

  test('data zdbs in seq mode on distinct nodes, exactly 4 user-mode meta zdbs', () => {
    const app = newApp();
    new ZstorCluster(app, 'z', {
      nodes: new NodeSelector(app, 's', { minHruGb: 5 }),
      dataShards: 3,
      parityShards: 2,
      zdbSizeGb: 5,
      spreadAcrossFarms: true,
    });
    const m = app.synth().manifest;
    const units = m.units.filter((u) => u.kind === 'deployment');
    expect(units.map((u) => u.id)).toEqual(['s.0', 's.1', 's.2', 's.3', 's.4']);
    expect(workload(m, 's.2', 'z_data2')).toMatchObject({
      mode: 'seq',
      size: 5 * 1024 ** 3,
      password: '${secret:z.data2.password}',
    });
    const metas = units.flatMap((u) =>
      u.kind === 'deployment' ? u.workloads.filter((w) => w.name.startsWith('z_meta')) : [],
    );
    expect(metas).toHaveLength(4);
    expect(metas.every((w) => w.data.mode === 'user')).toBe(true);
    expect(deployment(m, 's.4').selector).toMatchObject({
      distinctNodeFrom: ['s.0', 's.1', 's.2', 's.3'],
      distinctFarmFrom: ['s.0', 's.1', 's.2', 's.3'],
    });
    expect(m.secrets.filter((s) => s.kind === 'password' && s.source === 'generate')).toHaveLength(9);
  });

  test('a list of selectors: one node each, all kept apart', () => {
    const app = newApp();
    const nodes = [1, 2, 3].map((n) => NodeSelector.fromNodeId(app, `n${n}`, n));
    new ZstorCluster(app, 'z', { nodes, dataShards: 2, parityShards: 1, zdbSizeGb: 1 });
    const m = app.synth().manifest;
    expect(deployment(m, 'node-1').selector.distinctNodeFrom).toEqual(['node-2', 'node-3']);
    // n=3 < 4: meta zdbs wrap around the nodes
    expect(deployment(m, 'node-1').workloads.map((w) => w.name)).toEqual(['z_data0', 'z_meta0', 'z_meta3']);
  });

  test('renders the zstor TOML config', () => {
    const toml = renderZstorConfig(config(), {
      socket: '/tmp/zstor.sock',
      zdb_data_dir_path: '/data/zdbfs-data',
    });
    const b = (i: number) => `address = "[2a02::${i}]:9900"\nnamespace = "ns${i}"\npassword = "pw"`;
    const key = '01'.repeat(32);
    expect(toml).toBe(
      [
        'minimal_shards = 2\nexpected_shards = 3\nredundant_groups = 0\nredundant_nodes = 0\nsocket = "/tmp/zstor.sock"\nzdb_data_dir_path = "/data/zdbfs-data"\nmax_zdb_data_dir_size = 32',
        `[encryption]\nalgorithm = "AES"\nkey = "${key}"`,
        '[compression]\nalgorithm = "snappy"',
        '[meta]\ntype = "zdb"',
        '[meta.config]\nprefix = "pre"',
        `[meta.config.encryption]\nalgorithm = "AES"\nkey = "${key}"`,
        ...[1, 2, 3, 4].map((i) => `[[meta.config.backends]]\n${b(i)}`),
        `[[groups]]\n[[groups.backends]]\n${b(5)}`,
        ...[6, 7].map((i) => `[[groups.backends]]\n${b(i)}`),
      ].join('\n\n') + '\n',
    );
  });

  test('the cluster renders its own config with placeholders', () => {
    const app = newApp();
    const c = new ZstorCluster(app, 'z', {
      nodes: new NodeSelector(app, 's'),
      dataShards: 2,
      parityShards: 2,
      zdbSizeGb: 1,
    });
    const toml = c.renderConfig(64);
    expect(toml).toContain('address = "${ref:s.0/z_data0/address}"');
    expect(toml).toContain('key = "${secret:z.encryption-key}"');
    expect(toml.match(/\[\[meta\.config\.backends\]\]/g)).toHaveLength(4);
    expect(toml.match(/\[\[groups\.backends\]\]/g)).toHaveLength(4);
  });

  test('config rules: 4 meta backends, enough data backends, IP literals, hex key', () => {
    expect(zstorConfigProblems(config())).toEqual([]);
    const meta3 = config();
    meta3.meta.config.backends.pop();
    expect(zstorConfigProblems(meta3).join()).toContain('exactly 4 backends, got 3');
    expect(zstorConfigProblems(config({ expected_shards: 4, minimal_shards: 2 })).join()).toContain(
      '3 data backends for expected_shards 4',
    );
    expect(
      zstorConfigProblems(
        config({
          groups: [
            {
              backends: [
                { address: 'zdb.example.com:9900', namespace: 'n', password: '' },
                backend(6),
                backend(7),
              ],
            },
          ],
        }),
      ).join(),
    ).toContain('not a host name');
    const bad = zstorConfigProblems(config({ encryption: { algorithm: 'AES', key: 'secretvalue' } })).join();
    expect(bad).toContain('64 lowercase hex');
    expect(bad).not.toContain('secretvalue');
    expect(() => renderZstorConfig(meta3)).toThrow(ValidationError);
  });

  test('invalid props', () => {
    const app = newApp();
    const s = new NodeSelector(app, 's');
    expectProblem(
      () => new ZstorCluster(app, 'a', { nodes: s, dataShards: 0, parityShards: 1, zdbSizeGb: 1 }),
      'a: zstor cluster',
      "'dataShards'",
      'got 0',
    );
    expectProblem(
      () => new ZstorCluster(app, 'b', { nodes: s, dataShards: 2, parityShards: -1, zdbSizeGb: 1 }),
      "'parityShards'",
      '-1',
    );
    expectProblem(
      () => new ZstorCluster(app, 'c', { nodes: s, dataShards: 2, parityShards: 1, zdbSizeGb: 0 }),
      "'zdbSizeGb'",
      'got 0',
    );
    expectProblem(
      () =>
        new ZstorCluster(app, 'd', {
          nodes: s,
          dataShards: 2,
          parityShards: 1,
          zdbSizeGb: 1,
          redundantNodes: 2,
        }),
      "'redundantNodes'",
      'got 2',
    );
    const msg = expectProblem(
      () =>
        new ZstorCluster(app, 'e', {
          nodes: s,
          dataShards: 2,
          parityShards: 1,
          zdbSizeGb: 1,
          encryptionKey: 'abc',
        }),
      "'encryptionKey'",
      'openssl rand -hex 32',
    );
    expect(msg).not.toContain('abc');
    expectProblem(
      () =>
        new ZstorCluster(app, 'f', {
          nodes: NodeSelector.fromNodeId(app, 'one', 1),
          dataShards: 2,
          parityShards: 1,
          zdbSizeGb: 1,
        }),
      "'nodes'",
      '"one"',
      'list of 3 selectors',
    );
    expectProblem(
      () => new ZstorCluster(app, 'g', { nodes: [s, s], dataShards: 2, parityShards: 1, zdbSizeGb: 1 }),
      "'nodes'",
      '2 selectors',
      'give 3 node selectors',
    );
    const twin = [NodeSelector.fromNodeId(app, 'x', 5), NodeSelector.fromNodeId(app, 'y', 5)];
    expectProblem(
      () => new ZstorCluster(app, 'h', { nodes: twin, dataShards: 1, parityShards: 1, zdbSizeGb: 1 }),
      "'nodes[1]'",
      "both are 'node-5'",
    );
  });
});
