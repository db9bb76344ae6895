/**
 * One websocket link to one relay that keeps itself up: a fresh JWT per attempt, exponential
 * backoff with jitter between attempts, and websocket pings to detect a dead link.
 */
import WebSocket from 'ws';

export interface RelaySocketOptions {
  /** relay url, e.g. `wss://relay.dev.grid.tf` or `ws://127.0.0.1:4000` */
  readonly url: string;
  /** builds the token for one connection attempt */
  readonly token: () => string;
  /** called with every binary frame received */
  readonly onMessage: (data: Uint8Array) => void;
  /** called when the link opens, fails, or drops */
  readonly onStateChange?: () => void;
  /** first reconnect delay, ms; @default 250 */
  readonly initialDelayMs?: number;
  /** longest reconnect delay, ms; @default 5000 */
  readonly maxDelayMs?: number;
  /** interval of websocket pings; a link that misses one pong is dropped; ms; @default 20000 */
  readonly heartbeatMs?: number;
}

/** A self-reconnecting relay connection. */
export class RelaySocket {
  /** why the last attempt failed or the link dropped (never contains the token) */
  lastError?: string;
  /** HTTP status of the last refused handshake (401: bad token, 404: unknown twin) */
  lastStatus?: number;
  /** connection attempts that failed since the last successful open */
  failures = 0;
  private ws?: WebSocket;
  private stopped = true;
  private retryTimer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private delayMs: number;

  constructor(private readonly opts: RelaySocketOptions) {
    this.delayMs = opts.initialDelayMs ?? 250;
  }

  get url(): string {
    return this.opts.url;
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Starts connecting (and reconnecting until stop()). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt();
  }

  /** Sends one binary frame; false when the link is not open. */
  send(data: Uint8Array): boolean {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(data);
    return true;
  }

  /** Drops the link without stopping: the next attempt follows the backoff. */
  drop(): void {
    this.ws?.terminate();
  }

  /** Closes the link and stops reconnecting; resolves once the socket is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeat);
    const ws = this.ws;
    this.ws = undefined;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.terminate();
    });
  }

  private attempt(): void {
    if (this.stopped) return;
    const url = new URL(this.opts.url);
    url.search = `?${this.opts.token()}`;
    const ws = new WebSocket(url, { handshakeTimeout: 10_000 });
    this.ws = ws;
    let attemptError: string | undefined;
    let status: number | undefined;
    let opened = false;
    let alive = true;

    ws.on('unexpected-response', (_req, res) => {
      status = res.statusCode;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body = (body + chunk).slice(0, 500)));
      res.on('end', () => {
        attemptError = `relay refused the connection: HTTP ${status}${body ? ` ${body.trim()}` : ''}`;
        ws.terminate();
      });
      res.on('error', () => ws.terminate());
    });
    ws.on('error', (err) => (attemptError ??= err.message));
    ws.on('open', () => {
      opened = true;
      this.failures = 0;
      this.lastStatus = undefined;
      this.lastError = undefined;
      this.delayMs = this.opts.initialDelayMs ?? 250;
      this.heartbeat = setInterval(() => {
        if (!alive) return ws.terminate();
        alive = false;
        ws.ping();
      }, this.opts.heartbeatMs ?? 20_000);
      this.heartbeat.unref();
      this.opts.onStateChange?.();
    });
    ws.on('pong', () => (alive = true));
    ws.on('message', (data, isBinary) => {
      // the relay only speaks binary protobuf
      if (isBinary) this.opts.onMessage(toBytes(data));
    });
    ws.on('close', (code, reason) => {
      clearInterval(this.heartbeat);
      if (this.ws === ws) this.ws = undefined;
      if (opened)
        this.lastError = `relay closed the connection (${code}${reason.length ? ` ${reason.toString()}` : ''})`;
      else {
        this.failures++;
        this.lastStatus = status;
        this.lastError = attemptError ?? 'connection closed during the handshake';
      }
      this.opts.onStateChange?.();
      if (this.stopped) return;
      const jitter = 0.8 + Math.random() * 0.4;
      this.retryTimer = setTimeout(() => this.attempt(), Math.round(this.delayMs * jitter));
      this.delayMs = Math.min(this.delayMs * 2, this.opts.maxDelayMs ?? 5000);
    });
  }
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
