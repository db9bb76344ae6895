/**
 * Where the RMB client and relay learn a twin's keys. The chain client implements this against
 * tfchain (`tfgridModule.twins`); tests and the dev grid use `InMemoryTwinDirectory`.
 */
import type { KeyType } from './identity';

/** A twin as RMB needs it. */
export interface TwinInfo {
  /** twin id on chain */
  readonly id: number;
  /** the twin's account public key (32 bytes), verifies JWTs and envelope signatures */
  readonly accountPublicKey: Uint8Array;
  /** key type of the account; when set, signatures of the other type are refused */
  readonly keyType?: KeyType;
  /** relay host names the twin is reachable on (chain field `relay`, split on `_`) */
  readonly relays: readonly string[];
  /** compressed secp256k1 public key (33 bytes, chain field `pk`); enables payload encryption */
  readonly pk?: Uint8Array;
}

/** Looks twins up; resolves undefined for a twin that does not exist. */
export interface TwinDirectory {
  getTwin(twinId: number): Promise<TwinInfo | undefined>;
  /** many twins at once, in the order asked (optional: a directory that can read them in bulk) */
  getTwins?(twinIds: readonly number[]): Promise<(TwinInfo | undefined)[]>;
}

/** A TwinDirectory held in memory. */
export class InMemoryTwinDirectory implements TwinDirectory {
  private readonly twins = new Map<number, TwinInfo>();

  constructor(twins: readonly TwinInfo[] = []) {
    for (const twin of twins) this.set(twin);
  }

  /** Adds or replaces a twin. */
  set(twin: TwinInfo): this {
    this.twins.set(twin.id, twin);
    return this;
  }

  delete(twinId: number): boolean {
    return this.twins.delete(twinId);
  }

  async getTwin(twinId: number): Promise<TwinInfo | undefined> {
    return this.twins.get(twinId);
  }
}

/**
 * Caches another directory's answers (the chain is slow and every envelope needs its sender's keys).
 * Unknown twins are not cached, so a twin created a moment ago is found on the next call.
 */
export class CachedTwinDirectory implements TwinDirectory {
  private readonly cache = new Map<number, { at: number; twin: Promise<TwinInfo | undefined> }>();

  constructor(
    private readonly inner: TwinDirectory,
    /** how long an answer is reused, ms; a twin's keys and pk rarely change; @default 60000 */
    private readonly ttlMs = 60_000,
  ) {}

  getTwin(twinId: number): Promise<TwinInfo | undefined> {
    const hit = this.cache.get(twinId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.twin;
    const twin = this.inner.getTwin(twinId);
    this.keep(twinId, twin);
    return twin;
  }

  private keep(twinId: number, twin: Promise<TwinInfo | undefined>): void {
    this.cache.set(twinId, { at: Date.now(), twin });
    // failures and unknown twins are asked again next time
    twin.then(
      (t) => t === undefined && this.cache.get(twinId)?.twin === twin && this.cache.delete(twinId),
      () => this.cache.get(twinId)?.twin === twin && this.cache.delete(twinId),
    );
  }

  /**
   * Reads the twins not kept yet in one request, when the directory can (`getTwins`), so that the
   * `getTwin` calls that follow are answered from the cache. A failed read is forgotten.
   */
  async load(twinIds: Iterable<number>): Promise<void> {
    const inner = this.inner;
    if (!inner.getTwins) return;
    const now = Date.now();
    const missing = [...new Set(twinIds)].filter((id) => {
      const hit = this.cache.get(id);
      return !hit || now - hit.at >= this.ttlMs;
    });
    if (missing.length === 0) return;
    const all = inner.getTwins(missing);
    missing.forEach((id, i) =>
      this.keep(
        id,
        all.then((twins) => twins[i]),
      ),
    );
    await all.catch(() => undefined);
  }

  /** Forgets one twin (e.g. after a `TwinUpdated` event) or all of them. */
  invalidate(twinId?: number): void {
    if (twinId === undefined) this.cache.clear();
    else this.cache.delete(twinId);
  }
}
