import { checkUpdate, diffWorkloads, nextDeployment } from './update-rules';
import { deployment, GiB, netAndVm, wl } from './testing/test-fixtures';
import type { Deployment } from './types';

const current: Deployment = deployment([
  ...netAndVm(),
  wl('disk', 'zmount', { size: GiB }),
  wl('db', 'zdb', { size: GiB, mode: 'user', password: 'a', public: false }),
]);
const desired = (over: (w: Deployment['workloads']) => Deployment['workloads']) =>
  over(current.workloads.map((w) => ({ ...w })));

test('nextDeployment bumps only new and changed workloads', () => {
  const { deployment: next, problems } = nextDeployment(current, {
    workloads: desired((ws) =>
      [...ws.filter((w) => w.name !== 'disk'), { ...ws.find((w) => w.name === 'db')!, name: 'db2' }].map(
        (w) => (w.name === 'db' ? { ...w, data: { ...w.data, size: 2 * GiB } } : w),
      ),
    ),
  });
  expect(problems).toEqual([]);
  expect(next.version).toBe(1);
  expect(Object.fromEntries(next.workloads.map((w) => [w.name, w.version]))).toEqual({
    net: 0,
    vm: 0,
    db: 1,
    db2: 1,
  });
  expect(diffWorkloads(current, next)).toEqual({
    added: ['db2'],
    changed: ['db'],
    unchanged: ['net', 'vm'],
    removed: ['disk'],
  });
  expect(next.signature_requirement.signatures).toEqual([]);
});

test('a machine cannot change in place; zdb mode is fixed and its size only grows; disks never shrink', () => {
  const { problems } = nextDeployment(current, {
    workloads: desired((ws) =>
      ws.map((w) => {
        if (w.name === 'vm') return { ...w, data: { ...w.data, entrypoint: '/other' } };
        if (w.name === 'db') return { ...w, data: { ...w.data, mode: 'seq', size: 1 } };
        if (w.name === 'disk') return { ...w, data: { size: 1 } };
        return w;
      }),
    ),
  });
  expect(problems.map((p) => [p.path, p.message])).toEqual([
    ['workloads[vm].version', "workload 'zmachine' does not support upgrade"],
    ['workloads[disk].data.size', 'not safe to shrink a disk'],
    ['workloads[db].data.mode', 'cannot change namespace mode'],
    ['workloads[db].data.size', 'cannot shrink zdb namespace'],
  ]);
});

test('checkUpdate: version, twin, contract, types and workload versions', () => {
  const next: Deployment = {
    ...current,
    version: 2,
    twin_id: 8,
    signature_requirement: {
      ...current.signature_requirement,
      requests: [{ twin_id: 8, required: false, weight: 1 }],
    },
    workloads: [
      {
        ...current.workloads[0],
        version: 0,
        data: { ...current.workloads[0].data, wireguard_listen_port: 6000 },
      }, // changed, not bumped
      { ...current.workloads[1], version: 0 },
      { ...current.workloads[2], type: 'volume', version: 2 }, // type change
      { ...current.workloads[3], version: 2 }, // untouched, version neither old nor new
      wl('fresh', 'zmount', { size: GiB }, 0), // new with old version
    ],
  };
  const ps = checkUpdate(current, next);
  expect(ps.map((p) => p.message)).toEqual([
    'expecting deployment version 1, got 2',
    'cannot change deployment or twin id',
    "workload 'net' changed but its version was not bumped, so zos would ignore the change",
    "cannot change workload type 'disk'",
    "workload 'db' version must be 0 (unchanged) or 1 (changed), got 2",
    "invalid version number for workload 'fresh' expected '1'",
  ]);
});

test('bumping an untouched machine is rejected by zos too', () => {
  const next = {
    ...current,
    version: 1,
    workloads: current.workloads.map((w) => (w.name === 'vm' ? { ...w, version: 1 } : w)),
  };
  const ps = checkUpdate(current, next);
  expect(ps).toHaveLength(1);
  expect(ps[0].fix).toMatch(/leave 'vm' at version 0/);
});
