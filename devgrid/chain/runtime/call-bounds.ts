/**
 * The runtime's decoding limits on call arguments (`BoundedVec<u8, N>`), checked when the pool
 * takes an extrinsic: a real node fails to decode such a call inside `validate_transaction` and
 * answers with a verification error, so nothing reaches a block. Nested calls (utility batches,
 * DAO actions) are decoded with their outer call and checked the same way.
 */
import type { Codec } from '@polkadot/types-codec/types';
import { RpcError } from '../extrinsic';
import type { PalletSpec } from '../pallet';

interface CallLike {
  readonly callIndex: Uint8Array;
  readonly args: readonly Codec[];
  readonly meta: {
    readonly name: { toString(): string };
    readonly fields: readonly { name: { unwrap(): { toString(): string } } }[];
  };
}

const isCall = (v: unknown): v is CallLike =>
  typeof v === 'object' && v !== null && 'callIndex' in v && 'args' in v && 'meta' in v;

/** The first argument over its limit, as `Call::<call>::<arg>`, or undefined. */
export function boundsViolation(pallets: ReadonlyMap<number, PalletSpec>, call: unknown): string | undefined {
  if (!isCall(call)) return undefined;
  const name = call.meta.name.toString();
  const spec = pallets.get(call.callIndex[0])?.calls?.[name];
  for (const [i, field] of call.meta.fields.entries()) {
    const arg = call.args[i] as unknown;
    const argName = field.name.unwrap().toString();
    const limit = spec?.bounds?.[argName];
    if (limit !== undefined && (arg as { length: number }).length > limit) return `Call::${name}::${argName}`;
    const nested = Array.isArray(arg) ? arg : [arg];
    for (const inner of nested) {
      const found = boundsViolation(pallets, inner);
      if (found) return found;
    }
  }
  return undefined;
}

/** The error a Substrate node gives when the runtime cannot decode a submitted extrinsic. */
export function badInputError(what: string): RpcError {
  const reason = `Execution failed: Runtime panicked: Bad input data provided to validate_transaction: Could not decode \`${what}\`: BoundedVec exceeds its limit`;
  return new RpcError(1002, `Verification Error: Runtime error: ${reason}`, `RuntimeApi("${reason}")`);
}
