/** pallet_utility (index 3): batch, batch_all (atomic), force_batch. */
import type { CallContext, PalletSpec } from '../pallet';
import type { Codec } from '@polkadot/types-codec/types';

function callsOf(arg: Codec): Codec[] {
  return [...(arg as unknown as Iterable<Codec>)];
}

export const UTILITY: PalletSpec = {
  name: 'Utility',
  index: 3,
  calls: {
    batch: { index: 0, args: { calls: 'Vec<RuntimeCall>' } },
    batch_all: { index: 2, args: { calls: 'Vec<RuntimeCall>' } },
    force_batch: { index: 4, args: { calls: 'Vec<RuntimeCall>' } },
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
  constants: [{ name: 'batched_calls_limit', type: 'u32', value: 10922 }],
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
