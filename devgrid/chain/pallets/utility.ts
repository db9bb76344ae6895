/**
 * pallet_utility (index 3): batch, batch_all (atomic), force_batch. A batch weighs its calls plus
 * its own benchmarked part per call, and is Operational only when all its calls are.
 */
import type { CallContext, CallWeight, PalletSpec } from '../pallet';
import { moduleError } from '../pallet';
import type { Codec } from '@polkadot/types-codec/types';
import { addWeights, benchmarked, type DispatchInfo } from '../runtime/weights';

/** pallet_utility's batched_calls_limit for TFChain's call size. */
const BATCHED_CALLS_LIMIT = 10922;

function callsOf(arg: Codec): Codec[] {
  const calls = [...(arg as unknown as Iterable<Codec>)];
  if (calls.length > BATCHED_CALLS_LIMIT) throw moduleError('Utility', 'TooManyCalls');
  return calls;
}

/** A batch's weight (pallet_utility's benchmark of June 2023: a base plus a part per call). */
const batchWeight =
  (base: number, perCall: number): CallWeight =>
  (args, infoOf) => {
    const calls = [...(args.calls as unknown as Iterable<Codec>)];
    const inner: DispatchInfo[] = calls.map(infoOf);
    return {
      weight: addWeights(benchmarked(base + perCall * calls.length, 0), ...inner.map((i) => i.weight)),
      class: inner.every((i) => i.class === 'Operational') ? 'Operational' : 'Normal',
    };
  };

export const UTILITY: PalletSpec = {
  name: 'Utility',
  index: 3,
  calls: {
    batch: { index: 0, args: { calls: 'Vec<RuntimeCall>' }, weight: batchWeight(16_943_157, 4_653_855) },
    batch_all: { index: 2, args: { calls: 'Vec<RuntimeCall>' }, weight: batchWeight(16_448_433, 4_796_983) },
    force_batch: {
      index: 4,
      args: { calls: 'Vec<RuntimeCall>' },
      weight: batchWeight(17_748_474, 4_630_079),
    },
  },
  events: {
    BatchInterrupted: { index: 'u32', error: 'DispatchError' },
    BatchCompleted: null,
    BatchCompletedWithErrors: null,
    ItemCompleted: null,
    ItemFailed: { error: 'DispatchError' },
    DispatchedAs: { result: 'Result<(),DispatchError>' },
  },
  errors: ['TooManyCalls'],
  constants: [{ name: 'batched_calls_limit', type: 'u32', value: BATCHED_CALLS_LIMIT }],
  handlers: {
    // each inner call is transactional; the first failure stops the batch, which still succeeds
    batch: (ctx: CallContext, args) => {
      const calls = callsOf(args.calls);
      for (let i = 0; i < calls.length; i++) {
        try {
          ctx.transactional(() => ctx.dispatch(calls[i], ctx.origin));
        } catch (e) {
          ctx.emit('Utility', 'BatchInterrupted', i, ctx.dispatchErrorOf(e));
          return;
        }
        ctx.emit('Utility', 'ItemCompleted');
      }
      ctx.emit('Utility', 'BatchCompleted');
    },
    // all or nothing: the extrinsic fails with the inner error and every write is rolled back
    batch_all: (ctx, args) => {
      for (const call of callsOf(args.calls)) {
        ctx.dispatch(call, ctx.origin);
        ctx.emit('Utility', 'ItemCompleted');
      }
      ctx.emit('Utility', 'BatchCompleted');
    },
    force_batch: (ctx, args) => {
      let failed = false;
      for (const call of callsOf(args.calls)) {
        try {
          ctx.transactional(() => ctx.dispatch(call, ctx.origin));
          ctx.emit('Utility', 'ItemCompleted');
        } catch (e) {
          failed = true;
          ctx.emit('Utility', 'ItemFailed', ctx.dispatchErrorOf(e));
        }
      }
      ctx.emit('Utility', failed ? 'BatchCompletedWithErrors' : 'BatchCompleted');
    },
  },
};
