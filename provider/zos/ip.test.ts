import { ipType } from './ip';
import { validateIn, wl } from './test-fixtures';

test('ip needs v4 or v6; v4 costs one ipv4u', () => {
  expect(validateIn([wl('p', 'ip', { v4: false, v6: true })], 'p')).toEqual([]);
  expect(validateIn([wl('p', 'ip', { v4: false, v6: false })], 'p').map((p) => p.message)).toEqual([
    'public ip workload with no selections',
  ]);
  expect(validateIn([wl('p', 'ip', { v4: 1 })], 'p')[0].message).toBe('must be true or false');
  expect(ipType.capacity({ v4: true, v6: true }).ipv4u).toBe(1);
  expect(ipType.capacity({ v4: false, v6: true }).ipv4u).toBe(0);
  expect(ipType.updatable).toBe(false);
});
