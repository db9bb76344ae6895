/**
 * What the explorer knows from the chain's history: it reads every block once (from genesis at
 * start, then each new head) and keeps the latest blocks with their extrinsics and events, every
 * contract ever created with its state changes (the chain forgets a cancelled contract: its
 * `deleted` state and cause live only in events), the billing of each contract
 * (`ContractBilled`), and the DAO proposals' outcomes (`Closed`, `Approved`, `Executed`, ...).
 */
import type { ApiPromise } from '@polkadot/api';
import { decodeContract, type Contract, type ContractState } from '../../clients/chain/contract-data';
import { num } from '../../clients/chain/decode';

/** How many blocks the explorer shows. */
export const RECENT_BLOCKS = 30;

export interface IndexedEvent {
  readonly section: string;
  readonly method: string;
  /** the event's fields as @polkadot/types JSON */
  readonly data: unknown[];
  /** index of the extrinsic that emitted it, if any */
  readonly extrinsic?: number;
}

export interface IndexedExtrinsic {
  readonly index: number;
  /** `pallet.call` */
  readonly call: string;
  /** SS58 address of the signer; undefined for inherents */
  readonly signer?: string;
  /** 'ok', or the module error (`pallet.Error`) / dispatch error */
  readonly result: string;
  readonly ok: boolean;
}

export interface IndexedBlock {
  readonly number: number;
  readonly hash: string;
  readonly extrinsics: IndexedExtrinsic[];
  readonly events: IndexedEvent[];
}

export interface ContractHistory {
  contract: Contract;
  state: ContractState;
  createdBlock: number;
  deletedBlock?: number;
  /** `ContractBilled` events: block, amount in TFT units (1e-7 TFT) */
  billing: { block: number; amount: number }[];
}

export interface ProposalOutcome {
  readonly hash: string;
  readonly index: number;
  readonly proposedBlock: number;
  result?: 'approved' | 'disapproved' | 'vetoed';
  executed?: string;
  closedBlock?: number;
  votes: { who: string; approve: boolean; block: number }[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Reads the chain block by block; `onBlock` listeners hear of each indexed block. */
export class ChainIndex {
  readonly blocks: IndexedBlock[] = [];
  readonly contracts = new Map<number, ContractHistory>();
  readonly proposals = new Map<string, ProposalOutcome>();
  private indexed = 0;
  private readonly listeners = new Set<(b: IndexedBlock) => void>();
  private running: Promise<void> = Promise.resolve();
  private unsubscribe?: () => void;

  constructor(private readonly api: ApiPromise) {}

  /** Indexes the chain so far and follows new heads. */
  async start(): Promise<void> {
    await this.catchUp();
    const unsub = await this.api.rpc.chain.subscribeAllHeads(() => {
      this.running = this.running.then(() => this.catchUp()).catch(() => undefined);
    });
    this.unsubscribe = unsub;
  }

  stop(): void {
    this.unsubscribe?.();
  }

  onBlock(listener: (b: IndexedBlock) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get head(): number {
    return this.indexed;
  }

  private async catchUp(): Promise<void> {
    const head = num((await this.api.rpc.chain.getHeader()).number.toJSON());
    while (this.indexed < head) {
      const block = await this.read(this.indexed + 1);
      this.indexed = block.number;
      this.blocks.push(block);
      if (this.blocks.length > RECENT_BLOCKS) this.blocks.shift();
      for (const l of this.listeners) l(block);
    }
  }

  private async read(n: number): Promise<IndexedBlock> {
    const hash = await this.api.rpc.chain.getBlockHash(n);
    const [signed, records] = await Promise.all([
      this.api.rpc.chain.getBlock(hash),
      // a block whose state the chain discarded (a grid restarted on its data dir keeps only recent
      // states, as a pruned node does) is listed without its events
      this.api.query.system.events.at(hash).catch((e: unknown) => {
        if (/State already discarded/.test(String((e as Error)?.message ?? e))) return [];
        throw e;
      }),
    ]);
    const events: IndexedEvent[] = [];
    const results = new Map<number, { ok: boolean; result: string }>();
    for (const r of records as unknown as {
      phase: { isApplyExtrinsic: boolean; asApplyExtrinsic: { toNumber(): number } };
      event: { section: string; method: string; data: { toJSON(): unknown } & unknown[] };
    }[]) {
      const extrinsic = r.phase.isApplyExtrinsic ? r.phase.asApplyExtrinsic.toNumber() : undefined;
      const { section, method } = r.event;
      const data = r.event.data.toJSON() as unknown[];
      events.push({ section, method, data, extrinsic });
      if (extrinsic !== undefined && section === 'system') {
        if (method === 'ExtrinsicSuccess') results.set(extrinsic, { ok: true, result: 'ok' });
        if (method === 'ExtrinsicFailed')
          results.set(extrinsic, { ok: false, result: this.dispatchError(r.event.data[0]) });
      }
      this.apply(n, section, method, data);
    }
    const extrinsics: IndexedExtrinsic[] = signed.block.extrinsics.map((ex, index) => ({
      index,
      call: `${ex.method.section}.${ex.method.method}`,
      signer: ex.isSigned ? ex.signer.toString() : undefined,
      ...(results.get(index) ?? { ok: true, result: 'ok' }),
    }));
    return { number: n, hash: hash.toHex(), extrinsics, events };
  }

  private dispatchError(err: unknown): string {
    const e = err as { isModule?: boolean; asModule?: unknown; toString(): string };
    if (e?.isModule) {
      try {
        const meta = this.api.registry.findMetaError(e.asModule as never);
        return `${meta.section}.${meta.name}`;
      } catch {
        // an error the metadata does not name: its raw form
      }
    }
    return String(e);
  }

  /** Updates contracts and proposals from one event. */
  private apply(block: number, section: string, method: string, data: unknown[]): void {
    if (section === 'smartContractModule') {
      if (method === 'ContractCreated' || method === 'ContractUpdated') {
        const contract = decodeContract(data[0]);
        const known = this.contracts.get(contract.contractId);
        if (known) known.contract = contract;
        else
          this.contracts.set(contract.contractId, {
            contract,
            state: 'created',
            createdBlock: block,
            billing: [],
          });
        return;
      }
      const h = this.contracts.get(
        num(typeof data[0] === 'object' ? (data[0] as { contractId: unknown }).contractId : data[0]),
      );
      if (!h) return;
      if (method === 'ContractBilled')
        h.billing.push({ block, amount: num((data[0] as { amountBilled: unknown }).amountBilled) });
      else if (method === 'ContractGracePeriodStarted') h.state = 'grace';
      else if (method === 'ContractGracePeriodEnded') h.state = 'created';
      else if (/^(Node|Name|Rent)ContractCanceled$/.test(method) || method === 'ContractCanceled') {
        h.state = 'deleted';
        h.deletedBlock = block;
      }
      return;
    }
    if (section !== 'dao') return;
    if (method === 'Proposed') {
      const hash = str(data[2]);
      this.proposals.set(hash, { hash, index: num(data[1]), proposedBlock: block, votes: [] });
      return;
    }
    const p = this.proposals.get(str(method === 'Voted' ? data[1] : data[0]));
    if (!p) return;
    if (method === 'Voted') p.votes.push({ who: str(data[0]), approve: data[2] === true, block });
    else if (method === 'Approved') p.result = 'approved';
    else if (method === 'Disapproved') p.result ??= 'disapproved';
    else if (method === 'ClosedByCouncil') p.result = 'vetoed';
    else if (method === 'Closed') p.closedBlock = block;
    else if (method === 'Executed') p.executed = JSON.stringify(data[1] ?? data[0]);
  }
}
