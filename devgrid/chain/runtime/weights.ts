/**
 * Weights and block limits as TFChain's runtime (spec 149, Substrate polkadot-v1.0.0) has them:
 * `BlockWeights::with_sensible_defaults(2 s of compute, 75 % normal)` and
 * `BlockLength::max_with_normal_ratio(5 MiB, 75 %)` (runtime/src/lib.rs), with Substrate's
 * ExtrinsicBaseWeight, BlockExecutionWeight and RocksDbWeight. Call weights come from each pallet's
 * benchmarked weights.rs and are declared beside the call (pallet.ts `CallSpec.weight`).
 *
 * What frame_system's CheckWeight does with them, and the dev chain copies:
 * - the pool refuses an extrinsic whose weight is over its class's `max_extrinsic`, or whose
 *   length is over its class's block length: `InvalidTransaction::ExhaustsResources`;
 * - a block takes extrinsics while its class's total (base weight included) stays within
 *   `max_total` (normal: 75 %) and the extrinsics' length within the class's maximum; the rest
 *   waits in the pool for the next block.
 * Weights are in picoseconds of reference time (`refTime`) and bytes of proof (`proofSize`).
 */

export interface Weight {
  readonly refTime: bigint;
  readonly proofSize: bigint;
}

export type DispatchClass = 'Normal' | 'Operational' | 'Mandatory';

/** A call's declared weight and class (frame_support's DispatchInfo, without pays_fee: always Yes here). */
export interface DispatchInfo {
  readonly weight: Weight;
  readonly class: DispatchClass;
}

/** u64::MAX: TFChain leaves the proof size of a block unbounded (`Weight::from_parts(2 s, u64::MAX)`). */
export const U64_MAX = 2n ** 64n - 1n;
/** sp_weights: 1 ns of reference time. */
const PER_NANOS = 1000n;
/** RocksDbWeight (Substrate): one storage read 25 µs, one write 100 µs. */
export const DB_WEIGHT = { read: 25_000n * PER_NANOS, write: 100_000n * PER_NANOS } as const;
/**
 * ExtrinsicBaseWeight and BlockExecutionWeight of Substrate's benchmark of 2023-06-16, the last one
 * before the polkadot-v1.0.0 branch TFChain builds on (TFChain's spec 125 metadata, on an older
 * Substrate, had 98_974 ns and 358_523 ns).
 */
export const EXTRINSIC_BASE_WEIGHT: Weight = { refTime: 124_414n * PER_NANOS, proofSize: 0n };
export const BLOCK_EXECUTION_WEIGHT: Weight = { refTime: 390_584n * PER_NANOS, proofSize: 0n };
/** TFChain: 2 s of compute per 6 s block. */
export const TFCHAIN_MAX_BLOCK_REF_TIME = 2_000_000_000_000n;
/** TFChain: 5 MiB per block. */
export const TFCHAIN_MAX_BLOCK_LENGTH = 5 * 1024 * 1024;
/** TFChain's NORMAL_DISPATCH_RATIO, percent. */
const NORMAL_PERCENT = 75n;
/** Substrate's sensible default: a block's initialization may take 10 % of it. */
const INIT_PERCENT = 10n;

export const weight = (refTime: bigint | number, proofSize: bigint | number = 0): Weight => ({
  refTime: BigInt(refTime),
  proofSize: BigInt(proofSize),
});

export const addWeights = (...ws: readonly Weight[]): Weight =>
  ws.reduce((a, b) => weight(a.refTime + b.refTime, a.proofSize + b.proofSize), weight(0));

/**
 * A benchmarked weight as weights.rs writes it: `Weight::from_parts(refTime, proofSize)` plus
 * `reads` and `writes` of RocksDbWeight.
 */
export function benchmarked(refTime: number, proofSize: number, reads = 0, writes = 0): Weight {
  return weight(
    BigInt(refTime) + BigInt(reads) * DB_WEIGHT.read + BigInt(writes) * DB_WEIGHT.write,
    proofSize,
  );
}

/** Perbill-style percentage of a u64, rounded down. */
const percentOf = (value: bigint, percent: bigint): bigint => (value * percent) / 100n;

interface ClassLimits {
  readonly baseExtrinsic: Weight;
  /** the largest weight one extrinsic may declare (base excluded); undefined: unlimited */
  readonly maxExtrinsic?: Weight;
  /** the class's share of a block (bases included); undefined: unlimited */
  readonly maxTotal?: Weight;
  /** what the class may still use once the block is full; undefined: unlimited */
  readonly reserved?: Weight;
}

/** Options of the dev chain: TFChain's limits unless a test lowers them to fill blocks with a few calls. */
export interface BlockLimitOptions {
  /** reference time of a whole block, ps. @default 2_000_000_000_000 (TFChain: 2 s) */
  readonly maxBlockRefTime?: bigint | number;
  /** bytes of a whole block. @default 5 MiB (TFChain) */
  readonly maxBlockLength?: number;
}

