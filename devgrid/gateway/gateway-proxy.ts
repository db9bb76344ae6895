/**
 * The dev grid's gateway node: an HTTP reverse proxy on loopback that routes by `Host` header to
 * the backends of gateway workloads (`<name>.<domain>` for name gateways, the fqdn for fqdn
 * gateways). Bodies stream both ways; WebSocket upgrades are tunnelled. Which backends a workload
 * may use (zos refuses loopback ones) is checked by the node, not here: on the dev grid every
 * backend is on 127.0.0.1.
 */
import * as http from 'http';
import * as net from 'net';
import type { AddressInfo } from 'net';
import { RouteTable, type GatewayRoute, type GatewayRouteInfo } from './route-table';

export interface GatewayProxyOptions {
  /** the gateway node's domain, e.g. `gw1.devgrid.local`; name gateways get `<name>.<domain>` */
  readonly domain: string;
  /** address to listen on; @default '127.0.0.1' */
  readonly host?: string;
  /** TCP port; @default 0 (an ephemeral port) */
  readonly port?: number;
  /** a backend that does not answer within this many milliseconds gives 504; @default 60000 */
  readonly backendTimeoutMs?: number;
  /** a backend that refused a connection is tried last for this many milliseconds; @default 5000 */
  readonly retryDownAfterMs?: number;
}

/** A running gateway proxy. */
export interface GatewayProxy {
  readonly domain: string;
  readonly host: string;
  readonly port: number;
  /** `http://host:port`: send requests here with the route's host name in the `Host` header */
  readonly url: string;
  /** adds a route or replaces the route with the same id; throws if another route has the host name */
  addRoute(route: GatewayRoute): GatewayRouteInfo;
  /** removes a route; unknown ids are ignored */
  removeRoute(id: string): void;
  /** the routes, with how each is forwarded (tls passthrough is plain HTTP on the dev grid) */
  routes(): GatewayRouteInfo[];
  close(): Promise<void>;
}

/** Headers that belong to one hop and are not forwarded (RFC 9110 section 7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function forwardableHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase());
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined && !HOP_BY_HOP.has(k) && !named.includes(k)) out[k] = v;
  }
  return out;
}

/** Request headers for the backend: the client's, plus the X-Forwarded-* a reverse proxy adds. */
function backendHeaders(req: http.IncomingMessage): http.OutgoingHttpHeaders {
  const headers = forwardableHeaders(req.headers);
  const clientIp = req.socket.remoteAddress ?? '';
  const prior = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = prior ? `${prior}, ${clientIp}` : clientIp;
  headers['x-forwarded-host'] = req.headers.host ?? '';
  headers['x-forwarded-proto'] = 'http';
  return headers;
}

