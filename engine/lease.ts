/**
 * One apply or destroy of a project at a time: a lease kept on chain in the account's TFKVStore
 * entries (key `tfgrid-iac/lease/<project>`, value `{token, holder, expiresAt}`), so two CI jobs
 * on two machines see the same lease.
 *
 * Taking it: read the entry; when it is free, expired or ours, write a fresh random token, wait for
 * the block that holds the write, and read it back. Only the writer whose token stands holds the
 * lease. A writer whose write landed on a live lease of another (read at the block just before
 * its own) lost a race and puts the previous value back. The holder renews the lease while it
 * works (every third of its lifetime), so a crashed holder's lease lapses after `ttlMs`; it is
 * deleted when the work ends. Expiry is wall-clock time, ms since the epoch.
 *
 * Releasing does not wait for a block: the deletion is handed to the chain's pool and the holder
 * goes on once the pool accepted it. Every lease write of the account is one of its extrinsics, so
 * nonce order puts the deletion before any later write (another process's take sees the lease
 * free once the block holds it). A deletion that still fails is harmless: the lease lapses after
 * its ttl, or at once for the next apply on the same host (the holder's process is gone).
 */
import { randomBytes } from 'crypto';
import { hostname } from 'os';
import { ChainError } from '../clients/chain/chain-error';
import type { GridBackend } from './backend';

export const LEASE_PREFIX = 'tfgrid-iac/lease/';

/** The TFKVStore key of a project's lease. */
export const leaseKey = (project: string): string => `${LEASE_PREFIX}${project}`;

export interface LeaseRecord {
  readonly token: string;
  /** who holds it, for people: host and process */
  readonly holder: string;
  /** ms since the epoch */
  readonly expiresAt: number;
}

/**
 * True while a lease holds: not expired, and not held by a process of this host that is gone (an
 * apply killed with kill -9 leaves its lease behind: the next apply on the machine takes it at once
 * instead of waiting for it to lapse).
 */