const over = (w: Weight, max: Weight | undefined): boolean =>
  max !== undefined && (w.refTime > max.refTime || w.proofSize > max.proofSize);

/** frame_system's BlockWeights and BlockLength, built the way TFChain's runtime builds them. */
export class BlockLimits {
  readonly baseBlock = BLOCK_EXECUTION_WEIGHT;
  readonly maxBlock: Weight;
  readonly perClass: Readonly<Record<DispatchClass, ClassLimits>>;
  /** bytes per class */
  readonly maxLength: Readonly<Record<DispatchClass, number>>;

  constructor(options: BlockLimitOptions = {}) {
    const block = weight(options.maxBlockRefTime ?? TFCHAIN_MAX_BLOCK_REF_TIME, U64_MAX);
    const normal = weight(
      percentOf(block.refTime, NORMAL_PERCENT),
      percentOf(block.proofSize, NORMAL_PERCENT),
    );
    const init = weight(percentOf(block.refTime, INIT_PERCENT), percentOf(block.proofSize, INIT_PERCENT));
    const base = EXTRINSIC_BASE_WEIGHT;
    const maxExtrinsic = (total: Weight) =>
      weight(total.refTime - init.refTime - base.refTime, total.proofSize - init.proofSize - base.proofSize);
    this.maxBlock = block;
    this.perClass = {
      Normal: {
        baseExtrinsic: base,
        maxExtrinsic: maxExtrinsic(normal),
        maxTotal: normal,
        reserved: weight(0),
      },
      Operational: {
        baseExtrinsic: base,
        maxExtrinsic: maxExtrinsic(block),
        maxTotal: block,
        reserved: weight(block.refTime - normal.refTime, block.proofSize - normal.proofSize),
      },
      Mandatory: { baseExtrinsic: base },
    };
    const length = options.maxBlockLength ?? TFCHAIN_MAX_BLOCK_LENGTH;
    const normalLength = Number(percentOf(BigInt(length), NORMAL_PERCENT));
    this.maxLength = { Normal: normalLength, Operational: length, Mandatory: length };
  }

  /** CheckWeight's pool-side check: the call alone fits in a block of its class, by weight and length. */
  fitsAlone(info: DispatchInfo, length: number): boolean {
    return !over(info.weight, this.perClass[info.class].maxExtrinsic) && length <= this.maxLength[info.class];
  }

  /** `system.blockWeights` as the metadata constant's JSON (snake_case, as the type is declared). */
  blockWeightsJson(): unknown {
    const w = (x: Weight) => ({ ref_time: x.refTime.toString(), proof_size: x.proofSize.toString() });
    const opt = (x: Weight | undefined) => (x === undefined ? null : w(x));
    const cls = (c: ClassLimits) => ({
      base_extrinsic: w(c.baseExtrinsic),
      max_extrinsic: opt(c.maxExtrinsic),
      max_total: opt(c.maxTotal),
      reserved: opt(c.reserved),
    });
    return {
      base_block: w(this.baseBlock),
      max_block: w(this.maxBlock),
      per_class: {
        normal: cls(this.perClass.Normal),
        operational: cls(this.perClass.Operational),
        mandatory: cls(this.perClass.Mandatory),
      },
    };
  }

  /** `system.blockLength` as the metadata constant's JSON. */
  blockLengthJson(): unknown {
    return {
      max: {
        normal: this.maxLength.Normal,
        operational: this.maxLength.Operational,
        mandatory: this.maxLength.Mandatory,
      },
    };
  }

  /** What one block has taken so far, per class (CheckWeight's ConsumedWeight and AllExtrinsicsLen). */
  newBlock(): BlockFill {
    return new BlockFill(this);
  }
}

/** The weight and length a block under construction has used, and whether the next extrinsic fits. */
export class BlockFill {
  private readonly consumed: Record<DispatchClass, Weight> = {
    Normal: weight(0),
    Operational: weight(0),
    Mandatory: weight(0),
  };
  private length = 0;

  constructor(private readonly limits: BlockLimits) {
    // the block's own execution is mandatory weight
    this.consumed.Mandatory = limits.baseBlock;
  }

  /**
   * Takes the extrinsic when it fits (frame_system's calculate_consumed_weight and
   * check_block_length); false leaves the block unchanged: the extrinsic waits for the next one.
   */
  take(info: DispatchInfo, length: number): boolean {
    const limits = this.limits;
    const cls = limits.perClass[info.class];
    if (this.length + length > limits.maxLength[info.class]) return false;
    const mine = addWeights(this.consumed[info.class], info.weight, cls.baseExtrinsic);
    if (over(mine, cls.maxTotal)) return false;
    const total = addWeights(
      info.class === 'Normal' ? mine : this.consumed.Normal,
      info.class === 'Operational' ? mine : this.consumed.Operational,
      info.class === 'Mandatory' ? mine : this.consumed.Mandatory,
    );
    if (over(total, limits.maxBlock) && over(mine, cls.reserved)) return false;
    this.consumed[info.class] = mine;
    this.length += length;
    return true;
  }
}
