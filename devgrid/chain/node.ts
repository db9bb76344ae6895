/**
 * The dev chain node: the block list, the transaction pool and block production (one block per
 * submitted batch, or every N ms), and finality. As on a real node, finality lags the best block:
 * with timed blocks a block is final when the next one is produced; with blocks on demand it is
 * final `finalityDelayMs` after it was produced, and, when it holds watched transactions, once a
 * client has read its events (or after FINALITY_CEILING_MS). A transaction's watchers hear
 * `inBlock` first and `finalized` later: @polkadot/api drops an in-block status whose events it
 * is still reading when the finalized one arrives, and clients that wait for in-block (TFChain's
 * SDK) would then wait forever. A real node leaves 12 s or more between the two.
 */
import { EventEmitter } from 'node:events';
import { hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a } from '@polkadot/util-crypto';
import { expandMetadata } from '@polkadot/types/metadata';
import { checkExtrinsic, INVALID, invalidTransaction, RpcError, type CheckedExtrinsic } from './extrinsic';
import { readAccount, spendable } from './pallets/balances';
import { feeFor, Runtime } from './runtime/executive';
import type { RawState } from './runtime/storage';
import type { DispatchInfo } from './runtime/weights';

/** What @polkadot/api reads from state_getRuntimeVersion (TFChain's names). */
export const RUNTIME_VERSION = {
  specName: 'substrate-threefold',
  implName: 'substrate-threefold',
  authoringVersion: 1,
  specVersion: 149,
  implVersion: 1,
  transactionVersion: 2,
  stateVersion: 1,
} as const;

/** How many past blocks keep their full state for reads at a block (older: "state discarded"). */
const KEPT_STATES = 256;

export interface BlockRecord {
  readonly number: number;
  readonly hash: string;
  /** SCALE-encoded header */
  readonly header: string;
  /** SCALE-encoded extrinsics, timestamp inherent first */
  readonly extrinsics: readonly string[];
  /** full state after the block, while kept */
  state?: RawState;
}

/** Transaction status notifications, as author_extrinsicUpdate sends them. */
export type TxStatus =
  | 'ready'
  | 'future'
  | { inBlock: string }
  | { finalized: string }
  | 'dropped'
  | 'invalid';

interface PoolEntry {
  readonly tx: CheckedExtrinsic;
  /** the call's weight and class (what CheckWeight fills blocks with) */
  readonly info: DispatchInfo;
  readonly watch?: (status: TxStatus) => void;
}

export interface NodeEvents {
  /** a new best block, with the storage keys it changed */
  block: [BlockRecord, Set<string>];
  /** a block became final (once per block, in order) */
  finalized: [BlockRecord];
}

/** With blocks on demand: how long after its production a block becomes final, in ms. */
export const DEFAULT_FINALITY_DELAY_MS = 1000;
/** With blocks on demand: a block with watched transactions whose events nobody read is final after this, in ms. */
const FINALITY_CEILING_MS = 10_000;

export class DevNode extends EventEmitter<NodeEvents> {
  readonly blocks: BlockRecord[] = [];
  private readonly byHash = new Map<string, BlockRecord>();
  private pool: PoolEntry[] = [];
  private scheduled = false;
  private timer?: NodeJS.Timeout;
  private lastTimestamp = 0;
  private finalizedNumber = 0;
  /** watchers of included transactions waiting for their block's finality, by block number */
  private readonly awaitingFinality = new Map<number, ((status: TxStatus) => void)[]>();
  private readonly finalityTimers = new Set<NodeJS.Timeout>();
  /** blocks whose events a client read (while their finality is pending) */
  private readonly eventsRead = new Set<number>();
  /** blocks past their finality delay, waiting for a client to read their events */
  private readonly awaitingRead = new Set<number>();
  private readonly tx;

  constructor(
    readonly runtime: Runtime,
    /** 0 = a block as soon as transactions arrive; otherwise a block every this many ms */
    readonly blockTimeMs: number,
    /** with blocks on demand (blockTimeMs 0): ms from a block's production to its finality. @default 1000 */
    readonly finalityDelayMs: number = DEFAULT_FINALITY_DELAY_MS,
  ) {
    super();
    // every RPC subscription of every client listens here: a node serves any number of them
    this.setMaxListeners(0);
    this.tx = expandMetadata(runtime.registry, runtime.metadata).tx;
  }

  get genesisHash(): string {
    return this.blocks[0].hash;
  }

  get best(): BlockRecord {
    return this.blocks[this.blocks.length - 1];
  }

  /** The pool's extrinsics (SCALE hex), in the order they arrived: what author_pendingExtrinsics answers. */
  get pending(): string[] {
    return this.pool.map((p) => p.tx.hex);
  }

  /** The latest final block. */
  get finalized(): BlockRecord {
    return this.blocks[Math.min(this.finalizedNumber, this.blocks.length - 1)];
  }

