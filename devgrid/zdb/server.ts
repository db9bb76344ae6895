/**
 * A 0-db (zdb) compatible RESP server for the dev grid, plus an in-process admin API so the zos
 * node emulator can provision `zdb` workloads (NSNEW/NSSET/freeze/NSDEL) without a socket.
 */
import * as crypto from 'crypto';
import * as net from 'net';
import { dispatch, servedCommand } from './commands/dispatcher';
import { CommandContext, ZdbSession, ZdbStats } from './commands/command-context';
import { namespaceInfoText } from './commands/namespace-commands';
import { WaitRegistry } from './commands/wait-registry';
import { encodeReply, RespEvent, RespRequestParser, reply } from './resp';
import { Namespace } from './store/namespace';
import { applyNamespaceProperty } from './store/namespace-properties';
import { NamespaceLock, NamespaceMode } from './store/namespace-settings';
import { ZdbStore } from './store/zdb-store';

export interface ZdbServerOptions {
  /** directory for the namespaces' files; reusing it after a restart keeps the data */
  readonly dataDir: string;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** TCP port; 0 picks a free one (0-db's own default is 9900). @default 0 */
  readonly port?: number;
  /** admin password for AUTH; without it every client is admin (as 0-db). @default none */
  readonly adminPassword?: string;
  /** data file size in bytes that triggers a rollover. @default 256 MiB */
  readonly maxDataFileBytes?: number;
  /** most entries per SCAN/RSCAN reply. @default 1000 */
  readonly scanBatchSize?: number;
}

/** Namespace properties the node emulator sets (zos: mode, password, public, maxsize). */
export interface ZdbNamespaceOptions {
  /** @default 'user' */
  readonly mode?: NamespaceMode;
  /** empty or undefined: no password */
  readonly password?: string;
  /** @default true */
  readonly public?: boolean;
  /** live payload limit in bytes; 0 = unlimited. @default 0 */
  readonly maxsize?: number;
  /** @default false */
  readonly worm?: boolean;
}

/** A snapshot of a namespace, for results and checks. */
export interface ZdbNamespaceInfo {
  readonly name: string;
  readonly mode: NamespaceMode;
  /** live keys */
  readonly entries: number;
  /** live payload bytes */
  readonly dataSizeBytes: number;
  /** limit in bytes, 0 = unlimited (beyond 2^53 a Number rounds: NSINFO has the exact value) */
  readonly maxsize: number;
  readonly public: boolean;
  readonly passwordProtected: boolean;
  readonly worm: boolean;
  readonly lock: NamespaceLock;
  /** NSINFO's text, as an admin sees it */
  readonly nsinfo: string;
}

export interface ZdbServer {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** Disconnect everyone, stop listening, close the files. */
  close(): Promise<void>;
  /** NSNEW + NSSET mode/password/public/maxsize; throws if the name is taken or invalid. */
  createNamespace(name: string, options?: ZdbNamespaceOptions): ZdbNamespaceInfo;
  /** NSSET for the given fields (`password: ''` clears it); mode only while the namespace is empty. */
  updateNamespace(name: string, options: ZdbNamespaceOptions): ZdbNamespaceInfo;
  /** NSSET freeze 1: reads and writes refused (zos: pause). */
  freeze(name: string): void;
  /** NSSET freeze 0. */
  unfreeze(name: string): void;
  /** NSDEL; connected clients of that namespace are dropped on their next command. */
  deleteNamespace(name: string): void;
  /** undefined when the namespace does not exist. */
  namespaceInfo(name: string): ZdbNamespaceInfo | undefined;
  listNamespaces(): string[];
}

function infoOf(ns: Namespace): ZdbNamespaceInfo {
  const s = ns.settings;
  return {
    name: ns.name,
    mode: s.mode,
    entries: ns.entries,
    dataSizeBytes: ns.dataSizeBytes,
    maxsize: Number(s.maxsize),
    public: s.public,
    passwordProtected: s.password !== undefined,
    worm: s.worm,
    lock: s.lock,
    nsinfo: namespaceInfoText(ns, true),
  };
}

/** Start a zdb server; resolves once it listens. */
export async function startZdbServer(options: ZdbServerOptions): Promise<ZdbServer> {
  const host = options.host ?? '127.0.0.1';
  const store = new ZdbStore({ dataDir: options.dataDir, maxDataFileBytes: options.maxDataFileBytes });
  const stats: ZdbStats = {
    bootTime: Math.floor(Date.now() / 1000),
    clientsLifetime: 0,
    commandsExecuted: 0,
    commandsFailed: 0,
    commandsUnauthorized: 0,
    instanceId: crypto.randomBytes(4).readUInt32LE(0),
    networkRx: 0,
    networkTx: 0,
  };
  const waiters = new WaitRegistry();
  const ctx: CommandContext = {
    store,
    adminPassword: options.adminPassword,
    stats,
    scanBatchSize: options.scanBatchSize ?? 1000,
    waiters,
    servedCommand,
  };
  const sockets = new Set<net.Socket>();
  let nextSessionId = 1;

  const server = net.createServer((socket) => {
    sockets.add(socket);
    stats.clientsLifetime += 1;
    const session: ZdbSession = {
      id: nextSessionId++,
      ns: store.defaultNamespace,
      writable: true,
      admin: options.adminPassword === undefined,
    };
    const parser = new RespRequestParser();
    const queue: RespEvent[] = [];
    let busy = false;

    let draining = false;
    const send = (bytes: Buffer): void => {
      if (!socket.destroyed) stats.networkTx += bytes.length;
      // a slow reader: stop reading its requests until its replies drained
      if (!socket.destroyed && !socket.write(bytes) && !draining) {
        draining = true;
        socket.pause();
        socket.once('drain', () => {
          draining = false;
          socket.resume();
        });
      }
    };
    // requests run strictly one after another per connection (WAIT may block the queue)
    const pump = async (): Promise<void> => {
      if (busy) return;
      busy = true;
      while (queue.length > 0 && !socket.destroyed) {
        const event = queue.shift()!;
        if (event.kind === 'error') {
          send(encodeReply(reply.error(event.message)));
          if (event.fatal) {
            queue.length = 0;
            socket.end();
          }
          continue;
        }
        const result = dispatch(ctx, session, event.args);
        send(encodeReply(result instanceof Promise ? await result : result));
        if (session.closeAfterReply) {
          queue.length = 0;
          socket.end();
        }
      }
      busy = false;
    };

    socket.on('data', (chunk: Buffer) => {
      stats.networkRx += chunk.length;
      queue.push(...parser.push(chunk));
      void pump();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      waiters.cancelSession(session.id);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;

  const namespace = (name: string): Namespace => {
    const ns = store.get(name);
    if (!ns)
      throw new Error(`zdb namespace "${name}" does not exist; create it first with createNamespace()`);
    return ns;
  };
  const apply = (ns: Namespace, property: string, value: string): void => {
    const problem = applyNamespaceProperty(ns, property, value);
    if (problem) throw new Error(`cannot set ${property} on zdb namespace "${ns.name}": ${problem}`);
  };
  const update = (ns: Namespace, o: ZdbNamespaceOptions): void => {
    if (o.mode !== undefined && o.mode !== ns.settings.mode) apply(ns, 'mode', o.mode);
    if (o.password !== undefined) apply(ns, 'password', o.password === '' ? '*' : o.password);
    if (o.public !== undefined) apply(ns, 'public', o.public ? '1' : '0');
    if (o.maxsize !== undefined) {
      if (!Number.isSafeInteger(o.maxsize) || o.maxsize < 0) {
        throw new Error(
          `zdb namespace "${ns.name}": maxsize must be a non-negative integer of bytes, got ${o.maxsize}`,
        );
      }
      apply(ns, 'maxsize', String(o.maxsize));
    }
    if (o.worm !== undefined) apply(ns, 'worm', o.worm ? '1' : '0');
    ns.saveSettings();
  };

  return {
    host,
    port: address.port,
    dataDir: store.dataDir,
    close: async () => {
      waiters.cancelAll();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
    createNamespace: (name, o = {}) => {
      const ns = store.create(name);
      try {
        update(ns, o);
      } catch (err) {
        store.delete(name);
        throw err;
      }
      return infoOf(ns);
    },
    updateNamespace: (name, o) => {
      const ns = namespace(name);
      update(ns, o);
      return infoOf(ns);
    },
    freeze: (name) => {
      const ns = namespace(name);
      apply(ns, 'freeze', '1');
      ns.saveSettings();
    },
    unfreeze: (name) => {
      const ns = namespace(name);
      apply(ns, 'freeze', '0');
      ns.saveSettings();
    },
    deleteNamespace: (name) => store.delete(name),
    namespaceInfo: (name) => {
      const ns = store.get(name);
      return ns ? infoOf(ns) : undefined;
    },
    listNamespaces: () => store.names(),
  };
}
