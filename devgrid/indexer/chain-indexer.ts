/**
 * The dev grid's indexer: follows the chain's finalized blocks and keeps what the grid's GraphQL
 * processor and the grid proxy keep from events and not from state: when each contract was created
 * (its block's timestamp), contracts after they were deleted (the chain forgets them), and every
 * bill (`ContractBilled`). Saved as JSON in the data dir, so a restarted grid continues where it
 * stopped; blocks it missed while stopped are read again while the chain still keeps their state.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApiPromise } from '@polkadot/api';
import { hexToString, isHex } from '@polkadot/util';

export type IndexedContractState = 'Created' | 'Deleted' | 'GracePeriod' | 'OutOfFunds';

/** A contract as the indexer saw it created and changed (TFChain's names). */
export interface IndexedContract {
  readonly contractId: number;
  readonly twinId: number;
  readonly type: 'node' | 'name' | 'rent';
  /** unix seconds: the timestamp of the block that created it */
  readonly createdAt: number;
  state: IndexedContractState;
  nodeId?: number;
  name?: string;
  deploymentData?: string;
  /** as the chain keeps it (zos: the hash in hex text) */
  deploymentHash?: string;
  numberOfPublicIPs?: number;
  solutionProviderId?: number;
}

/** One `ContractBilled` event (amount in TFT units of 10^-7, timestamp in unix seconds). */
export interface IndexedBill {
  readonly contractId: number;
  readonly discountReceived: 'None' | 'Default' | 'Bronze' | 'Silver' | 'Gold';
  readonly amountBilled: number;
  readonly timestamp: number;
}

interface SavedIndex {
  lastBlock: number;
  contracts: IndexedContract[];
  bills: IndexedBill[];
}

type Json = Record<string, unknown>;
const text = (v: unknown): string => (typeof v === 'string' && isHex(v) ? hexToString(v) : String(v ?? ''));
const DISCOUNTS = ['None', 'Default', 'Bronze', 'Silver', 'Gold'] as const;

export class ChainIndexer {
  private readonly contracts = new Map<number, IndexedContract>();
  private readonly bills: IndexedBill[] = [];
  private lastBlock = 0;
  private queue: Promise<void> = Promise.resolve();
  private unsubscribe?: () => void;
  private closed = false;

  private constructor(
    private readonly api: ApiPromise,
    /** JSON file the index is kept in; undefined: memory only */
    private readonly file: string | undefined,
  ) {
    if (file && fs.existsSync(file)) {
      const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as SavedIndex;
      this.lastBlock = saved.lastBlock;
      for (const c of saved.contracts) this.contracts.set(c.contractId, c);
      this.bills.push(...saved.bills);
    }
  }

  /** Reads the blocks not indexed yet, then follows finalized heads. */
  static async start(api: ApiPromise, dataDir?: string): Promise<ChainIndexer> {
    const file = dataDir ? path.join(dataDir, 'index.json') : undefined;
    if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
    const indexer = new ChainIndexer(api, file);
    const unsub = await api.rpc.chain.subscribeFinalizedHeads((header) => {
      const upTo = header.number.toNumber();
      indexer.queue = indexer.queue.then(() => indexer.catchUp(upTo)).catch(() => undefined);
    });
    indexer.unsubscribe = unsub;
    await indexer.settled();
    return indexer;
  }

  /** Indexes every block finalized so far (a reader then sees what the chain has finalized). */
  async settled(): Promise<void> {
    const head = (await this.api.rpc.chain.getFinalizedHead()).toHex();
    const upTo = (await this.api.rpc.chain.getHeader(head)).number.toNumber();
    this.queue = this.queue.then(() => this.catchUp(upTo));
    await this.queue;
  }

  /** Every contract ever created, by id. */
  allContracts(): IndexedContract[] {
    return [...this.contracts.values()].sort((a, b) => a.contractId - b.contractId);
  }

  contract(id: number): IndexedContract | undefined {
    return this.contracts.get(id);
  }

  /** Every bill, oldest first. */
  allBills(): readonly IndexedBill[] {
    return this.bills;
  }

