/**
 * RmbClient: a twin's connection to the reliable message bus. Sends signed (and, when both twins
 * publish a `pk`, encrypted) JSON requests to other twins and matches their responses by uid; serves
 * commands for other twins over the same connection (a node emulator answers zos.* this way).
 */
import { randomUUID } from 'crypto';
import {
  Address,
  Envelope,
  JSON_SCHEMA,
  MessageKind,
  decodeEnvelope,
  encodeEnvelope,
  envelopeTtl,
  messageKind,
  nowSeconds,
  signEnvelope,
} from './envelope';
import { RmbConnectionError, RmbError, RmbRemoteError, RmbTimeoutError } from './errors';
import { KeyType, RmbIdentity } from './identity';
import { createRelayToken } from './jwt';
import { RelaySocket } from './relay-socket';
import { PeerProtocol, ReplyError, RmbHandler, RmbSender } from './peer-protocol';
import type { TwinDirectory } from './twin-directory';

export type { CodedError, RmbHandler, RmbSender } from './peer-protocol';

export interface RmbClientOptions {
  /** relay urls to connect to (all of them; requests go out on the first open one) */
  readonly relayUrls: readonly string[];
  /** this client's twin id */
  readonly twinId: number;
  /** the twin's mnemonic, 0x hex seed or dev uri; never logged. Or give `identity` */
  readonly secret?: string;
  /** the twin's identity made already (`RmbIdentity.fromPair`), instead of `secret` */
  readonly identity?: RmbIdentity;
  /** account key type; @default 'sr25519' */
  readonly keyType?: KeyType;
  /** where twins' keys come from (the chain, or an in-memory directory in tests) */
  readonly twins: TwinDirectory;
  /** relay session id: lets several clients of one twin connect at once; @default none (a peer/node) */
  readonly session?: string;
  /** encrypt payloads when both twins publish a matching `pk`; @default true */
  readonly encrypt?: boolean;
  /** default request deadline, ms; @default 60000 */
  readonly requestTimeoutMs?: number;
  /** how long connect() waits for a first relay link, ms; @default 10000 */
  readonly connectTimeoutMs?: number;
  /** lifetime of each relay token, seconds; @default 300 */
  readonly tokenTtlSeconds?: number;
  /** first reconnect delay, ms; @default 250 */
  readonly reconnectInitialDelayMs?: number;
  /** longest reconnect delay, ms; @default 5000 */
  readonly reconnectMaxDelayMs?: number;
  /** websocket ping interval that detects dead links, ms; @default 20000 */
  readonly heartbeatMs?: number;
}

export interface RequestOptions {
  /** deadline for the answer, ms; also sets the envelope TTL; @default the client's requestTimeoutMs */
  readonly timeoutMs?: number;
  /** the destination's session (connection) id; @default none: the twin's peer */
  readonly connection?: string;
  /** envelope tags, e.g. `fail-fast` */
  readonly tags?: string;
}

interface Pending {
  readonly destinationTwin: number;
  readonly command: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

const RESPONSE_TTL_SECONDS = 300;

const textEncoder = new TextEncoder();

/** A twin's RMB connection. */
export class RmbClient {
  /** the signing identity (account key + payload key) */
  readonly identity: RmbIdentity;
  readonly twinId: number;
  private readonly sockets: RelaySocket[];
  private readonly protocol: PeerProtocol;
  private readonly pending = new Map<string, Pending>();
  private readonly handlers = new Map<string, RmbHandler>();
  private readonly waiters = new Set<() => void>();
  private started = false;
  private closed = false;

  constructor(private readonly opts: RmbClientOptions) {
    if (opts.relayUrls.length === 0)
      throw new RmbConnectionError('rmb: relayUrls is empty; give at least one relay url');
    if (!Number.isInteger(opts.twinId) || opts.twinId <= 0)
      throw new RmbError(`rmb: twinId must be a positive integer, got ${opts.twinId}`);
    if (opts.identity) this.identity = opts.identity;
    else if (opts.secret !== undefined)
      this.identity = RmbIdentity.fromSecret(opts.secret, opts.keyType ?? 'sr25519');
    else throw new RmbError("rmb: give the twin's secret (or its identity) to sign with");
    this.twinId = opts.twinId;
    this.protocol = new PeerProtocol(this.identity, opts.twinId, opts.twins, opts.encrypt ?? true);
    this.sockets = opts.relayUrls.map(
      (url) =>
        new RelaySocket({
          url,
          token: () =>
            createRelayToken(this.identity, opts.twinId, {
              sid: opts.session,
              ttlSeconds: opts.tokenTtlSeconds ?? 300,
            }),
          onMessage: (data) => void this.onFrame(data),
          onStateChange: () => this.notify(),
          initialDelayMs: opts.reconnectInitialDelayMs,
          maxDelayMs: opts.reconnectMaxDelayMs,
          heartbeatMs: opts.heartbeatMs,
        }),
    );
  }

