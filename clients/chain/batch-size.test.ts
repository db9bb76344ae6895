/** Packing calls into the fewest batches within a chain's extrinsic limits (pure logic). */
import { packBatches, type BatchCost, type BatchLimits } from './batch-size';

const limits: BatchLimits = { maxRefTime: 1000n, maxProofSize: 10_000n, maxLength: 500, maxCalls: 100 };
const base: BatchCost = { refTime: 50n, proofSize: 0n, length: 100, calls: 0 };
const call = (refTime: number, length = 10, proofSize = 0, calls = 1): BatchCost => ({
  refTime: BigInt(refTime),
  proofSize: BigInt(proofSize),
  length,
  calls,
});

describe('packBatches', () => {
  it('keeps everything in one batch when it fits', () => {
    expect(packBatches([call(100), call(100), call(100)], base, limits)).toEqual([3]);
    expect(packBatches([], base, limits)).toEqual([]);
  });

  it('splits by weight into the fewest batches, in order', () => {
    // 50 + 9 * 100 = 950 fits, a 10th does not
    expect(
      packBatches(
        Array.from({ length: 25 }, () => call(100)),
        base,
        limits,
      ),
    ).toEqual([9, 9, 7]);
  });

  it('splits by length, by proof size and by the batched calls limit', () => {
    // 100 + 40 * 10 = 500 bytes
    expect(
      packBatches(
        Array.from({ length: 45 }, () => call(1)),
        base,
        limits,
      ),
    ).toEqual([40, 5]);
    expect(
      packBatches(
        Array.from({ length: 5 }, () => call(1, 1, 4000)),
        base,
        limits,
      ),
    ).toEqual([2, 2, 1]);
    expect(
      packBatches(
        Array.from({ length: 5 }, () => call(1, 1, 0, 40)),
        base,
        { ...limits, maxCalls: 100 },
      ),
    ).toEqual([2, 2, 1]);
  });

  it('keeps an item (several calls) whole', () => {
    expect(
      packBatches([call(400, 10, 0, 2), call(400, 10, 0, 2), call(400, 10, 0, 2)], base, limits),
    ).toEqual([2, 1]);
  });

  it('names an item that cannot fit in any batch', () => {
    expect(() => packBatches([call(100), call(2000)], base, limits)).toThrow(
      /call 2 of the batch is too big for one block of this chain \(weight 2000 ps/,
    );
  });
});
