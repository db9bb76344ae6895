/**
 * A node's reports of what its contracts use, sent to the chain in batches: TFChain's
 * `reportContractResources` takes a list, and a node's extrinsics go one after the other (each
 * waits for its block). A report made while one is being sent waits and goes with the others in the
 * next extrinsic, the latest usage of each contract only. A node that provisions ten deployments
 * in a row sends two extrinsics instead of ten, ten blocks apart.
 */
import type { Capacity } from '../../model/zos/types';

/** One contract's usage, as reportContractResources carries it. */
export interface UsageReport {
  readonly contractId: number;
  readonly used: Capacity;
}

export class UsageReports {
  /** reports waiting for the next extrinsic, by contract */
  private readonly pending = new Map<number, Capacity>();
  private sending?: Promise<void>;

  /** @param send sends one extrinsic with the reports and resolves once it is in a block */
  constructor(private readonly send: (reports: UsageReport[]) => Promise<void>) {}

  /**
   * Queues a contract's usage; resolves once an extrinsic holding it (or a later usage of the same
   * contract) was sent. A failed extrinsic is not retried: the next change reports again, as before.
   */
  report(contractId: number, used: Capacity): Promise<void> {
    this.pending.set(contractId, used);
    return (this.sending ??= this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.size > 0) {
        const batch = [...this.pending].map(([contractId, used]) => ({ contractId, used }));
        this.pending.clear();
        await this.send(batch).catch(() => undefined);
      }
    } finally {
      this.sending = undefined;
    }
  }
}