  /** This client's address: twin + session. */
  get address(): Address {
    return this.opts.session !== undefined
      ? { twin: this.twinId, connection: this.opts.session }
      : { twin: this.twinId };
  }

  /** True while at least one relay link is open. */
  get connected(): boolean {
    return this.sockets.some((s) => s.isOpen);
  }

  /**
   * Opens the relay links; resolves once one is open. Rejects with RmbConnectionError (and closes)
   * when every relay refused the token or none opened within connectTimeoutMs.
   */
  async connect(): Promise<this> {
    if (this.closed) throw new RmbConnectionError('rmb: client is closed; create a new RmbClient');
    if (!this.started) {
      this.started = true;
      for (const s of this.sockets) s.start();
    }
    try {
      await this.waitOpen(Date.now() + (this.opts.connectTimeoutMs ?? 10_000), true);
    } catch (err) {
      await this.close();
      throw err;
    }
    return this;
  }

  /** Serves `command` (e.g. `zos.deployment.get`) for other twins. */
  handle(command: string, handler: RmbHandler): this {
    if (this.handlers.has(command))
      throw new RmbError(`rmb: a handler for '${command}' is already registered`);
    this.handlers.set(command, handler);
    return this;
  }

  /**
   * Sends `payload` as JSON to `destinationTwin` and resolves the decoded JSON answer.
   * Rejects with RmbTimeoutError (no answer in time), RmbRemoteError (error envelope) or
   * RmbConnectionError (no relay link).
   */
  async request<T = unknown>(
    destinationTwin: number,
    command: string,
    payload?: unknown,
    opts: RequestOptions = {},
  ): Promise<T> {
    if (this.closed) throw new RmbConnectionError('rmb: client is closed; create a new RmbClient');
    const timeoutMs = opts.timeoutMs ?? this.opts.requestTimeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    const dest = await this.opts.twins.getTwin(destinationTwin);
    if (!dest) throw new RmbError(`rmb: twin ${destinationTwin} not found; check the node's twin id`);
    const body = payload === undefined ? new Uint8Array() : textEncoder.encode(JSON.stringify(payload));
    const sealed = await this.protocol.seal(dest, body);
    const uid = randomUUID();
    const env = signEnvelope(
      {
        uid,
        ...(opts.tags !== undefined ? { tags: opts.tags } : {}),
        timestamp: nowSeconds(),
        expiration: Math.max(1, Math.ceil(timeoutMs / 1000)),
        source: this.address,
        destination:
          opts.connection !== undefined
            ? { twin: destinationTwin, connection: opts.connection }
            : { twin: destinationTwin },
        request: { command },
        schema: JSON_SCHEMA,
        ...sealed,
      },
      this.identity,
    );
    const answer = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(uid);
        reject(new RmbTimeoutError(destinationTwin, command, timeoutMs));
      }, timeoutMs);
      this.pending.set(uid, {
        destinationTwin,
        command,
        resolve: resolve as (v: unknown) => void,
        reject,
        timer,
      });
    });
    try {
      await this.send(encodeEnvelope(env), deadline);
    } catch (err) {
      const p = this.pending.get(uid);
      if (p) {
        clearTimeout(p.timer);
        this.pending.delete(uid);
        p.reject(err as Error);
      }
    }
    return answer;
  }

  /** Round trip through the relay (envelope ping/pong); resolves when the pong arrives. */
  async ping(timeoutMs = 10_000): Promise<void> {
    const uid = randomUUID();
    const env: Envelope = {
      uid,
      timestamp: nowSeconds(),
      expiration: Math.max(1, Math.ceil(timeoutMs / 1000)),
      source: this.address,
      destination: { twin: 0 },
      ping: {},
    };
    const answer = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(uid);
        reject(new RmbTimeoutError(0, 'ping', timeoutMs));
      }, timeoutMs);
      this.pending.set(uid, { destinationTwin: 0, command: 'ping', resolve: () => resolve(), reject, timer });
    });
    await this.send(encodeEnvelope(env), Date.now() + timeoutMs).catch((err: Error) => this.settle(uid, err));
    return answer;
  }

  /** Closes every relay link; pending requests reject with RmbConnectionError. */
  async close(): Promise<void> {
    this.closed = true;
    for (const uid of [...this.pending.keys()])
      this.settle(uid, new RmbConnectionError('rmb: client closed before the answer arrived'));
    await Promise.all(this.sockets.map((s) => s.stop()));
    this.notify();
  }

  // ---- internals ----

  private notify(): void {
    for (const wake of [...this.waiters]) wake();
    this.waiters.clear();
  }

  private describeLinks(): string {
    return this.sockets.map((s) => `${s.url}: ${s.lastError ?? 'not connected yet'}`).join('; ');
  }

  private async waitOpen(deadline: number, failOnRefusal: boolean): Promise<void> {
    for (;;) {
      if (this.connected) return;
      if (this.closed) throw new RmbConnectionError('rmb: client is closed');
      const refused = this.sockets.every(
        (s) => s.lastStatus !== undefined && s.lastStatus >= 400 && s.lastStatus < 500,
      );
      if (failOnRefusal && refused)
        throw new RmbConnectionError(`rmb: every relay refused twin ${this.twinId}: ${this.describeLinks()}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new RmbConnectionError(
          `rmb: no relay connection for twin ${this.twinId}: ${this.describeLinks()}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private async send(bytes: Uint8Array, deadline: number): Promise<void> {
    for (;;) {
      for (const s of this.sockets) if (s.send(bytes)) return;
      await this.waitOpen(deadline, false);
    }
  }

  private settle(uid: string, result: Error | { value: unknown }): void {
    const p = this.pending.get(uid);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(uid);
    if (result instanceof Error) p.reject(result);
    else p.resolve(result.value);
  }

  private async onFrame(data: Uint8Array): Promise<void> {
    let env: Envelope;
    let kind: MessageKind | undefined;
    try {
      env = decodeEnvelope(data);
      kind = messageKind(env);
    } catch {
      return; // not an envelope: nothing to answer
    }
    if (kind === 'pong') return this.settle(env.uid, { value: undefined });
    if (kind === 'request') return this.serve(env);
    if (kind === 'response' || kind === 'error') return this.receive(env);
  }

  private async receive(env: Envelope): Promise<void> {
    const p = this.pending.get(env.uid);
    if (!p) return; // late answer to a request that already timed out
    const from = env.source?.twin ?? 0;
    if (from === 0) {
      // the relay's own error reports are unsigned and have no source
      if (env.error)
        this.settle(env.uid, new RmbRemoteError(env.error.code, env.error.message, 0, p.command));
      return;
    }
    if (from !== p.destinationTwin) return; // not from the twin we asked
    let body: Uint8Array;
    try {
      body = await this.protocol.open(env);
    } catch (err) {
      const { code, message } = ReplyError.from(err);
      return this.settle(
        env.uid,
        new RmbError(`rmb: dropped the answer of twin ${from} to '${p.command}': ${message} (${code})`),
      );
    }
    if (env.error)
      return this.settle(env.uid, new RmbRemoteError(env.error.code, env.error.message, from, p.command));
    if (env.schema !== undefined && env.schema !== JSON_SCHEMA) {
      return this.settle(
        env.uid,
        new RmbError(
          `rmb: twin ${from} answered '${p.command}' with schema '${env.schema}', expected '${JSON_SCHEMA}'`,
        ),
      );
    }
    const text = Buffer.from(body).toString('utf8');
    try {
      this.settle(env.uid, { value: text.length === 0 ? undefined : JSON.parse(text) });
    } catch {
      this.settle(
        env.uid,
        new RmbError(`rmb: twin ${from} answered '${p.command}' with a payload that is not JSON`),
      );
    }
  }

  private async serve(req: Envelope): Promise<void> {
    const source = req.source;
    if (!source || source.twin === 0) return;
    const sender: RmbSender =
      source.connection !== undefined
        ? { twin: source.twin, connection: source.connection }
        : { twin: source.twin };
    const base: Envelope = {
      uid: req.uid,
      timestamp: nowSeconds(),
      expiration: RESPONSE_TTL_SECONDS,
      source: this.address,
      destination: sender,
      schema: JSON_SCHEMA,
    };
    let reply: Envelope;
    try {
      const body = await this.protocol.open(req);
      if (req.schema !== undefined && req.schema !== JSON_SCHEMA)
        throw new ReplyError(0, `invalid schema received expected '${JSON_SCHEMA}'`);
      const handler = this.handlers.get(req.request?.command ?? '');
      if (!handler) throw new ReplyError(0, 'function is not found');
      const text = Buffer.from(body).toString('utf8');
      let payload: unknown;
      try {
        payload = text.length === 0 ? undefined : JSON.parse(text);
      } catch {
        throw new ReplyError(0, 'invalid payload: not JSON');
      }
      const result = await handler(sender, payload);
      const senderTwin = await this.opts.twins.getTwin(sender.twin);
      const answer = textEncoder.encode(JSON.stringify(result ?? null));
      reply = {
        ...base,
        response: {},
        ...(senderTwin ? await this.protocol.seal(senderTwin, answer) : { plain: answer }),
      };
    } catch (err) {
      const { code, message } = ReplyError.from(err);
      reply = { ...base, error: { code, message } };
    }
    const deadline = Date.now() + Math.max(1000, envelopeTtl(req) * 1000);
    await this.send(encodeEnvelope(signEnvelope(reply, this.identity)), deadline).catch(() => undefined);
  }
}
