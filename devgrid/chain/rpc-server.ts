/**
 * JSON-RPC 2.0 over WebSocket, shaped like a Substrate node: plain methods, and subscriptions
 * whose notifications carry `{subscription, result}` under the method's notification name.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { RpcError } from './extrinsic';

/** A subscription's sink: sends one notification. */
export type Notify = (result: unknown) => void;

export interface SubscriptionMethod {
  /** notification method name, e.g. `chain_newHead` */
  readonly notification: string;
  /** the unsubscribe method name, e.g. `chain_unsubscribeNewHeads` */
  readonly unsubscribe: string;
  /** starts the subscription; returns its cleanup. `ready` is called once the id was sent. */
  start(params: unknown[], notify: Notify, ready: (fn: () => void) => void): () => void;
}

export type PlainMethod = (params: unknown[]) => unknown;

export interface RpcMethods {
  readonly plain: Readonly<Record<string, PlainMethod>>;
  readonly subscriptions: Readonly<Record<string, SubscriptionMethod>>;
}

export interface RpcServer {
  /** ws://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves `methods` on 127.0.0.1:`port` (0 = ephemeral). */
export async function startRpcServer(methods: RpcMethods, port = 0): Promise<RpcServer> {
  const http: Server = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' });
    res.end('dev chain: connect with a WebSocket JSON-RPC client');
  });
  const wss = new WebSocketServer({ server: http, maxPayload: 16 * 1024 * 1024 });
  let nextId = 1;
  wss.on('connection', (socket: WebSocket) => {
    const subs = new Map<string, { unsubscribe: string; stop: () => void }>();
    const send = (msg: unknown) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(msg));
    };
    socket.on('message', (data) => {
      let req: { id?: number | string; method?: string; params?: unknown[] };
      try {
        req = JSON.parse(data.toString());
      } catch {
        send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
        return;
      }
      const { id, method = '', params = [] } = req;
      const reply = (result: unknown) => send({ jsonrpc: '2.0', id, result });
      const fail = (e: unknown) => {
        const error =
          e instanceof RpcError
            ? { code: e.code, message: e.rpcMessage, ...(e.data !== undefined ? { data: e.data } : {}) }
            : { code: -32603, message: `Internal error: ${(e as Error).message}` };
        send({ jsonrpc: '2.0', id, error });
      };
      try {
        const sub = methods.subscriptions[method];
        if (sub) {
          const subId = `${nextId++}`;
          let readyFn: (() => void) | undefined;
          const stop = sub.start(
            params,
            (result) =>
              send({ jsonrpc: '2.0', method: sub.notification, params: { subscription: subId, result } }),
            (fn) => (readyFn = fn),
          );
          subs.set(subId, { unsubscribe: sub.unsubscribe, stop });
          reply(subId);
          readyFn?.();
          return;
        }
        if (Object.values(methods.subscriptions).some((s) => s.unsubscribe === method)) {
          const subId = String(params[0]);
          const found = subs.get(subId);
          if (found && found.unsubscribe === method) {
            found.stop();
            subs.delete(subId);
          }
          reply(Boolean(found));
          return;
        }
        const fn = methods.plain[method];
        if (!fn) throw new RpcError(-32601, 'Method not found');
        const result = fn(params);
        if (result instanceof Promise) result.then(reply, fail);
        else reply(result);
      } catch (e) {
        fail(e);
      }
    });
    socket.on('close', () => {
      for (const s of subs.values()) s.stop();
      subs.clear();
    });
    socket.on('error', () => socket.terminate());
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (http.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${actual}`,
    port: actual,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
