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
