import { GiB, validateIn, wl } from './testing/test-fixtures';
import { volumeType } from './volume';

test('volume size must be > 0; capacity is sru', () => {
  expect(validateIn([wl('v', 'volume', { size: GiB })], 'v')).toEqual([]);
  expect(validateIn([wl('v', 'volume', { size: 0 })], 'v').map((p) => p.message)).toEqual(['invalid size']);
  expect(validateIn([wl('v', 'volume', {})], 'v')[0].path).toBe('workloads[v].data.size');
  expect(volumeType.capacity({ size: 3 * GiB }).sru).toBe(3 * GiB);
});
