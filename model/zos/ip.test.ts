import { validateDeployment } from './deployment';
import { ipType, takesPublicIpv4 } from './ip';
import { ipv4Type } from './ipv4';
import { deployment, netAndVm, validateIn, wl } from './testing/test-fixtures';

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

test("zos's deprecated ipv4 type: empty data is valid, it takes one reserved IPv4 and a machine may name it", () => {
  expect(ipv4Type.validate({}, { path: 'workloads[p].data', name: 'p', workloads: [] })).toEqual([]);
  expect(ipv4Type.capacity({}).ipv4u).toBe(1);
  expect(ipv4Type.challenge({})).toBe('');
  expect(takesPublicIpv4(wl('p', 'ipv4', {}))).toBe(true);
  expect(takesPublicIpv4(wl('p', 'ip', { v4: false, v6: true }))).toBe(false);
  const all = [
    ...netAndVm({
      network: { public_ip: 'pip', planetary: false, interfaces: [{ network: 'net', ip: '10.1.2.2' }] },
    }),
    wl('pip', 'ipv4', {}),
  ];
  expect(validateIn(all, 'vm')).toEqual([]);
  expect(validateDeployment(deployment(all), { contractPublicIps: 1 })).toEqual([]);
  expect(validateDeployment(deployment(all), { contractPublicIps: 0 }).map((p) => p.message)).toEqual([
    '1 public IPv4 workloads but the contract reserves 0',
  ]);
});
