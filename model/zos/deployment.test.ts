import {
  deploymentCapacity,
  publicIpv4Count,
  validateDeployment,
  workloadId,
  workloadNameError,
} from './deployment';
import { deployment, GiB, MiB, netAndVm, wl } from './testing/test-fixtures';

test('a network + machine + disk + ip deployment is valid and its capacity adds up', () => {
  const [net, vm] = netAndVm({
    network: { public_ip: 'pip', planetary: true, interfaces: [{ network: 'net', ip: '10.1.2.2' }] },
    mounts: [{ name: 'disk', mountpoint: '/data' }],
  });
  const d = deployment([
    net,
    vm,
    wl('disk', 'zmount', { size: 10 * GiB }),
    wl('pip', 'ip', { v4: true, v6: true }),
    wl('db', 'zdb', { size: GiB, mode: 'user', password: '', public: false }),
  ]);
  expect(validateDeployment(d, { contractPublicIps: 1 })).toEqual([]);
  expect(deploymentCapacity(d)).toEqual({
    cru: 1,
    mru: 2 * GiB,
    sru: 10 * GiB + 500 * MiB,
    hru: GiB,
    ipv4u: 1,
  });
  expect(publicIpv4Count(d)).toBe(1);
  expect(validateDeployment(d, { contractPublicIps: 0 }).map((p) => p.path)).toEqual(['workloads']);
});

test('workload names: zos rules', () => {
  expect(workloadNameError('vm_1')).toBeUndefined();
  expect(workloadNameError('')).toBe('name cannot be empty');
  expect(workloadNameError('a'.repeat(37))).toBe('name cannot exceed 36 characters');
  expect(workloadNameError('a'.repeat(36))).toBeUndefined();
  expect(workloadNameError('my-vm')).toBe('unsupported character in workload name');
  expect(workloadNameError('ygg')).toBe("invalid name 'ygg' is reserved");
});

test('names, duplicates, versions, types and data are all reported', () => {
  const d = deployment(
    [
      wl('disk', 'zmount', { size: GiB }),
      wl('disk', 'zmount', { size: GiB }),
      wl('ygg', 'zmount', { size: GiB }),
      wl('late', 'zmount', { size: GiB }, 3),
      { ...wl('odd', 'zmount', {}), type: 'container' as never },
      wl('empty', 'zmount', { size: 0 }),
    ],
    { version: 1 },
  );
  const ps = validateDeployment(d);
  expect(ps.map((p) => [p.path, p.message])).toEqual([
    ['workloads[disk].name', "multiple workloads with the same name 'disk'"],
    ['workloads[ygg].name', "name 'ygg' is invalid: invalid name 'ygg' is reserved"],
    ['workloads[late].version', "workload 'late' version '3' cannot be higher than deployment version '1'"],
    ['workloads[odd].type', "invalid reservation type 'container'"],
    ['workloads[empty].data.size', 'invalid size'],
  ]);
});

test('deployment fields and signature requirement', () => {
  const d = deployment([], {
    twin_id: -1,
    signature_requirement: {
      requests: [{ twin_id: 8, required: false, weight: 1 }],
      weight_required: 3,
      signatures: [],
      signature_style: 'metamask',
    },
  });
  expect(validateDeployment(d).map((p) => p.path)).toEqual([
    'twin_id',
    'signature_requirement.requests',
    'signature_requirement.weight_required',
    'signature_requirement.signature_style',
  ]);
});

test('references are checked across the deployment', () => {
  const d = deployment([...netAndVm(), wl('logs', 'zlogs', { zmachine: 'ghost', output: 'ws://1.2.3.4' })]);
  expect(validateDeployment(d).map((p) => p.path)).toEqual(['workloads[logs].data.zmachine']);
  const [, vm] = netAndVm();
  expect(validateDeployment(deployment([vm]), { sharedNetworks: ['net'] })).toEqual([]);
});

test('workload id', () => {
  expect(workloadId(7, 100, 'db')).toBe('7-100-db');
  expect(() => workloadId(7, 100, 'bad name')).toThrow(/unsupported character/);
});
