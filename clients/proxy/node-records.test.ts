/**
 * NodeRecords against the dev grid proxy (fixture grid): the nodes a command is about to call are
 * read in one listing, a node left out of it is read alone, and what is read is what `/nodes/<id>`
 * answers.
 */
import { fixtureGrid } from '../../devgrid/proxy/testing/fixture-grid';
import { startGridProxy, type GridProxyServer } from '../../devgrid/proxy/server';
import { GridProxyClient } from './client';
import type { NodeFilters } from './filters';
import { NodeRecords } from './node-records';
import type { ProxyNode } from './types';

/** The real client, counting its requests. */
class CountingClient extends GridProxyClient {
  readonly asked: string[] = [];
  override nodes(filters: NodeFilters = {}): Promise<ProxyNode[]> {
    this.asked.push(`nodes ${filters.nodeIds?.join(',') ?? ''}`);
    return super.nodes(filters);
  }
  override node(nodeId: number): Promise<ProxyNode> {
    this.asked.push(`node ${nodeId}`);
    return super.node(nodeId);
  }
}

describe('NodeRecords', () => {
  let proxy: GridProxyServer;
  beforeAll(async () => {
    proxy = await startGridProxy({ source: fixtureGrid() });
  });
  afterAll(() => proxy.close());

  it('reads the nodes it is told about in one request, and a node it was not told about alone', async () => {
    const client = new CountingClient(proxy.url);
    const records = new NodeRecords(client);
    await records.load([3, 1, 2, 3]);
    expect(client.asked).toEqual(['nodes 1,2,3']);
    const direct = new GridProxyClient(proxy.url);
    for (const id of [1, 2, 3]) expect(await records.get(id)).toEqual(await direct.node(id));
    expect(client.asked).toEqual(['nodes 1,2,3']);
    // known ones are not asked again
    await records.load([1, 2]);
    expect(client.asked).toHaveLength(1);
    expect((await records.get(4)).nodeId).toBe(4);
    expect(client.asked).toEqual(['nodes 1,2,3', 'node 4']);
  });

  it('reads a node the listing leaves out alone, which fails as the proxy says', async () => {
    const client = new CountingClient(proxy.url);
    const records = new NodeRecords(client);
    await records.load([2, 999]);
    await expect(records.get(999)).rejects.toThrow(/not found/i);
    expect(client.asked).toEqual(['nodes 2,999', 'node 999']);
    // a failed read is asked again
    await expect(records.get(999)).rejects.toThrow(/not found/i);
    expect(client.asked).toEqual(['nodes 2,999', 'node 999', 'node 999']);
  });

  it('splits a long list of ids into requests of 100', async () => {
    const client = new CountingClient(proxy.url);
    const records = new NodeRecords(client);
    await records.load(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(client.asked.filter((a) => a.startsWith('nodes'))).toHaveLength(3);
    expect((await records.get(7)).nodeId).toBe(7);
  });
});
