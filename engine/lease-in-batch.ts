/**
 * The project lease taken in the block of an apply's first contract batch: the lease write is the
 * first call of that `utility.batchAll`, read back at its block as lease.ts does for a write of its
 * own, so an apply that creates contracts spends no block on the lease.
 *
 * The plan was made before the lease was held, so winning the lease is not enough: nobody may have
 * changed the project between the plan and the batch. Every change of a project is made by a holder
 * of its lease, and taking or deleting the lease is a TFKVStore write of the account. So the batch
 * stands when, read at its block:
 * - no write of the lease key landed after the block that was best when we looked (before the
 *   plan's reads) and before the batch's block (`kvWrittenBetween`, from the blocks' events):
 *   nobody took or released it meanwhile;
 * - no live lease of another stood just before the batch's block (one held since before we looked
 *   is still there, or its deletion would be such a write);
 * - our token stands at the end of the block (a later write in the same block wins).
 * Otherwise the apply lost a race: `LeaseLostError` carries the contracts the batch created, which
 * the apply's rollback cancels; a live lease our write replaced is put back first. The caller then
 * waits for the lease as usual and plans again under it.
 *
 * Any other first change (no contract batch first: an update, a claim, a cancel), or a batch the
 * chain refused (nothing applied), takes the lease as usual first; the same window check then says
 * whether the plan still holds. A lease held by another when we look is waited for at once.
 */
import { ChainError } from '../clients/chain/chain-error';
import type { GridBackend, NewContract } from './backend';
import { isLive, leaseKey, parseLease, type ProjectLease } from './lease';
import { decodeDeploymentData } from './tags';

/** The apply must start again under the lease: another took it, or the grid may have changed before ours. */
export class LeaseLostError extends Error {
  constructor(
    readonly project: string,
    /** contracts the first batch created (the apply's rollback cancels them) */
    readonly created: readonly { readonly contractId: number; readonly what: string }[],
    /** why, when it is not another holder */
    reason?: string,
  ) {
    super(
      `${reason ?? `another apply or destroy of project '${project}' took or released its lease while this one was starting`}: ` +
        `this one undoes its first batch, waits for the lease and plans again`,
    );
    this.name = 'LeaseLostError';
  }
}

/** Calls of GridBackend that change the grid: the first one takes the lease. */
const CHANGES = [
  'updateNodeContract',
  'cancelContracts',
  'kvWrite',
  'kvSubmit',
  'deploy',
  'update',
  'daoPropose',
  'daoVote',
] as const;

/** A backend that can put the lease in a batch. */
type Batching = GridBackend &
  Required<Pick<GridBackend, 'createContractsWith' | 'kvWrittenBetween' | 'bestBlock'>>;

function what(c: NewContract): string {
  if (c.type === 'name') return `name contract '${c.name}'`;
  const unit = decodeDeploymentData(c.deploymentData)?.unit;
  return unit ? `unit '${unit}' on node ${c.nodeId}` : `contract on node ${c.nodeId}`;
}

export class LeaseInBatch {
  /** the backend the apply runs on: its first change takes the lease */
  readonly backend: GridBackend;
  /** set once the apply must start again under the lease (LeaseLostError was thrown) */
  lost = false;
  /** the lease being taken, once the first change asked for it */
  private taking?: Promise<void>;

  private constructor(
    private readonly inner: Batching,
    private readonly lease: ProjectLease,
    /** the best block when we looked: the plan's reads are of it or later */
    private readonly looked: string,
  ) {
    const changes: Partial<Record<keyof GridBackend, unknown>> = {
      createContracts: (contracts: readonly NewContract[]) => this.createContracts(contracts),
    };
    for (const name of CHANGES) {
      const fn = inner[name] as ((...args: unknown[]) => Promise<unknown>) | undefined;
      if (fn)
        changes[name] = async (...args: unknown[]) => {
          // once lost, only the rollback's cancel of what the first batch created goes on
          if (!(this.lost && name === 'cancelContracts')) await this.take();
          return fn(...args);
        };
    }
    this.backend = new Proxy(inner, {
      get: (target, prop, receiver) =>
        prop in changes ? changes[prop as keyof GridBackend] : Reflect.get(target, prop, receiver),
    });
  }

