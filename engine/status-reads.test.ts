/**
 * CoalescedStatusReads: reads of one node waiting for a pool slot become one request (a list for
 * several contracts, a get for one), and each caller gets what its own get would have answered.
 * The backend is a fake recording the requests: this tests the coalescing logic only.
 */
import { NodeUnreachableError, type GridBackend } from './backend';
import { RequestPool } from './request-pool';
import { CoalescedStatusReads } from './status-reads';
import type { Deployment } from '../model/zos/types';

const deployment = (contract: number, version = 0): Deployment =>
  ({ version, twin_id: 1, contract_id: contract, workloads: [] }) as unknown as Deployment;

/** A node backend answering from `held` (node -> contracts), recording every request. */
function fakeNodes(held: Record<number, Deployment[]>, fail: { list?: unknown } = {}) {
  const requests: string[] = [];
  const backend = {
    async getDeployment(nodeId: number, contractId: number) {
      requests.push(`get ${nodeId}/${contractId}`);
      return structuredClone((held[nodeId] ?? []).find((d) => d.contract_id === contractId));
    },
    async listDeployments(nodeId: number) {
      requests.push(`list ${nodeId}`);
      if (fail.list) throw fail.list;
      // a list leaves out what is not active: here, version 9 stands for a deleted deployment
      return structuredClone((held[nodeId] ?? []).filter((d) => d.version !== 9));
    },
  } as unknown as GridBackend;
  return { backend, requests };
}

/** A pool of one slot, held until `release` is called: reads queue behind it. */
function busyPool(): { pool: RequestPool; release: () => void } {
  const pool = new RequestPool(1);
  let release = () => undefined as void;
  void pool.run(() => new Promise<void>((r) => (release = r)));
  return { pool, release: () => release() };
}

describe('CoalescedStatusReads', () => {
  it('reads several contracts of a node waiting together with one list, a lone one with a get', async () => {
    const { backend, requests } = fakeNodes({ 1: [deployment(10), deployment(11, 2)], 2: [deployment(20)] });
    const { pool, release } = busyPool();
    const reads = new CoalescedStatusReads(backend, pool);
    const all = Promise.all([
      reads.getDeployment(1, 10),
      reads.getDeployment(2, 20),
      reads.getDeployment(1, 11),
      reads.getDeployment(1, 12),
    ]);
    release();
    const [a, b, c, missing] = await all;
    expect([a?.contract_id, b?.contract_id, c?.version, missing]).toEqual([10, 20, 2, undefined]);
    // contract 12 is not in the list: asked for alone, as a get would have answered
    expect(requests).toEqual(['list 1', 'get 1/12', 'get 2/20']);
    // a read once the first has started opens a new request
    expect(await reads.getDeployment(1, 10)).toEqual(deployment(10));
    expect(requests.slice(3)).toEqual(['get 1/10']);
  });

  it('answers a deployment the list leaves out (not active) with a get, and each caller its own copy', async () => {
    const { backend, requests } = fakeNodes({ 1: [deployment(10), deployment(11, 9)] });
    const { pool, release } = busyPool();
    const reads = new CoalescedStatusReads(backend, pool);
    const all = Promise.all([
      reads.getDeployment(1, 10),
      reads.getDeployment(1, 10),
      reads.getDeployment(1, 11),
      reads.getDeployment(1, 11),
    ]);
    release();
    const [a, a2, b, b2] = await all;
    expect(requests).toEqual(['list 1', 'get 1/11']);
    expect(a).toEqual(a2);
    expect(a).not.toBe(a2);
    expect(b?.version).toBe(9);
    expect(b).toEqual(b2);
    expect(b).not.toBe(b2);
  });

  it('fails every read of an unreachable node; reads one at a time from a node that refuses the list', async () => {
    const down = new NodeUnreachableError(1, 'node 1 did not answer zos.deployment.list within 20 s');
    const unreachable = fakeNodes({ 1: [deployment(10), deployment(11)] }, { list: down });
    let busy = busyPool();
    let reads = new CoalescedStatusReads(unreachable.backend, busy.pool);
    const failed = Promise.allSettled([reads.getDeployment(1, 10), reads.getDeployment(1, 11)]);
    busy.release();
    expect((await failed).map((r) => (r.status === 'rejected' ? r.reason : r.value))).toEqual([down, down]);

    const refusing = fakeNodes({ 1: [deployment(10), deployment(11)] }, { list: new Error('function is not found') });
    busy = busyPool();
    reads = new CoalescedStatusReads(refusing.backend, busy.pool);
    const read = Promise.all([reads.getDeployment(1, 10), reads.getDeployment(1, 11)]);
    busy.release();
    expect((await read).map((d) => d?.contract_id)).toEqual([10, 11]);
    expect(refusing.requests).toEqual(['list 1', 'get 1/10', 'get 1/11']);
  });
});
