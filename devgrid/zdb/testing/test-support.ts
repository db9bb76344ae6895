/**
 * Helpers for the zdb tests: temp data dirs, a server, ioredis clients and a raw socket client.
 * Everything binds 127.0.0.1 and is closed by `cleanup()`.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import Redis from 'ioredis';
import { startZdbServer, ZdbServer, ZdbServerOptions } from '../server';

export class ZdbTestBed {
  readonly dirs: string[] = [];
  readonly servers: ZdbServer[] = [];
  readonly clients: Redis[] = [];
  readonly sockets: net.Socket[] = [];

  tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdb-test-'));
    this.dirs.push(dir);
    return dir;
  }

  async server(options: Partial<ZdbServerOptions> = {}): Promise<ZdbServer> {
    const server = await startZdbServer({ dataDir: options.dataDir ?? this.tempDir(), ...options });
    this.servers.push(server);
    return server;
  }

  /** An ioredis client (no reconnects: a closed connection stays closed). */
  client(server: ZdbServer): Redis {
    const redis = new Redis({
      host: '127.0.0.1',
      port: server.port,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    redis.on('error', () => undefined);
    this.clients.push(redis);
    return redis;
  }

  /** A raw TCP connection collecting everything the server sends. */
  async raw(server: ZdbServer): Promise<RawClient> {
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    this.sockets.push(socket);
    return new RawClient(socket);
  }

  async cleanup(): Promise<void> {
    for (const c of this.clients) if (c.status !== 'end') c.disconnect();
    for (const s of this.sockets) s.destroy();
    for (const s of this.servers) await s.close();
    for (const d of this.dirs) fs.rmSync(d, { recursive: true, force: true });
    this.clients.length = 0;
    this.sockets.length = 0;
    this.servers.length = 0;
    this.dirs.length = 0;
  }
}

export class RawClient {
  closed = false;
  private chunks: Buffer[] = [];
  private receivedBytes = 0;
  private waiters: (() => void)[] = [];

  constructor(readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      this.chunks.push(d);
      this.receivedBytes += d.length;
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  /** Everything received so far. */
  get received(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private next(): Promise<void> {
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  write(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  /** Wait until the received text contains `text` (or the socket closed); returns all received text. */
  async waitFor(text: string): Promise<string> {
    while (!this.received.toString('latin1').includes(text) && !this.closed) await this.next();
    return this.received.toString('latin1');
  }

  /** Wait until at least `count` bytes arrived (or the socket closed). */
  async waitForBytes(count: number): Promise<Buffer> {
    while (this.receivedBytes < count && !this.closed) await this.next();
    return this.received;
  }

  /** Wait until the server closed the connection. */
  async waitClosed(): Promise<void> {
    while (!this.closed) await this.next();
  }
}

/** Little-endian 8-byte sequential id. */
export function seqId(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}
