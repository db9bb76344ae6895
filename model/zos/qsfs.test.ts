import { qsfsType } from './qsfs';
import { GiB, validateIn, wl } from './testing/test-fixtures';

const backend = (n: number) => ({ address: `[2a02::${n}]:9900`, namespace: `ns${n}`, password: 'pw' });
const config = (over: Record<string, unknown> = {}) => ({
  minimal_shards: 2,
  expected_shards: 4,
  redundant_groups: 0,
  redundant_nodes: 0,
  max_zdb_data_dir_size: 32,
  encryption: { algorithm: 'AES', key: 'aa'.repeat(32) },
  meta: {
    type: 'zdb',
    config: { prefix: 'p', encryption: { algorithm: 'AES', key: 'bb'.repeat(32) }, backends: [backend(1)] },
  },
  groups: [{ backends: [backend(2), backend(3), backend(4), backend(5)] }],
  compression: { algorithm: 'snappy' },
  ...over,
});

test('a qsfs is valid', () => {
  expect(validateIn([wl('q', 'qsfs', { cache: GiB, config: config() })], 'q')).toEqual([]);
});

test('minimal shards <= expected shards; keys are 32 bytes of hex and never echoed', () => {
  const ps = validateIn(
    [
      wl('q', 'qsfs', {
        cache: GiB,
        config: config({ minimal_shards: 5, encryption: { algorithm: 'AES', key: 'zz' } }),
      }),
    ],
    'q',
  );
  expect(ps.map((p) => [p.path, p.message])).toEqual([
    ['workloads[q].data.config.minimal_shards', "minimal shards can't be greater than expected shards"],
    ['workloads[q].data.config.encryption.key', 'must be hex (an even number of 0-9a-f characters)'],
  ]);
  const short = validateIn(
    [wl('q', 'qsfs', { cache: GiB, config: config({ encryption: { algorithm: 'AES', key: 'abcd' } }) })],
    'q',
  );
  expect(short.map((p) => p.message)).toEqual(['crypto/aes: invalid key size 2']);
  expect(JSON.stringify(short)).not.toContain('abcd');
  expect(validateIn([wl('q', 'qsfs', { cache: GiB })], 'q')[0].message).toBe('config must be set');
});

test('qsfs capacity: 1 core, 1 GiB memory, cache on sru', () => {
  expect(qsfsType.capacity({ cache: 3 * GiB, config: config() as never })).toEqual({
    cru: 1,
    mru: GiB,
    sru: 3 * GiB,
    hru: 0,
    ipv4u: 0,
  });
});
