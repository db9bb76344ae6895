/**
 * The runtime: executes calls against the storage, charges fees, records events and module
 * errors the way FRAME's executive does (each extrinsic is transactional; a failed one still pays).
 * Events accumulate during the block and are written to `System.Events` and `System.EventCount`
 * when it is initialized and finalized, so a block's cost grows with its events, not their square.
 */
import { Metadata, TypeRegistry } from '@polkadot/types';
import { expandMetadata } from '@polkadot/types/metadata';
import type { StorageEntry } from '@polkadot/types/primitive/types';
import type { Codec } from '@polkadot/types-codec/types';
import { compactToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import type { CallContext, Origin, PalletSpec } from '../pallet';
import { DispatchFailure } from '../pallet';
import { deposit, readAccount, withdraw, writeAccount } from '../pallets/balances';
import { EventEncoder, type Phase } from './events';
import { Storage } from './storage';
import { badInputError, boundsViolation } from './call-bounds';
import { callArgs, CallWeigher, type DecodedCall } from './dispatch-info';
import { BlockLimits, type DispatchInfo } from './weights';

/** Account that receives transaction fees (a fixed pallet-like account). */
export const FEE_COLLECTOR = u8aToHex(stringToU8a('modltfchain/fees'.padEnd(32, '\0')));

/** DispatchInfo as System's events carry it (SCALE JSON). */
function dispatchInfoJson(info: DispatchInfo): unknown {
  return {
    weight: { refTime: info.weight.refTime, proofSize: info.weight.proofSize },
    class: info.class,
    paysFee: 'Yes',
  };
}

/** Fee in units (1 TFT = 10^7) of an extrinsic of `length` bytes: a base plus a per-byte part. */
export function feeFor(length: number): bigint {
  return 10_000n + BigInt(length) * 100n;
}

/** The result of applying one extrinsic. */
export interface ApplyOutcome {
  readonly ok: boolean;
  readonly error?: unknown;
}

export class Runtime {
  readonly registry = new TypeRegistry();
  readonly metadata: Metadata;
  readonly storage: Storage;
  private readonly encoder: EventEncoder;
  private readonly pallets = new Map<number, PalletSpec>();
  private readonly weigher: CallWeigher;
  private events: Uint8Array[] = [];
  private phase: Phase = 'initialization';
  blockNumber = 0;
  now = 0;

  constructor(
    readonly metadataHex: `0x${string}`,
    pallets: readonly PalletSpec[],
    /** the block weight and length limits (the same as the metadata's System constants) */
    readonly limits: BlockLimits = new BlockLimits(),
  ) {
    this.metadata = new Metadata(this.registry, metadataHex);
    this.registry.setMetadata(this.metadata);
    this.registry.setChainProperties(
      this.registry.createType('ChainProperties', {
        ss58Format: 42,
        tokenDecimals: 7,
        tokenSymbol: 'TFT',
      }) as never,
    );
    const query = expandMetadata(this.registry, this.metadata).query as unknown as Record<
      string,
      Record<string, StorageEntry>
    >;
    this.storage = new Storage(this.registry, query);
    this.encoder = new EventEncoder(this.registry, this.metadata);
    for (const p of pallets) this.pallets.set(p.index, p);
    this.weigher = new CallWeigher(this.pallets);
  }

  /** The weight and class the call declares (what CheckWeight and the fee are computed from). */
  dispatchInfo(call: Codec): DispatchInfo {
    return this.weigher.infoOf(call);
  }

  /** Throws the node's verification error when the runtime could not decode `call` (an argument over its bound). */
  checkDecodable(call: Codec): void {
    const over = boundsViolation(this.pallets, call);
    if (over) throw badInputError(over);
  }

  /** Starts block `number`: clears the events, records parent hash and time. */
  initializeBlock(number: number, parentHash: string, now: number): void {
    this.blockNumber = number;
    this.now = now;
    this.events = [];
    this.writeEvents();
    const ctx = this.context({ root: true });
    ctx.put('System', 'Number', [], number);
    ctx.put('System', 'ParentHash', [], parentHash);
    if (number > 0) ctx.put('System', 'BlockHash', [number - 1], parentHash);
    ctx.put('Timestamp', 'Now', [], now);
  }

  /** The timestamp inherent (extrinsic 0 of every block), with its DispatchInfo. */
  applyInherent(index: number, info: DispatchInfo): void {
    this.phase = { applyExtrinsic: index };
    this.emitRaw('System', 'ExtrinsicSuccess', [dispatchInfoJson(info)]);
  }

  /** Applies a validated signed extrinsic at position `index`: fee, nonce, dispatch, events. */
  applySigned(index: number, who: string, call: Codec, fee: bigint, dispatch: DispatchInfo): ApplyOutcome {
    this.phase = { applyExtrinsic: index };
    const ctx = this.context({ signed: who });
    withdraw(ctx, who, fee);
    const account = readAccount(ctx, who);
    account.nonce += 1;
    writeAccount(ctx, who, account);
    let outcome: ApplyOutcome;
    try {
      ctx.transactional(() => ctx.dispatch(call, { signed: who }));
      outcome = { ok: true };
    } catch (e) {
      outcome = { ok: false, error: this.dispatchErrorOf(e) };
    }
    deposit(ctx, FEE_COLLECTOR, fee);
    ctx.emit('TransactionPayment', 'TransactionFeePaid', who, fee, 0);
    const info = dispatchInfoJson(dispatch);
    if (outcome.ok) ctx.emit('System', 'ExtrinsicSuccess', info);
    else ctx.emit('System', 'ExtrinsicFailed', outcome.error, info);
    return outcome;
  }

  /** Runs the pallets' end-of-block hooks (billing). */
  finalizeBlock(): void {
    this.phase = 'finalization';
    for (const p of [...this.pallets.values()].sort((a, b) => a.index - b.index)) {
      if (!p.onFinalize) continue;
      const ctx = this.context({ root: true });
      try {
        ctx.transactional(() => p.onFinalize?.(ctx));
      } catch {
        // a failing hook leaves the state as it was; the block still closes
      }
    }
    this.writeEvents();
  }

  /** Dispatches `call` with `origin` without fees (genesis, DAO execution, tests). */
  dispatch(call: Codec, origin: Origin): void {
    this.context(origin).dispatch(call, origin);
  }

  /** The SCALE-JSON DispatchError of a thrown error. */
  dispatchErrorOf(e: unknown): unknown {
    if (!(e instanceof DispatchFailure)) {
      if (process.env.TFGRID_DEVCHAIN_DEBUG) console.error('dev chain: call failed:', e);
      return { Other: null };
    }
    switch (e.pallet) {
      case 'BadOrigin':
      case 'CannotLookup':
      case 'Other':
        return { [e.pallet]: null };
      case 'Token':
      case 'Arithmetic':
        return { [e.pallet]: e.error };
      default: {
        const pallet = [...this.pallets.values()].find((p) => p.name === e.pallet);
        const index = pallet?.errors?.indexOf(e.error) ?? -1;
        if (!pallet || index < 0)
          throw new Error(`dev chain: undeclared module error ${e.pallet}.${e.error}`);
        return { Module: { index: pallet.index, error: u8aToHex(new Uint8Array([index, 0, 0, 0])) } };
      }
    }
  }

  /** A CallContext for handlers and hooks running with `origin`. */
  context(origin: Origin): CallContext {
    const storage = this.storage;
    const ctx: CallContext = {
      origin,
      blockNumber: this.blockNumber,
      now: this.now,
      signer: () => {
        if ('signed' in origin) return origin.signed;
        throw new DispatchFailure('BadOrigin', '');
      },
      ensureRoot: () => {
        if (!('root' in origin)) throw new DispatchFailure('BadOrigin', '');
      },
      ensureRootOrCouncil: () => {
        if ('root' in origin) return;
        if ('council' in origin && origin.council.yes * 5 >= origin.council.seats * 3) return;
        throw new DispatchFailure('BadOrigin', '');
      },
      get: (pallet, item, ...keys) => storage.get(pallet, item, keys),
      getJson: (pallet, item, ...keys) => storage.get(pallet, item, keys)?.toJSON() as never,
      contains: (pallet, item, ...keys) => storage.contains(pallet, item, keys),
      put: (pallet, item, keys, value) => storage.put(pallet, item, keys, value),
      append: (pallet, item, keys, value) => storage.append(pallet, item, keys, value),
      remove: (pallet, item, ...keys) => storage.remove(pallet, item, keys),
      entries: (pallet, item) => storage.entries(pallet, item).map(([k, v]) => [k, v.toJSON() as never]),
      emit: (pallet, event, ...fields) => this.emitRaw(pallet, event, fields),
      dispatch: (call, callOrigin) => this.execute(call, callOrigin),
      dispatchErrorOf: (e) => this.dispatchErrorOf(e),
      transactional: <T>(fn: () => T): T => {
        const savedEvents = this.events.length;
        storage.begin();
        try {
          const out = fn();
          storage.commit();
          return out;
        } catch (e) {
          storage.rollback();
          this.events.length = savedEvents;
          throw e;
        }
      },
    };
    return ctx;
  }

  private execute(call: Codec, origin: Origin): void {
    const c = call as unknown as DecodedCall;
    const pallet = this.pallets.get(c.callIndex[0]);
    const name = c.meta.name.toString();
    const handler = pallet?.handlers?.[name];
    if (!pallet || !handler) {
      throw new DispatchFailure(
        'Other',
        `call ${pallet?.name ?? c.callIndex[0]}.${name} is not implemented by the dev chain`,
      );
    }
    handler(this.context(origin), callArgs(call));
  }

  private emitRaw(pallet: string, event: string, fields: readonly unknown[]): void {
    // as frame_system's deposit_event: genesis (block 0) records no events
    if (this.blockNumber === 0) return;
    this.events.push(this.encoder.record(this.phase, pallet, event, fields));
  }

  /** Writes the block's events to storage (System.Events and System.EventCount). */
  private writeEvents(): void {
    const key = this.storage.key('System', 'Events', []);
    this.storage.putRaw(key, u8aConcat(compactToU8a(this.events.length), ...this.events));
    this.storage.put('System', 'EventCount', [], this.events.length);
  }
}