export function isLive(lease: LeaseRecord, now = Date.now()): boolean {
  if (lease.expiresAt <= now) return false;
  const prefix = `${hostname()} pid `;
  const pid = lease.holder.startsWith(prefix) ? Number(lease.holder.slice(prefix.length)) : NaN;
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function parseLease(value: string | undefined): LeaseRecord | undefined {
  if (value === undefined) return undefined;
  try {
    const v = JSON.parse(value) as Partial<LeaseRecord>;
    if (typeof v.token === 'string' && typeof v.holder === 'string' && typeof v.expiresAt === 'number')
      return { token: v.token, holder: v.holder, expiresAt: v.expiresAt };
  } catch {
    // not ours: treat as free
  }
  return undefined;
}

export interface LeaseOptions {
  /** how long a lease lives without renewal, ms. @default 120000 */
  readonly ttlMs?: number;
  /** how long to wait for another holder, ms (0: fail at once). @default 300000 */
  readonly waitMs?: number;
  /** how often to look again while waiting, ms. @default 2000 */
  readonly pollMs?: number;
  /** told once when the lease is held by another and we wait */
  readonly onWait?: (held: LeaseRecord) => void;
  /** who we are, for the other side's messages. @default `<host> pid <pid>` */
  readonly holder?: string;
}

/** The lease is held by another apply or destroy and the wait ran out. */
export class LeaseHeldError extends Error {
  constructor(
    readonly project: string,
    readonly held: LeaseRecord,
  ) {
    super(
      `project '${project}' is locked by ${held.holder} until ${new Date(held.expiresAt).toISOString()} ` +
        `(another apply or destroy): wait for it, pass a longer --lock-timeout, or if that process is gone, ` +
        `run 'tfgrid unlock <program>'`,
    );
  }
}

export class ProjectLease {
  private readonly token = randomBytes(16).toString('hex');
  private readonly ttlMs: number;
  private readonly holder: string;
  private renewal?: NodeJS.Timeout;
  private renewing: Promise<unknown> = Promise.resolve();
  /** the block whose write of ours made us the holder */
  private takenIn?: string;

  constructor(
    private readonly backend: GridBackend,
    readonly project: string,
    private readonly opts: LeaseOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 120_000;
    this.holder = opts.holder ?? `${hostname()} pid ${process.pid}`;
  }

  private get key(): string {
    return leaseKey(this.project);
  }

  /** A fresh value of the lease that names us (written alone, or first in a batch: lease-in-batch.ts). */
  record(): string {
    return JSON.stringify({ token: this.token, holder: this.holder, expiresAt: Date.now() + this.ttlMs });
  }

  /** Whether we hold the lease; `block` is where our write that took it landed. */
  get held(): { readonly block: string } | undefined {
    return this.takenIn === undefined ? undefined : { block: this.takenIn };
  }

  /** Takes the lease, waiting up to `waitMs` for another holder; throws LeaseHeldError. */
  async acquire(): Promise<void> {
    const deadline = Date.now() + (this.opts.waitMs ?? 300_000);
    let told = false;
    for (;;) {
      const current = parseLease(await this.backend.kvGet(this.key));
      const live = current && current.token !== this.token && isLive(current);
      if (!live) {
        if (current?.token === this.token || (await this.tryTake())) break;
        continue;
      }
      if (Date.now() >= deadline) throw new LeaseHeldError(this.project, current);
      if (!told) this.opts.onWait?.(current);
      told = true;
      await new Promise((r) => setTimeout(r, Math.min(this.opts.pollMs ?? 2000, deadline - Date.now())));
    }
  }

  /** We hold the lease since our write in `block`: renew it every third of its lifetime. */
  hold(block: string): void {
    this.takenIn = block;
    if (this.renewal) return;
    this.renewal = setInterval(() => {
      this.renewing = this.backend.kvWrite(new Map([[this.key, this.record()]])).catch(() => undefined);
    }, this.ttlMs / 3);
    this.renewal.unref();
  }

  /**
   * One write of the lease. Another process of the same account writing at the same moment takes
   * the same nonce, and the pool refuses one of the two: that writer looks again (nothing changed).
   */
  private async write(value: string): Promise<string | undefined> {
    try {
      return await this.backend.kvWrite(new Map([[this.key, value]]));
    } catch (e) {
      if (e instanceof ChainError && e.kind === 'pool') {
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
        return undefined;
      }
      throw e;
    }
  }

  /**
   * One write and read back, judged at the block our write landed in: we hold the lease when no
   * live lease of another stood just before that block and our token stands at its end (a later
   * write in the same block wins). Writers in later blocks see our live lease before theirs and
   * put it back, so reading the latest value here could see their transient write and make both
   * wait.
   */
  private async tryTake(): Promise<boolean> {
    const block = await this.write(this.record());
    if (block === undefined) return false;
    const { held, overwrote } = await this.judge(block);
    // our write landed on a live lease of another: put it back and wait for it
    if (overwrote !== undefined) await this.restore(overwrote);
    if (held) this.hold(block);
    return held;
  }

  /**
   * Whether our write of the lease that landed in `block` made us the holder. `overwrote`: the live
   * lease of another that it replaced (put it back with `restore`).
   */
  async judge(block: string): Promise<{ readonly held: boolean; readonly overwrote?: string }> {
    const before = await this.backend.kvGet(this.key, block, 'before');
    const overwritten = parseLease(before);
    if (before !== undefined && overwritten && overwritten.token !== this.token && isLive(overwritten))
      return { held: false, overwrote: before };
    return { held: parseLease(await this.backend.kvGet(this.key, block, 'after'))?.token === this.token };
  }

  /** Puts back the lease of another that a write of ours replaced. */
  async restore(value: string): Promise<void> {
    while ((await this.write(value)) === undefined);
  }

  /**
   * Stops renewing and deletes the lease if it is still ours, without waiting for the block that
   * deletes it: resolves once the chain's pool accepted the deletion. Never throws.
   */
  async release(): Promise<void> {
    if (this.renewal) clearInterval(this.renewal);
    this.renewal = undefined;
    this.takenIn = undefined;
    await this.renewing;
    try {
      if (parseLease(await this.backend.kvGet(this.key))?.token !== this.token) return;
      const gone = new Map([[this.key, undefined]]);
      // a pool conflict (another process of the account took the same nonce) is tried again
      for (let tries = 0; tries < 3; tries++) {
        try {
          if (this.backend.kvSubmit) await this.backend.kvSubmit(gone);
          else await this.backend.kvWrite(gone);
          return;
        } catch (e) {
          if (!(e instanceof ChainError && e.kind === 'pool')) throw e;
          await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
        }
      }
    } catch {
      // it lapses on its own
    }
  }
}

/** Runs `work` holding the project's lease. */
export async function withProjectLease<T>(
  backend: GridBackend,
  project: string,
  opts: LeaseOptions,
  work: () => Promise<T>,
): Promise<T> {
  const lease = new ProjectLease(backend, project, opts);
  await lease.acquire();
  try {
    return await work();
  } finally {
    await lease.release();
  }
}

/** The project's lease as the chain has it, or undefined when none is recorded. */
export async function readLease(backend: GridBackend, project: string): Promise<LeaseRecord | undefined> {
  return parseLease(await backend.kvGet(leaseKey(project)));
}

/** Breaks a project's lease (for `tfgrid unlock`): whoever holds it loses it. */
export async function breakLease(backend: GridBackend, project: string): Promise<void> {
  if ((await backend.kvGet(leaseKey(project))) !== undefined)
    await backend.kvWrite(new Map([[leaseKey(project), undefined]]));
}
