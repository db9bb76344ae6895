import { GiB, validateIn, wl } from './testing/test-fixtures';
import { zdbType } from './zdb';

test('zdb: size > 0, mode user|seq; password never echoed', () => {
  expect(
    validateIn([wl('db', 'zdb', { size: GiB, mode: 'seq', password: 'x', public: false })], 'db'),
  ).toEqual([]);
  const ps = validateIn([wl('db', 'zdb', { size: 0, mode: 'fast', password: 42, public: 'no' })], 'db');
  expect(ps.map((p) => p.message)).toEqual([
    'invalid size',
    'invalid mode',
    'must be a string',
    'must be true or false',
  ]);
  expect(ps[2].value).toBeUndefined();
});

test('zdb capacity is hru; update keeps the mode and never shrinks', () => {
  const d = { size: GiB, mode: 'user' as const, password: '', public: false };
  expect(zdbType.capacity(d)).toEqual({ cru: 0, mru: 0, sru: 0, hru: GiB, ipv4u: 0 });
  expect(zdbType.validateUpdate?.(d, { ...d, size: 2 * GiB, password: 'new' }, 'p')).toEqual([]);
  expect(zdbType.validateUpdate?.(d, { ...d, mode: 'seq', size: 1 }, 'p')?.map((p) => p.message)).toEqual([
    'cannot change namespace mode',
    'cannot shrink zdb namespace',
  ]);
});
