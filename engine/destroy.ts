/**
 * After destroy cancelled a project's contracts on chain: asking each node whether it removed the
 * workloads. The chain is what counts (a cancelled contract stops billing, and zos removes its
 * workloads when it reads the cancel event, also after a restart), so a node that cannot be asked
 * (down, relay unreachable) is reported, not waited for.
 */
import type { GridBackend } from './backend';
import type { ObservedDeployment } from './observe';

/** A node that did not confirm that the workloads of some cancelled contracts are gone. */
export interface UntoldNode {
  readonly nodeId: number;
  readonly contractIds: number[];
  /** why: the node or the relay could not be reached, or it still runs the workloads */
  readonly reason: string;
}

export interface DestroyResult {
  /** contracts cancelled on chain (node and name contracts) */
  readonly cancelled: number[];
  /** nodes that could not be told; they clean up on their own from the chain's cancel events */
  readonly untold: UntoldNode[];
}

export interface ConfirmOptions {
  /** how long a reachable node may take to remove the workloads, ms */
  readonly timeoutMs: number;
  /** first poll delay, ms (doubles up to 2 s) */
  readonly pollMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether the node has nothing left running for the contract. */
async function removed(backend: GridBackend, nodeId: number, contractId: number): Promise<boolean> {
  const d = await backend.getDeployment(nodeId, contractId);
  return !d || d.workloads.every((w) => w.result?.state === 'deleted');
}

/** Asks every node of `cancelled` until it reports the workloads gone; returns the nodes that did not. */
export async function confirmRemoved(
  backend: GridBackend,
  cancelled: readonly ObservedDeployment[],
  o: ConfirmOptions,
): Promise<UntoldNode[]> {
  const byNode = new Map<number, number[]>();
  for (const d of cancelled) byNode.set(d.nodeId, [...(byNode.get(d.nodeId) ?? []), d.contractId]);
  const deadline = Date.now() + o.timeoutMs;
  const results = await Promise.all(
    [...byNode].map(async ([nodeId, contractIds]): Promise<UntoldNode | undefined> => {
      let pending = [...contractIds];
      let delay = o.pollMs;
      for (;;) {
        try {
          const left: number[] = [];
          for (const id of pending) if (!(await removed(backend, nodeId, id))) left.push(id);
          pending = left;
        } catch (e) {
          return { nodeId, contractIds: pending, reason: (e as Error).message };
        }
        if (pending.length === 0) return undefined;
        if (Date.now() + delay > deadline)
          return {
            nodeId,
            contractIds: pending,
            reason: `node ${nodeId} still runs the workloads after ${Math.round(o.timeoutMs / 1000)} s`,
          };
        await sleep(delay);
        delay = Math.min(delay * 2, 2000);
      }
    }),
  );
  return results.filter((r): r is UntoldNode => r !== undefined);
}
