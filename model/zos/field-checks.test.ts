import { isObject, ProblemList } from './field-checks';

test('ProblemList joins paths and checks Go-decodable shapes', () => {
  const p = new ProblemList('workloads[x].data');
  expect(p.at('size')).toBe('workloads[x].data.size');
  expect(p.at('[0]')).toBe('workloads[x].data[0]');
  expect(p.uint('a', 255, 8)).toBe(true);
  expect(p.uint('b', 256, 8)).toBe(false);
  expect(p.uint('c', 1.5, 64)).toBe(false);
  expect(p.str('d', undefined)).toBe(true);
  expect(p.str('e', 5, false, true)).toBe(false);
  expect(p.list('f', 'x')).toEqual([]);
  expect(p.ip('g', '1.2.3.4', 'fix')).toBe(true);
  expect(p.cidr('h', '', true, 'fix')).toBe(true);
  expect(p.cidr('i', '', false, 'fix')).toBe(false);
  expect(p.hex('j', 'secretzz', 4, 'len', 'fix')).toBe(false);
  expect(p.problems.map((x) => x.path)).toEqual([
    'workloads[x].data.b',
    'workloads[x].data.c',
    'workloads[x].data.e',
    'workloads[x].data.f',
    'workloads[x].data.i',
    'workloads[x].data.j',
  ]);
  expect(p.problems.find((x) => x.path.endsWith('.e'))?.value).toBeUndefined();
  expect(JSON.stringify(p.problems)).not.toContain('secretzz');
  expect(isObject([])).toBe(false);
  expect(isObject({})).toBe(true);
});
