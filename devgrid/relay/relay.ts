/**
 * The dev grid's RMB relay: a websocket switch between twins on loopback, speaking rmb-rs's relay
 * protocol. It authenticates each connection with the relay JWT (signature against the twin's
 * account key, expiry), routes envelopes by destination (twin, connection), refuses a source that is
 * not the token's twin, answers pings, and reports failures to the sender with unsigned error
 * envelopes (no source), as the real relay does. Like rmb-rs, a token is refused once its `exp` has
 * passed and its lifetime (`exp - iat`) has no upper bound.
 *
 * Like rmb-rs's relay it does not verify envelope signatures: the receiving peer does (a node refuses
 * a bad one with code 104). `verifyEnvelopes: true` makes a strict relay that also refuses them
 * (and expired envelopes) itself, for tests that want the failure at the relay.
 *
 * Differences from the public relay, on purpose: it refuses an expired envelope (there the peer
 * does), and instead of queueing for an offline twin until the TTL ends it waits at most
 * `offlineWaitMs` and then answers `destination offline`, so tests fail fast. No federation.
 */
import { IncomingMessage, createServer, type RequestListener } from 'http';
import { createServer as createTlsServer } from 'https';
import type { Duplex } from 'stream';
import WebSocket, { WebSocketServer } from 'ws';
import {
  Address,
  Envelope,
  addressToString,
  decodeEnvelope,
  encodeEnvelope,
  envelopeSignatureProblem,
  envelopeTtl,
  messageKind,
  nowSeconds,
} from '../../clients/rmb/envelope';
import { RelayClaims, RelayTokenError, decodeRelayToken, verifyRelayToken } from '../../clients/rmb/jwt';
import type { TwinDirectory } from '../../clients/rmb/twin-directory';
import { listenWaiting } from './listen';

export interface RelayOptions {
  /** twins and their account keys (the dev chain, or an in-memory directory) */
  readonly twins: TwinDirectory;
  /** TCP port; @default 0 (ephemeral) */
  readonly port?: number;
  /** bind address; @default '127.0.0.1' */
  readonly host?: string;
  /** how long an envelope for a known but unconnected twin waits for it, ms; @default 3000 */
  readonly offlineWaitMs?: number;
  /** also check envelope signatures here (a strict relay); the public relay leaves it to the receiving peer; @default false */
  readonly verifyEnvelopes?: boolean;
  /** largest accepted websocket frame, bytes; @default 8 MiB */
  readonly maxEnvelopeBytes?: number;
  /** also listen with TLS (`wss://`), on the same host; @default none */
  readonly tls?: RelayTlsOptions;
}

export interface RelayTlsOptions {
  /** the server certificate and key (PEM) */
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
  /** TCP port; @default 443 (clients that build the relay host from the URL need it: see docs/devgrid.md) */
  readonly port?: number;
  /** while the port is taken (by another dev grid's TLS relay), try again until this much time passed, ms; @default 0 */
  readonly waitForPortMs?: number;
}

/** A running relay. */
export interface Relay {
  /** websocket url clients connect to, e.g. `ws://127.0.0.1:41234` */
  readonly url: string;
  readonly port: number;
  /** the TLS listener's url, `wss://127.0.0.1/` on port 443 (else with the port), when `tls` was given */
  readonly tlsUrl?: string;
  /** connected sessions as `twin` or `twin:sid` */
  sessions(): string[];
  /** disconnects every client and stops listening */
  close(): Promise<void>;
}

interface Session {
  readonly key: string;
  readonly address: Address;
  readonly ws: WebSocket;
}

interface Queued {
  readonly bytes: Uint8Array;
  readonly env: Envelope;
  readonly timer: NodeJS.Timeout;
}

/** The relay's own error replies carry code 0 like rmb-rs; signature and TTL checks reuse the peer's codes. */
const CODE_EXPIRED = 102;
const CODE_SIGNATURE = 104;