  /**
   * Looks at the lease before the plan's reads. Undefined when the lease cannot go in a batch: the
   * backend cannot, or another holds it (then it was taken as usual, waiting for it).
   */
  static async start(backend: GridBackend, lease: ProjectLease): Promise<LeaseInBatch | undefined> {
    const { createContractsWith, kvWrittenBetween, bestBlock } = backend;
    if (createContractsWith && kvWrittenBetween && bestBlock) {
      const looked = await bestBlock();
      const current = parseLease(await backend.kvGet(leaseKey(lease.project), looked, 'after'));
      if (!current || !isLive(current)) return new LeaseInBatch(backend as Batching, lease, looked);
    }
    await lease.acquire();
    return undefined;
  }

  /** whether a change asked for the lease */
  get started(): boolean {
    return this.taking !== undefined;
  }

  private get key(): string {
    return leaseKey(this.lease.project);
  }

  /** Takes the lease as usual (a change that is not the first batch); throws when the plan may be stale. */
  private take(): Promise<void> {
    return (this.taking ??= (async () => {
      await this.lease.acquire();
      if (await this.inner.kvWrittenBetween(this.key, this.looked, this.lease.held!.block)) this.fail([]);
    })());
  }

  private fail(created: LeaseLostError['created'], reason?: string): never {
    this.lost = true;
    throw new LeaseLostError(this.lease.project, created, reason);
  }

  private async createContracts(contracts: readonly NewContract[]): Promise<number[]> {
    if (this.taking) {
      await this.taking;
      return this.inner.createContracts(contracts);
    }
    let ids: number[] | undefined;
    this.taking = (async () => {
      ids = await this.firstBatch(contracts);
    })();
    await this.taking;
    return ids ?? this.inner.createContracts(contracts);
  }

  /** The lease's write and the batch in one extrinsic; undefined when the chain refused it (the lease is then taken as usual). */
  private async firstBatch(contracts: readonly NewContract[]): Promise<number[] | undefined> {
    let batch: { ids: number[]; blockHash: string };
    try {
      batch = await this.inner.createContractsWith(new Map([[this.key, this.lease.record()]]), contracts);
    } catch (e) {
      // refused by the pool, or failed in its block: nothing of it was applied
      if (!(e instanceof ChainError && (e.kind === 'pool' || e.kind === 'dispatch'))) throw e;
      this.taking = undefined;
      await this.take();
      return undefined;
    }
    const created = batch.ids.map((contractId, i) => ({ contractId, what: what(contracts[i]) }));
    let outcome: { held: boolean; overwrote?: string; moved: boolean };
    try {
      const { held, overwrote } = await this.lease.judge(batch.blockHash);
      const moved = await this.inner.kvWrittenBetween(this.key, this.looked, batch.blockHash);
      outcome = { held, overwrote, moved };
    } catch (e) {
      // the batch is in, but whether it holds the lease cannot be told: the rollback undoes it
      return this.fail(created, `reading the lease back failed: ${(e as Error).message}`);
    }
    if (outcome.held) this.lease.hold(batch.blockHash);
    if (outcome.held && !outcome.moved) return batch.ids;
    // the holder's own renewal writes it again if this fails
    if (outcome.overwrote !== undefined) await this.lease.restore(outcome.overwrote).catch(() => undefined);
    return this.fail(created);
  }
}

export interface LeaseInBatchRun<T> {
  /** the work with the lease taken by its first change (`backend` is the one to run it on) */
  readonly first: (backend: GridBackend) => Promise<T>;
  /** the work again, holding the lease as usual (it plans anew) */
  readonly again: () => Promise<T>;
  /**
   * whether `first`'s failure may run `again`: asked when it lost the lease (its rollback must have
   * undone all), or when it failed before changing anything
   */
  readonly retry: (e: unknown, lost: boolean) => boolean;
  /** told when `again` runs after `first` failed */
  readonly onAgain?: (e: unknown) => void;
}

/** Runs work holding the project's lease, taken in the block of its first contract batch when that is safe. */
export async function withLeaseInBatch<T>(
  lease: ProjectLease,
  backend: GridBackend,
  run: LeaseInBatchRun<T>,
): Promise<T> {
  try {
    const batching = await LeaseInBatch.start(backend, lease);
    if (!batching) return await run.again();
    try {
      return await run.first(batching.backend);
    } catch (e) {
      const untouched = !batching.lost && !batching.started;
      if (!(batching.lost || untouched) || !run.retry(e, batching.lost)) throw e;
      run.onAgain?.(e);
      if (!lease.held) await lease.acquire();
      return await run.again();
    }
  } finally {
    await lease.release();
  }
}
