/**
 * Loopback clients and servers the dev grid tests use to reach what the nodes provisioned: SSH
 * into a machine sandbox (ssh2), HTTP through the gateway with a Host header, an HTTP backend and
 * a WebSocket log sink of our own. Everything binds or dials 127.0.0.1 only.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { Client } from 'ssh2';
import { WebSocketServer } from 'ws';

export interface ExecResult {
  code: number | undefined;
  stdout: string;
  stderr: string;
}

/** `host:port` of a machine's console_url on the dev grid. */
export function sshAddress(consoleUrl: string): { host: string; port: number } {
  const i = consoleUrl.lastIndexOf(':');
  return { host: consoleUrl.slice(0, i), port: Number(consoleUrl.slice(i + 1)) };
}

/** Logs in with `privateKey` and runs one command; rejects when the connection or login fails. */
export function sshExec(consoleUrl: string, privateKey: string, command: string): Promise<ExecResult> {
  const { host, port } = sshAddress(consoleUrl);
  if (host !== '127.0.0.1') throw new Error(`test: machine address ${host} is not loopback`);
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on('error', (e) => {
      c.end();
      reject(e);
    });
    c.on('ready', () => {
      c.exec(command, (err, stream) => {
        if (err) {
          c.end();
          return reject(err);
        }
        const r: ExecResult = { code: undefined, stdout: '', stderr: '' };
        stream.on('data', (d: Buffer) => (r.stdout += d.toString()));
        stream.stderr.on('data', (d: Buffer) => (r.stderr += d.toString()));
        stream.on('exit', (code: number) => (r.code = code));
        stream.on('close', () => {
          c.end();
          resolve(r);
        });
      });
    });
    c.connect({ host, port, username: 'root', privateKey, readyTimeout: 15_000 });
  });
}

/** GET `url` with a Host header; resolves status and body. */
export function httpGet(url: string, hostHeader: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { host: hostHeader }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

/** A loopback server; `close` ends it. */
export interface LocalServer {
  readonly port: number;
  close(): Promise<void>;
}

/** An HTTP backend answering every request with `<text> <method> <path>`. */
export async function startBackend(text: string): Promise<LocalServer> {
  const server = http.createServer((req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/plain', connection: 'close' })
      .end(`${text} ${req.method} ${req.url}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A WebSocket server collecting every text message it receives (a zlogs output). */
export async function startLogSink(): Promise<LocalServer & { readonly lines: string[] }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const lines: string[] = [];
  wss.on('connection', (ws) => ws.on('message', (m) => lines.push(m.toString())));
  return {
    port: (wss.address() as AddressInfo).port,
    lines,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
}
