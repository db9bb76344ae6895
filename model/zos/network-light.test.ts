import { networkLightType } from './network-light';
import { validateIn, wl } from './testing/test-fixtures';

test('network-light needs a subnet and a 32-byte mycelium key', () => {
  expect(
    validateIn(
      [
        wl('nl', 'network-light', {
          subnet: '10.1.2.0/24',
          mycelium: { hex_key: 'AB'.repeat(32), peers: [] },
        }),
      ],
      'nl',
    ),
  ).toEqual([]);
  const ps = validateIn([wl('nl', 'network-light', { subnet: '' })], 'nl');
  expect(ps.map((p) => [p.path, p.message])).toEqual([
    ['workloads[nl].data.subnet', 'network resource subnet cannot empty'],
    ['workloads[nl].data.mycelium.hex_key', 'must be hex (an even number of 0-9a-f characters)'],
  ]);
});

test('network-light challenge without mycelium writes an empty key', () => {
  expect(networkLightType.challenge({ subnet: '10.1.2.0/24' } as never)).toBe('<nil>10.1.2.0/240');
  expect(networkLightType.capacity({} as never).cru).toBe(0);
});
