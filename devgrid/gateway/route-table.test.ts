import { backendUrl, normalizeHostname, RouteTable } from './route-table';

describe('gateway route table', () => {
  test('normalizes Host headers: case, port, trailing dot, ipv6 literal', () => {
    expect(normalizeHostname('Web.GW1.devgrid.local:8080')).toBe('web.gw1.devgrid.local');
    expect(normalizeHostname('web.gw1.devgrid.local.')).toBe('web.gw1.devgrid.local');
    expect(normalizeHostname('[::1]:80')).toBe('[::1]');
  });

  test('backends become base urls; bad ones are refused with the route id', () => {
    expect(backendUrl('http://127.0.0.1:8080', 'w')).toBe('http://127.0.0.1:8080');
    expect(backendUrl('127.0.0.1:9000', 'w')).toBe('http://127.0.0.1:9000');
    expect(() => backendUrl('https://10.0.0.1:443', 'w1')).toThrow(/route 'w1'.*must use http:\/\//);
    expect(() => backendUrl('http://10.0.0.1:80/app', 'w1')).toThrow(/without path/);
  });

  test('finds routes by host, lists passthrough as plain HTTP, replaces by id, refuses a taken host', () => {
    const t = new RouteTable();
    t.add({ id: 'a', hostname: 'web.gw.local', backends: ['http://127.0.0.1:1'], tlsPassthrough: false });
    const p = t.add({
      id: 'b',
      hostname: 'secure.example.com',
      backends: ['127.0.0.1:2'],
      tlsPassthrough: true,
    });
    expect(p.forwarding).toBe('tls-passthrough-as-http');
    expect(p.note).toMatch(/plain HTTP/);
    expect(t.find('WEB.gw.local:80')?.id).toBe('a');
    expect(() =>
      t.add({ id: 'c', hostname: 'web.gw.local', backends: ['http://127.0.0.1:3'], tlsPassthrough: false }),
    ).toThrow(/already served by route 'a'/);
    t.add({ id: 'a', hostname: 'new.gw.local', backends: ['http://127.0.0.1:1'], tlsPassthrough: false });
    expect(t.find('web.gw.local')).toBeUndefined();
    expect(t.list().map((r) => r.hostname)).toEqual(['new.gw.local', 'secure.example.com']);
    expect(t.remove('a')).toBe(true);
    expect(t.remove('a')).toBe(false);
    expect(() =>
      t.add({ id: 'd', hostname: 'bad host', backends: ['http://127.0.0.1:1'], tlsPassthrough: false }),
    ).toThrow(/not a valid DNS name/);
    expect(() => t.add({ id: 'e', hostname: 'ok.gw.local', backends: [], tlsPassthrough: false })).toThrow(
      /has no backends/,
    );
  });

  test('round robin over backends, down ones last until their retry time passes', () => {
    const t = new RouteTable(1000);
    t.add({
      id: 'r',
      hostname: 'x.gw.local',
      backends: ['http://127.0.0.1:1', 'http://127.0.0.1:2', 'http://127.0.0.1:3'],
      tlsPassthrough: false,
    });
    expect([0, 1, 2, 3].map(() => t.pick('r', 0)[0])).toEqual([
      'http://127.0.0.1:1',
      'http://127.0.0.1:2',
      'http://127.0.0.1:3',
      'http://127.0.0.1:1',
    ]);
    t.markDown('http://127.0.0.1:2', 0);
    expect(t.pick('r', 500)).toEqual(['http://127.0.0.1:3', 'http://127.0.0.1:1', 'http://127.0.0.1:2']);
    expect(t.pick('r', 500)[0]).toBe('http://127.0.0.1:3');
    expect(t.pick('r', 1500)).toEqual(['http://127.0.0.1:1', 'http://127.0.0.1:2', 'http://127.0.0.1:3']);
    expect(t.pick('missing', 0)).toEqual([]);
  });
});