  close(): void {
    this.closed = true;
    this.unsubscribe?.();
  }

  private async catchUp(upTo: number): Promise<void> {
    let changed = false;
    while (!this.closed && this.lastBlock < upTo) {
      const n = this.lastBlock + 1;
      const hash = await this.api.rpc.chain.getBlockHash(n);
      // a block whose state the chain discarded (the grid was down for long) is skipped
      await this.indexBlock(hash.toHex()).catch(() => undefined);
      this.lastBlock = n;
      changed = true;
    }
    if (changed) this.save();
  }

  private async indexBlock(hash: string): Promise<void> {
    const at = await this.api.at(hash);
    const [records, now] = await Promise.all([at.query.system.events(), at.query.timestamp.now()]);
    const seconds = Math.floor(Number((now as unknown as { toString(): string }).toString()) / 1000);
    for (const r of records as unknown as {
      event: { section: string; method: string; data: { toJSON(): unknown } };
    }[]) {
      if (r.event.section !== 'smartContractModule') continue;
      this.apply(r.event.method, r.event.data.toJSON() as unknown[], seconds);
    }
  }

  private apply(method: string, data: unknown[], seconds: number): void {
    // the cancel and grace events carry the contract id first
    const id = Number(data[0]);
    switch (method) {
      case 'ContractCreated':
      case 'ContractUpdated': {
        const c = data[0] as Json;
        const existing = this.contracts.get(Number(c.contractId));
        const record = contractRecord(c, existing?.createdAt ?? seconds);
        if (existing) record.state = existing.state === 'Deleted' ? 'Deleted' : record.state;
        this.contracts.set(record.contractId, record);
        return;
      }
      case 'NodeContractCanceled':
      case 'NameContractCanceled':
      case 'RentContractCanceled':
        this.setState(id, 'Deleted');
        return;
      case 'ContractGracePeriodStarted':
        this.setState(id, 'GracePeriod');
        return;
      case 'ContractGracePeriodEnded':
        this.setState(id, 'Created');
        return;
      case 'ContractBilled': {
        const b = data[0] as Json;
        const level = String(b.discountLevel ?? 'None');
        this.bills.push({
          contractId: Number(b.contractId),
          discountReceived: DISCOUNTS.find((d) => d.toLowerCase() === level.toLowerCase()) ?? 'None',
          amountBilled: Number(b.amountBilled),
          timestamp: Number(b.timestamp),
        });
        return;
      }
    }
  }

  private setState(id: number, state: IndexedContractState): void {
    const c = this.contracts.get(id);
    if (c) c.state = state;
  }

  private save(): void {
    if (!this.file) return;
    const saved: SavedIndex = {
      lastBlock: this.lastBlock,
      contracts: this.allContracts(),
      bills: this.bills,
    };
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(saved));
    fs.renameSync(tmp, this.file);
  }
}

function contractRecord(c: Json, createdAt: number): IndexedContract {
  const type = c.contractType as Json;
  const kind = Object.keys(type)[0].toLowerCase();
  const data = Object.values(type)[0] as Json;
  const stateKey = Object.keys((typeof c.state === 'string' ? { [c.state]: null } : c.state) as Json)[0];
  const state: IndexedContractState =
    stateKey.toLowerCase() === 'graceperiod'
      ? 'GracePeriod'
      : stateKey.toLowerCase() === 'deleted'
        ? 'Deleted'
        : 'Created';
  const base = {
    contractId: Number(c.contractId),
    twinId: Number(c.twinId),
    createdAt,
    state,
    ...(c.solutionProviderId !== null && c.solutionProviderId !== undefined
      ? { solutionProviderId: Number(c.solutionProviderId) }
      : {}),
  };
  if (kind === 'namecontract') return { ...base, type: 'name', name: text(data.name) };
  if (kind === 'rentcontract') return { ...base, type: 'rent', nodeId: Number(data.nodeId) };
  return {
    ...base,
    type: 'node',
    nodeId: Number(data.nodeId),
    deploymentData: text(data.deploymentData),
    deploymentHash: text(data.deploymentHash),
    numberOfPublicIPs: Number(data.publicIps ?? 0),
  };
}
