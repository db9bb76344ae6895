/**
 * A chain call as a value: the extrinsic plus how to read its outcome from the events of the
 * extrinsic that carried it. The same call runs alone (`run`) or with others in one atomic
 * `utility.batchAll` (`batchAll`), and each call still finds its own result (a new contract id...).
 */
import type { ApiPromise } from '@polkadot/api';
import type { Call } from '@polkadot/types/interfaces';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { submit, type ChainContext, type ChainEvent, type Extrinsic, type TxOptions } from './submit';

export interface ChainCall<T> {
  /** the unsigned extrinsic (api.tx.<section>.<method>(...)) */
  readonly tx: Extrinsic;
  /**
   * The call alone, when it was built without an extrinsic (`tx` is then made on first use): what
   * a batch carries. An extrinsic costs about three times as much to build as its call, and a
   * batch of 1,000 contracts needs only the calls.
   */
  readonly call?: Call;
  /** reads this call's outcome from the events of the extrinsic (its own, or its batch's) */
  readonly result: (events: readonly ChainEvent[], api: ApiPromise) => Promise<T>;
}

type ResultsOf<C extends readonly ChainCall<unknown>[]> = {
  -readonly [K in keyof C]: C[K] extends ChainCall<infer R> ? R : never;
};

/** A call whose outcome is only success. */
export function plainCall(tx: Extrinsic): ChainCall<void> {
  return { tx, result: async () => undefined };
}

/** Sends one call and reads its outcome. */
export async function run<T>(ctx: ChainContext, call: ChainCall<T>, options?: TxOptions): Promise<T> {
  const result = await submit(ctx, call.tx, options);
  return call.result(result.events, ctx.api);
}

/**
 * Sends the calls in one `utility.batchAll`: all succeed or none is applied (the chain reports the
 * failing call's error). Returns each call's outcome, in order. One call is sent as itself.
 */
export async function batchAll<C extends readonly ChainCall<unknown>[]>(
  ctx: ChainContext,
  calls: C,
  options?: TxOptions,
): Promise<ResultsOf<C>> {
  if (calls.length === 0) return [] as unknown as ResultsOf<C>;
  const tx = calls.length === 1 ? calls[0].tx : ctx.api.tx.utility.batchAll(calls.map(callOf));
  const result = await submit(ctx, tx, options);
  const out: unknown[] = [];
  for (const call of calls) out.push(await call.result(result.events, ctx.api));
  return out as ResultsOf<C>;
}

/** What a batch carries of a chain call. */
export function callOf(c: ChainCall<unknown>): Call | Extrinsic {
  return c.call ?? c.tx;
}

/** Text as the hex of its UTF-8 bytes: how we pass Bytes arguments, so text that looks like hex stays text. */
export function bytesArg(textValue: string): string {
  return u8aToHex(stringToU8a(textValue));
}