/** Starts a relay on loopback. */
export async function startRelay(opts: RelayOptions): Promise<Relay> {
  const host = opts.host ?? '127.0.0.1';
  const offlineWaitMs = opts.offlineWaitMs ?? 3000;
  const sessions = new Map<string, Session>();
  const queues = new Map<string, Queued[]>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxEnvelopeBytes ?? 8 * 1024 * 1024 });

  const onRequest: RequestListener = (req, res) => {
    res.writeHead(req.url === '/' ? 200 : 404, { 'content-type': 'text/plain' });
    res.end(req.url === '/' ? 'rmb dev relay: connect with a websocket and a jwt as query\n' : 'not found\n');
  };
  const server = createServer(onRequest);
  const tlsServer = opts.tls
    ? createTlsServer({ cert: opts.tls.cert, key: opts.tls.key }, onRequest)
    : undefined;

  function refuse(socket: Duplex, status: number, message: string): void {
    const reason = status === 400 ? 'Bad Request' : status === 404 ? 'Not Found' : 'Unauthorized';
    const body = `${message}\n`;
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  }

  async function authenticate(req: IncomingMessage): Promise<RelayClaims> {
    const query = (req.url ?? '').split('?')[1];
    if (!query) throw new RelayTokenError('missing jwt: connect to <relay>/?<jwt>', 400);
    const { claims } = decodeRelayToken(query);
    const twin = await opts.twins.getTwin(claims.sub);
    if (!twin) throw new RelayTokenError(`twin ${claims.sub} not found`, 404);
    return verifyRelayToken(query, twin.accountPublicKey, { keyType: twin.keyType });
  }

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    authenticate(req).then(
      (claims) => wss.handleUpgrade(req, socket, head, (ws) => register(ws, claims)),
      (err: unknown) =>
        refuse(socket, err instanceof RelayTokenError ? err.status : 401, (err as Error).message),
    );
  };
  server.on('upgrade', onUpgrade);
  tlsServer?.on('upgrade', onUpgrade);

  function register(ws: WebSocket, claims: RelayClaims): void {
    const address: Address =
      claims.sid !== undefined ? { twin: claims.sub, connection: claims.sid } : { twin: claims.sub };
    const key = addressToString(address);
    // one connection per (twin, sid): a newer one replaces the older, as on the real relay
    sessions.get(key)?.ws.close(4000, 'replaced by a newer connection');
    const session: Session = { key, address, ws };
    sessions.set(key, session);
    ws.on('message', (data, isBinary) => {
      if (!isBinary) return ws.close(1003, 'received unsupported (text) message');
      void onEnvelope(session, toBytes(data));
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      if (sessions.get(key) === session) sessions.delete(key);
    });
    const waiting = queues.get(key) ?? [];
    queues.delete(key);
    for (const q of waiting) {
      clearTimeout(q.timer);
      ws.send(q.bytes);
    }
  }

  function deliver(key: string, bytes: Uint8Array): boolean {
    const s = sessions.get(key);
    if (!s || s.ws.readyState !== WebSocket.OPEN) return false;
    s.ws.send(bytes);
    return true;
  }

  /** Answers a request with an unsigned error envelope from the relay (no source). */
  function replyError(session: Session, env: Envelope, message: string, code = 0): void {
    if (!env.request) return;
    const err: Envelope = {
      uid: env.uid,
      timestamp: nowSeconds(),
      expiration: 300,
      destination: session.address,
      error: { code, message },
    };
    deliver(session.key, encodeEnvelope(err));
  }

  function sameAddress(a: Address | undefined, b: Address): boolean {
    return a !== undefined && a.twin === b.twin && a.connection === b.connection;
  }

  async function onEnvelope(session: Session, bytes: Uint8Array): Promise<void> {
    let env: Envelope;
    try {
      env = decodeEnvelope(bytes);
      messageKind(env);
    } catch {
      // failure to load a message is fatal for the connection, as on the real relay
      session.ws.close(1007, 'failed to load input message');
      return;
    }
    if (!sameAddress(env.source, session.address)) {
      return replyError(
        session,
        env,
        `message wrong source: ${addressToString(env.source)} is not ${session.key}`,
      );
    }
    if (env.ping) {
      const pong: Envelope = {
        ...env,
        ping: undefined,
        pong: {},
        source: env.destination,
        destination: env.source,
        plain: Buffer.from('hello world'),
      };
      deliver(session.key, encodeEnvelope({ ...pong, cipher: undefined }));
      return;
    }
    if (envelopeTtl(env) === 0) return replyError(session, env, 'message has expired', CODE_EXPIRED);
    if (opts.verifyEnvelopes ?? false) {
      const sourceTwin = await opts.twins.getTwin(session.address.twin);
      const problem = sourceTwin
        ? envelopeSignatureProblem(env, sourceTwin)
        : `unknown twin id '${session.address.twin}'`;
      if (problem) return replyError(session, env, `invalid envelope signature: ${problem}`, CODE_SIGNATURE);
    }
    const dest = env.destination;
    if (!dest || dest.twin === 0) return replyError(session, env, 'message with missing destination');
    const destKey = addressToString(dest);
    if (deliver(destKey, bytes)) return;
    if (!(await opts.twins.getTwin(dest.twin))) return replyError(session, env, 'unknown twin destination');
    if (deliver(destKey, bytes)) return; // connected while we looked the twin up
    if (env.tags?.split(/[\s,]+/).includes('fail-fast'))
      return replyError(session, env, 'destination offline');
    enqueue(destKey, bytes, env, session);
  }

  function enqueue(destKey: string, bytes: Uint8Array, env: Envelope, sender: Session): void {
    const waitMs = Math.min(offlineWaitMs, envelopeTtl(env) * 1000);
    const timer = setTimeout(() => {
      const list = queues.get(destKey) ?? [];
      const rest = list.filter((q) => q.timer !== timer);
      if (rest.length) queues.set(destKey, rest);
      else queues.delete(destKey);
      const live = sessions.get(sender.key);
      if (live) replyError(live, env, 'destination offline');
    }, waitMs);
    const list = queues.get(destKey) ?? [];
    list.push({ bytes, env, timer });
    queues.set(destKey, list);
  }

  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  await listenWaiting(server, opts.port ?? 0, host, 0);
  const port = (server.address() as { port: number }).port;
  let tlsUrl: string | undefined;
  if (tlsServer && opts.tls) {
    try {
      await listenWaiting(tlsServer, opts.tls.port ?? 443, host, opts.tls.waitForPortMs ?? 0);
    } catch (e) {
      server.close();
      throw e;
    }
    const tlsPort = (tlsServer.address() as { port: number }).port;
    tlsUrl = tlsPort === 443 ? `wss://${hostInUrl}/` : `wss://${hostInUrl}:${tlsPort}/`;
  }

  return {
    url: `ws://${hostInUrl}:${port}`,
    port,
    tlsUrl,
    sessions: () => [...sessions.keys()].sort(),
    close: async () => {
      for (const list of queues.values()) for (const q of list) clearTimeout(q.timer);
      queues.clear();
      for (const s of sessions.values()) s.ws.terminate();
      sessions.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const srv of tlsServer ? [server, tlsServer] : [server]) {
        srv.closeAllConnections();
        await new Promise<void>((resolve) => srv.close(() => resolve()));
      }
    },
  };
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
