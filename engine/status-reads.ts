/**
 * Status reads of one node's deployments, coalesced: while a read waits for a slot in the request
 * pool, other reads of the same node join it, and when it runs it asks the node once. One contract
 * is read with `zos.deployment.get`; several with one `zos.deployment.list` (the twin's active
 * deployments, workloads and results included). A contract the list leaves out (not active any
 * more, or not there yet) is asked for with `get`, so every caller gets what `get` would answer.
 *
 * An apply of 1,000 units on 100 nodes polls each unit until its workloads are ok: one RMB round
 * trip per unit and poll without this, about one per node and poll with it.
 */
import { NodeUnreachableError, type GridBackend } from './backend';
import type { RequestPool } from './request-pool';
import type { Deployment } from '../model/zos/types';

interface Waiter {
  readonly contractId: number;
  resolve(d: Deployment | undefined): void;
  reject(e: unknown): void;
}

/** One node's read waiting for a pool slot: reads of the node join it until it starts. */
interface OpenRead {
  readonly waiters: Waiter[];
}

export class CoalescedStatusReads {
  /** per node, the read that has not started yet */
  private readonly open = new Map<number, OpenRead>();

  constructor(
    private readonly backend: GridBackend,
    private readonly pool: RequestPool,
  ) {}

  /** What `backend.getDeployment(nodeId, contractId)` answers, read together with other reads of the node. */
  getDeployment(nodeId: number, contractId: number): Promise<Deployment | undefined> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { contractId, resolve, reject };
      const pending = this.open.get(nodeId);
      if (pending) {
        pending.waiters.push(waiter);
        return;
      }
      const read: OpenRead = { waiters: [waiter] };
      this.open.set(nodeId, read);
      void this.pool.run(async () => {
        // the read starts: later reads of this node open a new one
        this.open.delete(nodeId);
        await this.answer(nodeId, read.waiters);
      });
    });
  }

  private async answer(nodeId: number, waiters: readonly Waiter[]): Promise<void> {
    const byContract = new Map<number, Waiter[]>();
    for (const w of waiters) byContract.set(w.contractId, [...(byContract.get(w.contractId) ?? []), w]);
    if (byContract.size === 1) {
      await this.settle(waiters, () => this.backend.getDeployment(nodeId, waiters[0].contractId));
      return;
    }
    let listed: Map<number, Deployment>;
    try {
      listed = new Map((await this.backend.listDeployments(nodeId)).map((d) => [d.contract_id, d]));
    } catch (e) {
      // the node cannot be reached: every read fails as its own get would
      if (e instanceof NodeUnreachableError) {
        for (const w of waiters) w.reject(e);
        return;
      }
      // a node that refuses the list is read one contract at a time
      listed = new Map();
    }
    await Promise.all(
      [...byContract].map(([contractId, readers]) => {
        const d = listed.get(contractId);
        return this.settle(readers, d ? async () => d : () => this.backend.getDeployment(nodeId, contractId));
      }),
    );
  }

  private async settle(
    waiters: readonly Waiter[],
    read: () => Promise<Deployment | undefined>,
  ): Promise<void> {
    try {
      const d = await read();
      waiters.forEach((w, i) => w.resolve(i === 0 || !d ? d : structuredClone(d)));
    } catch (e) {
      for (const w of waiters) w.reject(e);
    }
  }
}
