/**
 * One bound on requests in flight, for every caller that sends many at once: bulk reads (a plan
 * reads deployments from hundreds of nodes) and an apply's deploys, updates and status polls (a
 * thousand units would otherwise open a thousand RMB requests together, and the relay and the nodes
 * would answer the last of them after the requests' timeouts). Jobs wait for a free slot, in order.
 */
import type { GridBackend } from './backend';
import { CoalescedStatusReads } from './status-reads';

/** At most `limit` jobs running; the others wait in order. */
export class RequestPool {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  /**
   * @param limit jobs running at once, a whole number >= 1
   * @param what what the jobs are, for the error on a bad limit (e.g. 'node request')
   */
  constructor(
    readonly limit: number,
    what = 'request',
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`${what} limit must be a whole number >= 1, got ${limit}`);
  }

  /** Runs `job` once a slot is free; a job that fails frees its slot too. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await job();
    } finally {
      // hand the slot to the next job, or free it
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** `work` over every item through the pool; the results keep the items' order, a failure rejects. */
  map<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
    return Promise.all(items.map((item, i) => this.run(() => work(item, i))));
  }
}

/**
 * The backend with its node requests (deploy, update, getDeployment) going through `pool`; status
 * reads of one node waiting for a slot together are made as one request (status-reads.ts).
 */
export function boundedNodeRequests(backend: GridBackend, pool: RequestPool): GridBackend {
  const reads = new CoalescedStatusReads(backend, pool);
  const bounded: Partial<GridBackend> = {
    deploy: (nodeId, d) => pool.run(() => backend.deploy(nodeId, d)),
    update: (nodeId, d) => pool.run(() => backend.update(nodeId, d)),
    getDeployment: (nodeId, contractId) => reads.getDeployment(nodeId, contractId),
  };
  return new Proxy(backend, {
    get: (target, prop, receiver) =>
      prop in bounded ? bounded[prop as keyof GridBackend] : Reflect.get(target, prop, receiver),
  });
}
