import { requireWorkloadTypeSpec, workloadTypes, workloadTypeSpec } from './workload-types';

test('every registered spec answers to its own name', () => {
  for (const [name, spec] of Object.entries(workloadTypes)) expect(spec.type).toBe(name);
  expect(Object.keys(workloadTypes)).toHaveLength(13);
});

test('only the types zos can update in place are updatable; networks are sharable', () => {
  const updatable = Object.values(workloadTypes)
    .filter((s) => s.updatable)
    .map((s) => s.type)
    .sort();
  expect(updatable).toEqual(['network', 'network-light', 'qsfs', 'volume', 'zdb', 'zmount']);
  const sharable = Object.values(workloadTypes)
    .filter((s) => s.sharable)
    .map((s) => s.type)
    .sort();
  expect(sharable).toEqual(['network', 'network-light']);
});

test('unknown types', () => {
  expect(workloadTypeSpec('toString')).toBeUndefined();
  expect(() => requireWorkloadTypeSpec('container')).toThrow(
    /invalid workload type 'container': expected one of zmachine/,
  );
});