  block(hash?: string | null): BlockRecord | undefined {
    return hash ? this.byHash.get(hash.toLowerCase()) : this.best;
  }

  /** State after block `hash` (default best); throws like a pruned node when discarded. */
  stateAt(hash?: string | null): RawState {
    const block = this.block(hash);
    if (!block)
      throw new RpcError(4003, `Client error: UnknownBlock: Header was not found in the database: ${hash}`);
    if (!block.state) throw new RpcError(4003, `Client error: State already discarded for ${hash}`);
    return block.state;
  }

  /** Adds a block produced here or restored from disk. */
  addBlock(block: BlockRecord): void {
    this.blocks.push(block);
    this.byHash.set(block.hash, block);
    const old = this.blocks[this.blocks.length - 1 - KEPT_STATES];
    if (old && old.number > 0) old.state = undefined;
  }

  /** Starts timed block production when configured. */
  start(): void {
    if (this.blockTimeMs > 0 && !this.timer)
      this.timer = setInterval(() => this.produceBlock(), this.blockTimeMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const t of this.finalityTimers) clearTimeout(t);
    this.finalityTimers.clear();
  }

  /** A client read System.Events at block `hash` (what @polkadot/api does for an in-block status). */
  noteEventsRead(hash: string): void {
    const block = this.block(hash);
    if (!block || block.number <= this.finalizedNumber) return;
    this.eventsRead.add(block.number);
    // after the read's reply has reached the client
    if (this.awaitingRead.has(block.number)) this.after(100, () => this.finalize(block.number));
  }

  /** Makes every block up to `number` final: watchers hear `finalized`, listeners get each block. */
  finalize(number: number): void {
    const target = Math.min(number, this.best.number);
    while (this.finalizedNumber < target) {
      const block = this.blocks[++this.finalizedNumber];
      const watchers = this.awaitingFinality.get(block.number) ?? [];
      this.awaitingFinality.delete(block.number);
      this.eventsRead.delete(block.number);
      this.awaitingRead.delete(block.number);
      this.emit('finalized', block);
      for (const watch of watchers) watch({ finalized: block.hash });
    }
  }

  /** The next nonce of `who`, counting its transactions waiting in the pool. */
  nextNonce(who: string): number {
    let nonce = readAccount(this.runtime.context({ root: true }), who).nonce;
    const mine = new Set(this.pool.filter((p) => p.tx.signer === who).map((p) => p.tx.nonce));
    while (mine.has(nonce)) nonce++;
    return nonce;
  }

  /** Validates and queues an extrinsic; throws the RPC error a Substrate node gives. */
  submit(
    hex: string,
    watch?: (status: TxStatus) => void,
    /** false: wait for the next block instead of making one (instant mode); offchain workers submit so */
    produce = true,
  ): { hash: string; status: TxStatus } {
    const runtime = this.runtime;
    const tx = checkExtrinsic(runtime.registry, hex, {
      specVersion: RUNTIME_VERSION.specVersion,
      transactionVersion: RUNTIME_VERSION.transactionVersion,
      genesisHash: this.genesisHash,
      bestNumber: this.best.number,
      blockHash: (n) => this.blocks[n]?.hash,
    });
    runtime.checkDecodable(tx.call);
    // CheckWeight's validation: the extrinsic alone must fit in a block of its class
    const info = runtime.dispatchInfo(tx.call);
    if (!runtime.limits.fitsAlone(info, tx.length)) throw invalidTransaction(INVALID.exhaustsResources);
    const account = readAccount(runtime.context({ root: true }), tx.signer);
    if (tx.nonce < account.nonce) throw invalidTransaction(INVALID.stale);
    if (this.pool.some((p) => p.tx.hash === tx.hash))
      throw new RpcError(1013, 'Transaction Already Imported');
    if (this.pool.some((p) => p.tx.signer === tx.signer && p.tx.nonce === tx.nonce)) {
      throw new RpcError(
        1014,
        'Priority is too low: (0 vs 0)',
        'The transaction has too low priority to replace another transaction already in the pool.',
      );
    }
    if (spendable(account) < feeFor(tx.length)) throw invalidTransaction(INVALID.payment);
    this.pool.push({ tx, info, watch });
    const status: TxStatus = tx.nonce <= this.nextNonce(tx.signer) - 1 ? 'ready' : 'future';
    if (produce && this.blockTimeMs === 0) this.scheduleBlock();
    return { hash: tx.hash, status };
  }

