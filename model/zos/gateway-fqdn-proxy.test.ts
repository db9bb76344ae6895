import { gatewayFqdnProxyType } from './gateway-fqdn-proxy';
import { validateIn, wl } from './testing/test-fixtures';

test('fqdn gateway: a full domain and valid backends', () => {
  expect(
    validateIn(
      [
        wl('g', 'gateway-fqdn-proxy', {
          fqdn: 'app.example.com',
          tls_passthrough: true,
          backends: ['10.1.2.2:443'],
        }),
      ],
      'g',
    ),
  ).toEqual([]);
  const ps = validateIn(
    [
      wl('g', 'gateway-fqdn-proxy', {
        fqdn: 'localhost',
        tls_passthrough: true,
        backends: ['http://10.1.2.2'],
      }),
    ],
    'g',
  );
  expect(ps.map((p) => p.path)).toEqual(['workloads[g].data.fqdn', 'workloads[g].data.backends[0]']);
  expect(ps[0].message).toBe('fqdn localhost is invalid');
  expect(
    validateIn(
      [
        wl('g', 'gateway-fqdn-proxy', {
          fqdn: 'example.c',
          tls_passthrough: false,
          backends: ['http://10.1.2.2'],
        }),
      ],
      'g',
    )[0].path,
  ).toBe('workloads[g].data.fqdn');
  expect(gatewayFqdnProxyType.updatable).toBe(false);
});
