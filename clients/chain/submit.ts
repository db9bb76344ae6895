/**
 * Signing and sending one extrinsic: ask the node for the next nonce, wait for inclusion (or
 * finality, or only for the pool to accept it), collect the extrinsic's events, and turn every
 * failure into a ChainError.
 * Calls from one account go through a serial queue so concurrent callers do not race on nonces.
 */
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { DispatchError } from '@polkadot/types/interfaces';
import type { ISubmittableResult } from '@polkadot/types/types';
import { wasmSigningPair } from '../../model/crypto/sr25519';
import { ChainError, failedCallOf, poolErrorFacts, type ChainErrorFacts } from './chain-error';

export type Extrinsic = SubmittableExtrinsic<'promise'>;

export interface TxOptions {
  /** wait for the block to be finalized, not only included. @default false */
  readonly finalized?: boolean;
  /** how long to wait for inclusion (or finality), in ms. @default 120000 */
  readonly timeoutMs?: number;
}

/** How far `signAndWait` follows the extrinsic: into the pool only, a block, or a final block. */
type Until = 'pool' | 'block' | 'finalized';

/** An event of the extrinsic, decoded to JSON. */
export interface ChainEvent {
  /** camelCase pallet section, e.g. 'smartContractModule' */
  readonly section: string;
  /** event name, e.g. 'ContractCreated' */
  readonly method: string;
  /** the event's fields in order, as @polkadot/types JSON (camelCase keys, hex bytes) */
  readonly data: readonly unknown[];
}

export interface TxResult {
  /** hash of the block that included the extrinsic */
  readonly blockHash: string;
  /** the extrinsic's events, in order */
  readonly events: readonly ChainEvent[];
}

/** What signs and where: the connection, the signing account, and how long to wait. */
export interface ChainContext {
  readonly api: ApiPromise;
  readonly signer: KeyringPair;
  readonly txOptions?: TxOptions;
}

/** `section.method` of a call, and its inner calls when it is a utility batch. */
export function describeCall(tx: Extrinsic): { call: string; inner: string[] } {
  const call = `${tx.method.section}.${tx.method.method}`;
  if (tx.method.section !== 'utility' || !/^(batch|batchAll|forceBatch)$/.test(tx.method.method))
    return { call, inner: [] };
  const calls = tx.method.args[0] as unknown as { section: string; method: string }[];
  return { call, inner: calls.map((c) => `${c.section}.${c.method}`) };
}

/** The facts of a dispatch error, with the module error's pallet, name and docs from the metadata. */
export function dispatchErrorFacts(api: ApiPromise, err: DispatchError, call: string): ChainErrorFacts {
  if (err.isModule) {
    const meta = api.registry.findMetaError(err.asModule);
    return { kind: 'dispatch', call, pallet: meta.section, error: meta.name, docs: meta.docs.join(' ') };
  }
  let error: string = err.type;
  if (err.isToken) error = `Token.${err.asToken.type}`;
  else if (err.isArithmetic) error = `Arithmetic.${err.asArithmetic.type}`;
  else if (err.isTransactional) error = `Transactional.${err.asTransactional.type}`;
  return { kind: 'dispatch', call, pallet: '', error };
}

/** What this process sent to chains, in all and per signing address (benchmarks count with it). */
export const submitStats = {
  extrinsics: 0,
  bySigner: new Map<string, number>(),
  /** extrinsics signed by `address` so far */
  of(address: string): number {
    return this.bySigner.get(address) ?? 0;
  },
};

const queues = new Map<string, Promise<unknown>>();

/** How long an account's next call waits for a send that outlived its caller's timeout, ms. */
const SEND_HOLD_MS = 60_000;

/**
 * Runs `fn` after every earlier job with the same key has settled. `hold`, asked once `fn`'s
 * promise settles, keeps the next job waiting longer (a send that outlives its caller's timeout).
 */
export function serialize<T>(key: string, fn: () => Promise<T>, hold?: () => Promise<unknown>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run
    .catch(() => undefined)
    .then(() => hold?.())
    .catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}

function eventsOf(result: ISubmittableResult): ChainEvent[] {
  return result.events.map(({ event }) => ({
    section: event.section,
    method: event.method,
    data: event.data.map((d) => d.toJSON()),
  }));
}

/** The dispatch error of a non-atomic batch that stopped early (`utility.BatchInterrupted`). */
function batchInterruption(result: ISubmittableResult): DispatchError | undefined {
  const ev = result.events.find(
    ({ event }) => event.section === 'utility' && event.method === 'BatchInterrupted',
  );
  return ev ? (ev.event.data[1] as DispatchError) : undefined;
}

/**
 * Signs `tx` with the context's account and sends it; resolves when it is in a block (or
 * finalized) and its call succeeded. Throws ChainError for a pool rejection, a failed dispatch
 * (also inside a batch) or a timeout.
 */
