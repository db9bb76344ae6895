/**
 * Bounds the requests an apply sends to nodes at once (deploys, updates, status polls): a thousand
 * units would otherwise open a thousand RMB requests together, and the relay and the nodes answer
 * the last of them after the requests' timeouts. Requests wait for a free slot, in order.
 */
import type { GridBackend } from './backend';

/** At most `limit` jobs running; the others wait in order. */
export class RequestSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`node request limit must be a whole number >= 1, got ${limit}`);
  }

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
}

/** The backend with its node requests (deploy, update, getDeployment) going through `slots`. */
export function boundedNodeRequests(backend: GridBackend, slots: RequestSlots): GridBackend {
  const bounded: Partial<GridBackend> = {
    deploy: (nodeId, d) => slots.run(() => backend.deploy(nodeId, d)),
    update: (nodeId, d) => slots.run(() => backend.update(nodeId, d)),
    getDeployment: (nodeId, contractId) => slots.run(() => backend.getDeployment(nodeId, contractId)),
  };
  return new Proxy(backend, {
    get: (target, prop, receiver) =>
      prop in bounded ? bounded[prop as keyof GridBackend] : Reflect.get(target, prop, receiver),
  });
}
