import { backendError } from './gateway-base';
import { gatewayNameProxyType } from './gateway-name-proxy';
import { validateIn, wl } from './testing/test-fixtures';

const gw = (data: Record<string, unknown>) => [
  wl('net', 'network', {
    ip_range: '10.1.0.0/16',
    subnet: '10.1.2.0/24',
    wireguard_private_key: 'k',
    peers: [],
  }),
  wl('gw', 'gateway-name-proxy', {
    name: 'my-app_1',
    tls_passthrough: false,
    backends: ['http://10.1.2.2:8080'],
    ...data,
  }),
];

test('a name gateway is valid', () => {
  expect(validateIn(gw({ network: 'net' }), 'gw')).toEqual([]);
  expect(gatewayNameProxyType.capacity({} as never)).toEqual({ cru: 0, mru: 0, sru: 0, hru: 0, ipv4u: 0 });
});

test('name, backends and network problems', () => {
  const ps = validateIn(
    gw({ name: 'my.app', backends: ['http://127.0.0.1:80', 'https://1.2.3.4'], network: 'other' }),
    'gw',
  );
  expect(ps.map((p) => p.path)).toEqual([
    'workloads[gw].data.name',
    'workloads[gw].data.backends[0]',
    'workloads[gw].data.backends[1]',
    'workloads[gw].data.network',
  ]);
  expect(ps[0].message).toBe('name my.app is invalid');
  expect(validateIn(gw({ backends: [] }), 'gw')[0].message).toBe('backends list can not be empty');
  expect(validateIn(gw({ network: 'other' }), 'gw', ['other'])).toEqual([]);
});

// cases from zos's gw_test.go
test.each([
  ['1.1.1.1:10', true, true],
  ['1.1.1.1:10', false, false],
  ['1.1.1.1', true, false],
  ['1.1.1.1:port', true, false],
  ['ip:10', true, false],
  ['1.1.1.1:1000000', true, false],
  ['http://1.1.1.1:10', false, true],
  ['http://1.1.1.1:10', true, false],
  ['http://1.1.1.1:port', false, false],
  ['http://ip:10', false, false],
  ['http://1.1.1.1', false, true],
  ['http://ip', false, false],
  ['[2001:db8:3333:4444:CCCC:DDDD:EEEE:FFFF]:10', true, true],
  ['[2001:db8:3333:4444:CCCC:DDDD:EEEE:FFFF]:10', false, false],
  ['[2001:db8:3333:4444:CCCC:DDDD:EEEE:FFFF]:port', true, false],
  ['http://[2001:db8:3333:4444:CCCC:DDDD:EEEE:FFFF]:10', false, true],
  ['http://[2001:db8:3333:4444:CCCC:DDDD:EEEE:FFFF]:10', true, false],
  ['http://[::1]:10', false, false],
  ['2001:db8::1:10', true, false],
])('backend %s (passthrough %s) valid=%s', (backend, passthrough, valid) => {
  expect(backendError(backend, passthrough) === undefined).toBe(valid);
});
