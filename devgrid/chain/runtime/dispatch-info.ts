/**
 * The DispatchInfo (weight and class) of a decoded call, from the weight its pallet declares for it
 * (pallet.ts `CallSpec.weight`); nested calls (batches, council motions) are weighed the same way.
 */
import type { Codec } from '@polkadot/types-codec/types';
import type { PalletSpec } from '../pallet';
import type { DispatchInfo } from './weights';

/** What the runtime reads of a decoded call. */
export interface DecodedCall {
  readonly callIndex: Uint8Array;
  readonly args: readonly Codec[];
  readonly meta: {
    readonly name: { toString(): string };
    readonly fields: readonly { name: { unwrap(): { toString(): string } } }[];
  };
}

/** The call's arguments by their snake_case metadata name. */
export function callArgs(call: Codec): Record<string, Codec> {
  const c = call as unknown as DecodedCall;
  const args: Record<string, Codec> = {};
  c.meta.fields.forEach((f, i) => {
    args[f.name.unwrap().toString()] = c.args[i];
  });
  return args;
}

/** Weighs calls of a runtime's pallets. */
export class CallWeigher {
  constructor(private readonly pallets: ReadonlyMap<number, PalletSpec>) {}

  /** The call's weight and class; throws for a call no pallet declares (the pool refuses it). */
  infoOf = (call: Codec): DispatchInfo => {
    const c = call as unknown as DecodedCall;
    const name = c.meta.name.toString();
    const spec = this.pallets.get(c.callIndex[0])?.calls?.[name];
    if (!spec) throw new Error(`dev chain: call ${c.callIndex[0]}.${name} has no declared weight`);
    const w = spec.weight;
    if (typeof w === 'function') return w(callArgs(call), this.infoOf);
    return { weight: w, class: spec.class ?? 'Normal' };
  };
}