function sendError(res: http.ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: message });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function hasBody(req: http.IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Starts the gateway proxy and resolves once it listens. */
export async function startGatewayProxy(opts: GatewayProxyOptions): Promise<GatewayProxy> {
  const host = opts.host ?? '127.0.0.1';
  const timeoutMs = opts.backendTimeoutMs ?? 60_000;
  const table = new RouteTable(opts.retryDownAfterMs);
  // No keep-alive to backends: the dev grid favours simple, promptly closed sockets over speed.
  const agent = new http.Agent({ keepAlive: false });
  const tunnels = new Set<net.Socket>();

  const forward = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    route: GatewayRouteInfo,
    backends: string[],
    attempt: number,
  ) => {
    const backend = backends[attempt];
    const target = new URL(backend);
    const proxyReq = http.request({
      agent,
      hostname: target.hostname.replace(/^\[|\]$/g, ''),
      port: target.port || 80,
      method: req.method,
      path: req.url,
      headers: backendHeaders(req),
      timeout: timeoutMs,
    });
    let answered = false;
    proxyReq.on('response', (proxyRes) => {
      answered = true;
      table.markUp(backend);
      res.writeHead(proxyRes.statusCode ?? 502, proxyRes.statusMessage, forwardableHeaders(proxyRes.headers));
      proxyRes.pipe(res);
      proxyRes.on('error', () => res.destroy());
    });
    proxyReq.on('timeout', () =>
      proxyReq.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
    );
    proxyReq.on('error', (e: NodeJS.ErrnoException) => {
      if (answered) return res.destroy();
      if (e.code === 'ETIMEDOUT') {
        return sendError(
          res,
          504,
          `backend ${backend} of '${route.hostname}' did not answer within ${timeoutMs} ms`,
        );
      }
      table.markDown(backend, Date.now());
      // A request without a body can be replayed on the next backend; a streamed body cannot.
      if (!hasBody(req) && attempt + 1 < backends.length)
        return forward(req, res, route, backends, attempt + 1);
      const tried = hasBody(req) ? backend : backends.slice(0, attempt + 1).join(', ');
      sendError(
        res,
        502,
        `bad gateway: backend ${tried} of '${route.hostname}' is unreachable (${e.code ?? e.message}); check that the service listens there`,
      );
    });
    // The client went away: stop talking to the backend.
    res.on('close', () => {
      if (!res.writableFinished) proxyReq.destroy();
    });
    if (hasBody(req)) req.pipe(proxyReq);
    else proxyReq.end();
  };

  const server = http.createServer((req, res) => {
    const hostHeader = req.headers.host;
    if (!hostHeader)
      return sendError(res, 400, 'request has no Host header; the gateway routes by host name');
    const route = table.find(hostHeader);
    if (!route) {
      return sendError(
        res,
        404,
        `no gateway route for host '${hostHeader}' on gateway ${opts.domain}; deploy a gateway workload for it`,
      );
    }
    forward(req, res, route, table.pick(route.id, Date.now()), 0);
  });

  // WebSocket (and other) upgrades: replay the request head to the backend, then splice the sockets.
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const route = table.find(req.headers.host ?? '');
    const refuse = (status: string, message: string) => {
      socket.end(`HTTP/1.1 ${status}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${message}\n`);
    };
    if (!route)
      return refuse(
        '404 Not Found',
        `no gateway route for host '${req.headers.host ?? ''}' on gateway ${opts.domain}`,
      );
    const backend = table.pick(route.id, Date.now())[0];
    const target = new URL(backend);
    const upstream = net.connect(Number(target.port || 80), target.hostname.replace(/^\[|\]$/g, ''));
    tunnels.add(socket).add(upstream);
    const forget = () => {
      tunnels.delete(socket);
      tunnels.delete(upstream);
    };
    upstream.on('connect', () => {
      const headers = backendHeaders(req);
      headers.connection = req.headers.connection ?? 'upgrade';
      headers.upgrade = req.headers.upgrade ?? '';
      const lines = Object.entries(headers).flatMap(([k, v]) =>
        Array.isArray(v) ? v.map((x) => `${k}: ${x}`) : [`${k}: ${v}`],
      );
      upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on('error', (e: NodeJS.ErrnoException) => {
      if (!upstream.bytesRead) {
        table.markDown(backend, Date.now());
        refuse(
          '502 Bad Gateway',
          `bad gateway: backend ${backend} of '${route.hostname}' is unreachable (${e.code ?? e.message})`,
        );
      } else socket.destroy();
    });
    socket.on('error', () => upstream.destroy());
    socket.on('close', () => {
      upstream.destroy();
      forget();
    });
    upstream.on('close', () => {
      socket.end();
      forget();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: Error) =>
      reject(
        new Error(
          `gateway ${opts.domain} cannot listen on ${host}:${opts.port ?? 0}: ${e.message}; choose another port or use 0`,
        ),
      ),
    );
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    domain: opts.domain,
    host,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    addRoute: (route) => table.add(route),
    removeRoute: (id) => void table.remove(id),
    routes: () => table.list(),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const s of tunnels) s.destroy();
      agent.destroy();
      await closed;
    },
  };
}