export function submit(
  ctx: ChainContext,
  tx: Extrinsic,
  options: TxOptions = ctx.txOptions ?? {},
): Promise<TxResult> {
  const key = `${ctx.api.genesisHash.toHex()}:${ctx.signer.address}`;
  let sent: Promise<unknown> = Promise.resolve();
  // a call that timed out before its extrinsic left may still send it: the next call of the account
  // asks for its nonce only once that send is over (else both take the same nonce)
  return serialize(
    key,
    () => {
      const wait = signAndWait(ctx.api, ctx.signer, tx, options.finalized ? 'finalized' : 'block', options);
      sent = wait.sent;
      return wait.result;
    },
    () => sent,
  );
}

/**
 * Signs `tx` and sends it; resolves with its hash once the node's pool accepted it as valid and
 * ready (status `ready` or `broadcast`), before any block holds it. The node includes it without
 * us: closing the connection then does not withdraw it. What it does in its block is not known
 * (a failed dispatch is not reported): use it where that is harmless. Throws ChainError for a
 * pool rejection or a timeout.
 */
export function submitToPool(ctx: ChainContext, tx: Extrinsic, timeoutMs?: number): Promise<string> {
  const key = `${ctx.api.genesisHash.toHex()}:${ctx.signer.address}`;
  let sent: Promise<unknown> = Promise.resolve();
  return serialize(
    key,
    async () => {
      const wait = signAndWait(ctx.api, ctx.signer, tx, 'pool', { timeoutMs });
      sent = wait.sent;
      await wait.result;
      return tx.hash.toHex();
    },
    () => sent,
  );
}

function signAndWait(
  api: ApiPromise,
  signer: KeyringPair,
  tx: Extrinsic,
  until: Until,
  options: TxOptions,
): { readonly result: Promise<TxResult>; readonly sent: Promise<unknown> } {
  const { call, inner } = describeCall(tx);
  submitStats.extrinsics++;
  submitStats.bySigner.set(signer.address, submitStats.of(signer.address) + 1);
  const timeoutMs = options.timeoutMs ?? 120_000;
  let sent: Promise<unknown> = Promise.resolve();
  const result = new Promise<TxResult>((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    let done = false;
    const finish = (error: ChainError | undefined, value?: TxResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      api.off('disconnected', onDisconnect);
      unsubscribe?.();
      if (error) reject(error);
      else resolve(value as TxResult);
    };
    // a dropped connection loses the transaction's status subscription: say so instead of timing out
    const lost = (detail: string) =>
      new ChainError({ kind: 'connection', call, pallet: '', error: 'Disconnected', docs: detail });
    const onDisconnect = () => finish(lost('the connection to TFChain dropped while waiting for the block'));
    api.once('disconnected', onDisconnect);
    const timer = setTimeout(
      () =>
        finish(
          new ChainError({
            kind: 'timeout',
            call,
            pallet: '',
            error: 'Timeout',
            docs: `no ${until === 'finalized' ? 'finality' : until === 'pool' ? 'acceptance by the pool' : 'inclusion'} within ${timeoutMs} ms`,
          }),
        ),
      timeoutMs,
    );
    const onStatus = (result: ISubmittableResult) => {
      const { status } = result;
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        finish(
          new ChainError({
            kind: 'pool',
            call,
            pallet: '',
            error: status.type,
            docs: `the transaction pool reported ${status.type}`,
          }),
        );
        return;
      }
      // a real node says `ready` once the pool holds it, `broadcast` once peers were told
      if (until === 'pool' && (status.isReady || status.isBroadcast))
        return finish(undefined, { blockHash: '', events: [] });
      if (!(status.isInBlock || status.isFinalized)) return;
      const failure = result.dispatchError ?? batchInterruption(result);
      if (failure) {
        const facts = dispatchErrorFacts(api, failure, call);
        finish(
          new ChainError({
            ...facts,
            call: failedCallOf(call, inner, facts.pallet),
            ...(inner.length ? { batch: inner } : {}),
          }),
        );
        return;
      }
      if (until === 'finalized' && !status.isFinalized) return;
      const blockHash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex();
      finish(undefined, { blockHash, events: eventsOf(result) });
    };
    // signed in wasm: the keyring pair's own sign is pure JS, 6 ms an extrinsic
    const sending = tx.signAndSend(wasmSigningPair(signer), { nonce: -1 }, onStatus);
    // the account's next call waits until this send is over (at most SEND_HOLD_MS: a hung send)
    sent = Promise.race([sending, new Promise((r) => setTimeout(r, SEND_HOLD_MS).unref())]);
    sending.then(
      (unsub) => {
        if (done) unsub();
        else unsubscribe = unsub;
      },
      (e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        if (!api.isConnected || /not connected|disconnected/i.test(message)) return finish(lost(message));
        const facts = poolErrorFacts(call, message) ?? {
          kind: 'pool' as const,
          call,
          pallet: '',
          error: 'Rejected',
          docs: message,
        };
        finish(new ChainError(facts));
      },
    );
  });
  return { result, sent };
}

/** Events of `section.method` in a result. */
export function eventsNamed(result: TxResult, section: string, method: string): ChainEvent[] {
  return result.events.filter((e) => e.section === section && e.method === method);
}