  /** Blocks on demand: one block soon (once for many submissions in the same tick). */
  private scheduleBlock(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.produceBlock();
    });
  }

  /** Builds, executes and publishes the next block from the ready transactions. */
  produceBlock(): BlockRecord {
    const runtime = this.runtime;
    const parent = this.best;
    const before = parent.state ?? runtime.storage.raw;
    runtime.storage.raw = new Map(before);
    const now = Math.max(Date.now(), this.lastTimestamp + 1);
    this.lastTimestamp = now;
    const number = parent.number + 1;
    runtime.initializeBlock(number, parent.hash, now);
    const inherent = runtime.registry.createType('Extrinsic', { method: this.tx.timestamp.set(now) });
    const extrinsics: string[] = [inherent.toHex()];
    const fill = runtime.limits.newBlock();
    const inherentInfo = runtime.dispatchInfo(inherent.method);
    fill.take(inherentInfo, inherent.encodedLength);
    runtime.applyInherent(0, inherentInfo);
    const included: PoolEntry[] = [];
    const dropped: PoolEntry[] = [];
    /** ready transactions the block had no room for: they wait for the next one */
    let full = false;
    let progress = true;
    while (progress) {
      progress = false;
      for (const entry of this.pool) {
        if (included.includes(entry) || dropped.includes(entry)) continue;
        const account = readAccount(runtime.context({ root: true }), entry.tx.signer);
        if (entry.tx.nonce < account.nonce || spendable(account) < feeFor(entry.tx.length)) {
          dropped.push(entry);
          continue;
        }
        if (entry.tx.nonce > account.nonce) continue;
        if (!fill.take(entry.info, entry.tx.length)) {
          full = true;
          continue;
        }
        runtime.applySigned(
          extrinsics.length,
          entry.tx.signer,
          entry.tx.call,
          feeFor(entry.tx.length),
          entry.info,
        );
        extrinsics.push(entry.tx.hex);
        included.push(entry);
        progress = true;
      }
    }
    this.pool = this.pool.filter((p) => !included.includes(p) && !dropped.includes(p));
    // blocks on demand: what did not fit goes into the next block at once
    if (full && this.blockTimeMs === 0) this.scheduleBlock();
    runtime.finalizeBlock();
    const state = runtime.storage.raw;
    const header = runtime.registry.createType('Header', {
      parentHash: parent.hash,
      number,
      stateRoot: stateRoot(state),
      extrinsicsRoot: blake2AsHex(u8aConcat(...extrinsics.map((x) => hexToU8a(x))), 256),
      digest: { logs: [] },
    });
    const block: BlockRecord = {
      number,
      hash: header.hash.toHex(),
      header: header.toHex(),
      extrinsics,
      state,
    };
    this.addBlock(block);
    const changed = new Set<string>();
    for (const [k, v] of state) if (before.get(k) !== v) changed.add(k);
    for (const k of before.keys()) if (!state.has(k)) changed.add(k);
    this.emit('block', block, changed);
    for (const entry of dropped) entry.watch?.('invalid');
    const watchers = included.flatMap((entry) => (entry.watch ? [entry.watch] : []));
    if (watchers.length) this.awaitingFinality.set(number, watchers);
    for (const watch of watchers) watch({ inBlock: block.hash });
    this.scheduleFinality(number);
    return block;
  }

  /** Timed blocks: the parent becomes final with this block; blocks on demand: after the delay. */
  private scheduleFinality(number: number): void {
    if (this.blockTimeMs > 0) {
      this.finalize(number - 1);
      return;
    }
    this.after(this.finalityDelayMs, () => {
      if (!this.awaitingFinality.has(number) || this.eventsRead.has(number)) this.finalize(number);
      else {
        this.awaitingRead.add(number);
        this.after(FINALITY_CEILING_MS - this.finalityDelayMs, () => this.finalize(number));
      }
    });
  }

  private after(ms: number, fn: () => void): void {
    const timer = setTimeout(
      () => {
        this.finalityTimers.delete(timer);
        fn();
      },
      Math.max(0, ms),
    );
    this.finalityTimers.add(timer);
  }

  /** Creates block 0 from a genesis state. */
  genesis(state: RawState, timestamp: number): BlockRecord {
    const header = this.runtime.registry.createType('Header', {
      parentHash: u8aToHex(new Uint8Array(32)),
      number: 0,
      stateRoot: stateRoot(state),
      extrinsicsRoot: blake2AsHex(new Uint8Array(), 256),
      digest: { logs: [] },
    });
    const block: BlockRecord = {
      number: 0,
      hash: header.hash.toHex(),
      header: header.toHex(),
      extrinsics: [],
      state,
    };
    this.lastTimestamp = timestamp;
    this.addBlock(block);
    this.finalizedNumber = 0;
    return block;
  }

  /** Continues after a restart: the latest block's timestamp. */
  set resumeTimestamp(ms: number) {
    this.lastTimestamp = ms;
  }
}

/** A digest of the whole state (sorted key/value pairs): stands in for the trie root. */
function stateRoot(state: RawState): string {
  const keys = [...state.keys()].sort();
  return u8aToHex(blake2AsU8a(keys.map((k) => `${k}=${state.get(k)}`).join(';'), 256));
}
