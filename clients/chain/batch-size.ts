/**
 * Sizing `utility.batchAll` extrinsics to what the chain accepts. A Substrate chain refuses an
 * extrinsic whose weight is over its class's `max_extrinsic` or whose length is over the block
 * length (`InvalidTransaction::ExhaustsResources`), and a block takes normal extrinsics only up to
 * 75 % of its weight. TFChain's limits come from its metadata (`system.blockWeights`,
 * `system.blockLength`, `utility.batchedCallsLimit`) and the calls' weights from the chain itself
 * (TransactionPaymentApi query_info), so the same code fits whatever chain it talks to.
 *
 * `packBatches` is the pure part: consecutive calls, in order, into the fewest batches within the
 * limits (greedy is optimal for consecutive groups). `BatchSizer` does the I/O: it reads the limits
 * once and weighs each kind of call (`section.method`) once, assuming calls of one kind weigh the
 * same (TFChain's weights for contract and kvstore calls take no argument).
 */
import type { ApiPromise } from '@polkadot/api';
import type { Call } from '@polkadot/types/interfaces';
import type { Extrinsic } from './submit';

/** The call of an extrinsic, or the call itself (a Call's `method` is its name, an extrinsic's its Call). */
const callIn = (x: Extrinsic | Call): { section: string; method: string; encodedLength: number } =>
  typeof x.method === 'string' ? (x as Call) : (x as Extrinsic).method;

/** What a batch may hold, for one extrinsic of the normal class. */
export interface BatchLimits {
  /** largest weight one extrinsic may declare (ps of ref time, bytes of proof) */
  readonly maxRefTime: bigint;
  readonly maxProofSize: bigint;
  /** largest encoded extrinsic, bytes */
  readonly maxLength: number;
  /** utility's batched_calls_limit */
  readonly maxCalls: number;
}

/** What one item (one or more calls that must stay in the same batch) adds to a batch. */
export interface BatchCost {
  readonly refTime: bigint;
  readonly proofSize: bigint;
  /** encoded bytes */
  readonly length: number;
  /** calls */
  readonly calls: number;
}

/** Bytes a signed extrinsic adds around its call (address, signature, era, nonce, tip) and the batch's own header: generous. */
export const EXTRINSIC_OVERHEAD_BYTES = 256;

const add = (a: BatchCost, b: BatchCost): BatchCost => ({
  refTime: a.refTime + b.refTime,
  proofSize: a.proofSize + b.proofSize,
  length: a.length + b.length,
  calls: a.calls + b.calls,
});

const fits = (c: BatchCost, limits: BatchLimits) =>
  c.refTime <= limits.maxRefTime &&
  c.proofSize <= limits.maxProofSize &&
  c.length <= limits.maxLength &&
  c.calls <= limits.maxCalls;

/**
 * How many consecutive items go in each batch, in order: the fewest batches where each stays within
 * `limits`, counting `base` (the batch call's own weight and the extrinsic's bytes) once per batch.
 * Throws when one item alone does not fit (the chain would refuse it however it is sent).
 */
export function packBatches(costs: readonly BatchCost[], base: BatchCost, limits: BatchLimits): number[] {
  const sizes: number[] = [];
  let current = base;
  let count = 0;
  for (const [i, cost] of costs.entries()) {
    const next = add(current, cost);
    if (fits(next, limits)) {
      current = next;
      count++;
      continue;
    }
    if (count === 0 || !fits(add(base, cost), limits))
      throw new Error(
        `call ${i + 1} of the batch is too big for one block of this chain (weight ${cost.refTime} ps, ${cost.length} bytes; an extrinsic may have ${limits.maxRefTime} ps and ${limits.maxLength} bytes)`,
      );
    sizes.push(count);
    current = add(base, cost);
    count = 1;
  }
  if (count > 0) sizes.push(count);
  return sizes;
}

const big = (v: unknown): bigint => BigInt(String(v ?? 0));

/** The normal class's limits from the chain's metadata constants. */
export function readBatchLimits(api: ApiPromise): BatchLimits {
  const weights = api.consts.system.blockWeights.toJSON() as {
    perClass: { normal: { maxExtrinsic: { refTime: unknown; proofSize: unknown } | null } };
  };
  const length = api.consts.system.blockLength.toJSON() as { max: { normal: number } };
  const max = weights.perClass.normal.maxExtrinsic;
  const unlimited = 2n ** 64n - 1n;
  const callsLimit = api.consts.utility?.batchedCallsLimit;
  return {
    maxRefTime: max ? big(max.refTime) : unlimited,
    maxProofSize: max ? big(max.proofSize) : unlimited,
    maxLength: Number(length.max.normal),
    maxCalls: callsLimit ? Number(callsLimit.toString()) : Number.MAX_SAFE_INTEGER,
  };
}

/** Splits calls into batches the chain accepts, from its limits and the weights it answers. */
export class BatchSizer {
  private limits?: BatchLimits;
  /** weight of a `utility.batchAll` with no call */
  private base?: { refTime: bigint; proofSize: bigint };
  /** weight one call of a kind adds to a batch (its own and the batch's part per call), by `section.method` */
  private readonly perKind = new Map<string, Promise<{ refTime: bigint; proofSize: bigint }>>();

  constructor(
    private readonly api: ApiPromise,
    /** the address that will sign (weights are queried as from it) */
    private readonly address: string,
  ) {}

  /**
   * How many consecutive items go in each batch, in order. `callsOf` gives an item's calls, which
   * stay together in one batch (a name contract and its ownership record).
   */
  async sizes<T>(
    items: readonly T[],
    callsOf: (item: T) => readonly (Extrinsic | Call)[],
  ): Promise<number[]> {
    if (items.length === 0) return [];
    const limits = (this.limits ??= readBatchLimits(this.api));
    this.base ??= await this.weigh(this.api.tx.utility.batchAll([]));
    const costs: BatchCost[] = [];
    for (const item of items) {
      let cost: BatchCost = { refTime: 0n, proofSize: 0n, length: 0, calls: 0 };
      for (const x of callsOf(item)) {
        const call = callIn(x);
        const w = await this.perCall(x, `${call.section}.${call.method}`);
        cost = add(cost, { ...w, length: call.encodedLength, calls: 1 });
      }
      costs.push(cost);
    }
    // the compact call count grows the batch by up to 4 bytes: inside the overhead
    const base: BatchCost = { ...this.base, length: EXTRINSIC_OVERHEAD_BYTES, calls: 0 };
    return packBatches(costs, base, limits);
  }

  private perCall(tx: Extrinsic | Call, kind: string): Promise<{ refTime: bigint; proofSize: bigint }> {
    let known = this.perKind.get(kind);
    if (!known) {
      // batchAll([tx, tx]) - batchAll([tx]): the call plus the batch's part per call
      known = Promise.all([
        this.weigh(this.api.tx.utility.batchAll([tx])),
        this.weigh(this.api.tx.utility.batchAll([tx, tx])),
      ]).then(([one, two]) => ({
        refTime: two.refTime - one.refTime,
        proofSize: two.proofSize - one.proofSize,
      }));
      this.perKind.set(kind, known);
      known.catch(() => this.perKind.delete(kind));
    }
    return known;
  }

  private async weigh(tx: Extrinsic): Promise<{ refTime: bigint; proofSize: bigint }> {
    const info = await tx.paymentInfo(this.address);
    return { refTime: info.weight.refTime.toBigInt(), proofSize: info.weight.proofSize.toBigInt() };
  }
}
