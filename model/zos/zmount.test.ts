import { GiB, validateIn, wl } from './testing/test-fixtures';
import { zmountType } from './zmount';

test('zmount size must be > 0', () => {
  expect(validateIn([wl('d', 'zmount', { size: GiB })], 'd')).toEqual([]);
  expect(validateIn([wl('d', 'zmount', { size: 0 })], 'd').map((p) => p.message)).toEqual(['invalid size']);
  expect(validateIn([wl('d', 'zmount', { size: -5 })], 'd')[0].path).toBe('workloads[d].data.size');
});

test('zmount capacity is sru and it may grow but not shrink', () => {
  expect(zmountType.capacity({ size: GiB })).toEqual({ cru: 0, mru: 0, sru: GiB, hru: 0, ipv4u: 0 });
  expect(zmountType.validateUpdate?.({ size: GiB }, { size: 2 * GiB }, 'p')).toEqual([]);
  expect(zmountType.validateUpdate?.({ size: 2 * GiB }, { size: GiB }, 'p')?.[0].message).toBe(
    'not safe to shrink a disk',
  );
});
