import * as http from 'http';
import type { AddressInfo } from 'net';
import WebSocket, { WebSocketServer } from 'ws';
import { startGatewayProxy, type GatewayProxy } from './gateway-proxy';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A backend that answers with what it received. */
async function startBackend(name: string): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      res.writeHead(201, { 'content-type': 'application/json', 'x-backend': name });
      res.end(JSON.stringify({ name, method: req.method, url: req.url, headers: req.headers, body }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((r) => server.close(() => r()));
}

function request(
  url: string,
  host: string,
  opts: { method?: string; path?: string; body?: string | Buffer; headers?: http.OutgoingHttpHeaders } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}${opts.path ?? '/'}`,
      { method: opts.method ?? 'GET', agent: false, headers: { host, ...opts.headers } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('gateway proxy', () => {
  let gw: GatewayProxy;
  let a: { server: http.Server; url: string };
  let b: { server: http.Server; url: string };
  let deadUrl: string;

  beforeAll(async () => {
    [a, b] = await Promise.all([startBackend('a'), startBackend('b')]);
    const dead = await startBackend('dead');
    deadUrl = dead.url;
    await close(dead.server);
    gw = await startGatewayProxy({ domain: 'gw1.devgrid.local' });
  });
  afterAll(async () => {
    await gw.close();
    await Promise.all([close(a.server), close(b.server)]);
  });

  test('a request with the route host reaches the backend with method, path, body and headers', async () => {
    gw.addRoute({ id: 'w-web', hostname: 'web.gw1.devgrid.local', backends: [a.url], tlsPassthrough: false });
    expect(gw.url).toBe(`http://127.0.0.1:${gw.port}`);
    const r = await request(gw.url, 'web.gw1.devgrid.local', {
      method: 'POST',
      path: '/api/items?x=1',
      body: '{"n":1}',
      headers: { 'content-type': 'application/json', 'x-custom': 'yes', 'x-forwarded-for': '10.1.1.1' },
    });
    expect(r.status).toBe(201);
    expect(r.headers['x-backend']).toBe('a');
    const seen = JSON.parse(r.body);
    expect(seen).toMatchObject({ method: 'POST', url: '/api/items?x=1', body: '{"n":1}' });
    expect(seen.headers).toMatchObject({
      host: 'web.gw1.devgrid.local',
      'x-custom': 'yes',
      'content-type': 'application/json',
      'x-forwarded-for': '10.1.1.1, 127.0.0.1',
      'x-forwarded-host': 'web.gw1.devgrid.local',
      'x-forwarded-proto': 'http',
    });
  });

  test('a large body streams through unchanged (chunked)', async () => {
    gw.addRoute({ id: 'w-big', hostname: 'big.gw1.devgrid.local', backends: [a.url], tlsPassthrough: false });
    const body = Buffer.alloc(2 * 1024 * 1024, 'z');
    const r = await request(gw.url, 'big.gw1.devgrid.local', {
      method: 'PUT',
      body,
      headers: { 'transfer-encoding': 'chunked' },
    });
    expect(JSON.parse(r.body).body.length).toBe(body.length);
  });

  test('an unknown host gives 404 naming the host', async () => {
    const r = await request(gw.url, 'nobody.gw1.devgrid.local');
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body).error).toMatch(/no gateway route for host 'nobody\.gw1\.devgrid\.local'/);
  });

  test('a dead backend gives 502 naming the backend', async () => {
    gw.addRoute({ id: 'w-dead', hostname: 'dead.example.com', backends: [deadUrl], tlsPassthrough: false });
    const r = await request(gw.url, 'dead.example.com', { method: 'POST', body: 'x' });
    expect(r.status).toBe(502);
    expect(JSON.parse(r.body).error).toContain(
      `backend ${deadUrl} of 'dead.example.com' is unreachable (ECONNREFUSED)`,
    );
  });

  test('round robin over two backends, and a GET skips a dead one', async () => {
    gw.addRoute({
      id: 'w-rr',
      hostname: 'rr.gw1.devgrid.local',
      backends: [a.url, b.url],
      tlsPassthrough: false,
    });
    const names: string[] = [];
    for (let i = 0; i < 4; i++)
      names.push(JSON.parse((await request(gw.url, 'rr.gw1.devgrid.local')).body).name);
    expect(names).toEqual(['a', 'b', 'a', 'b']);
    gw.addRoute({
      id: 'w-fo',
      hostname: 'fo.gw1.devgrid.local',
      backends: [deadUrl, b.url],
      tlsPassthrough: false,
    });
    const r = await request(gw.url, 'fo.gw1.devgrid.local');
    expect(r.status).toBe(201);
    expect(JSON.parse(r.body).name).toBe('b');
  });

  test('tls passthrough routes are served as plain HTTP and listed as such', async () => {
    gw.addRoute({
      id: 'w-tls',
      hostname: 'tls.example.com',
      backends: [a.url.replace('http://', '')],
      tlsPassthrough: true,
    });
    expect((await request(gw.url, 'tls.example.com')).status).toBe(201);
    expect(gw.routes().find((r) => r.id === 'w-tls')).toMatchObject({
      forwarding: 'tls-passthrough-as-http',
      tlsPassthrough: true,
    });
  });

  test('removeRoute stops routing the host', async () => {
    gw.addRoute({
      id: 'w-gone',
      hostname: 'gone.gw1.devgrid.local',
      backends: [a.url],
      tlsPassthrough: false,
    });
    expect((await request(gw.url, 'gone.gw1.devgrid.local')).status).toBe(201);
    gw.removeRoute('w-gone');
    expect(gw.routes().some((r) => r.id === 'w-gone')).toBe(false);
    expect((await request(gw.url, 'gone.gw1.devgrid.local')).status).toBe(404);
  });

  test('websocket upgrades are tunnelled to the backend', async () => {
    const wss = new WebSocketServer({ server: b.server });
    wss.on('connection', (sock, req) => sock.send(`hello ${req.headers['x-forwarded-host']}`));
    gw.addRoute({ id: 'w-ws', hostname: 'ws.gw1.devgrid.local', backends: [b.url], tlsPassthrough: false });
    try {
      const ws = new WebSocket(gw.url.replace('http', 'ws'), { headers: { host: 'ws.gw1.devgrid.local' } });
      const message = await new Promise<string>((resolve, reject) => {
        ws.on('message', (m) => resolve(m.toString()));
        ws.on('error', reject);
      });
      ws.close();
      expect(message).toBe('hello ws.gw1.devgrid.local');
    } finally {
      for (const c of wss.clients) c.terminate();
      await new Promise((r) => wss.close(r));
    }
  });
});
