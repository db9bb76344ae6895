/**
 * ThreeFold's own grid proxy client, `@threefold/gridproxy_client` 2.9.2 unmodified, against the
 * dev grid proxy: the listings and lookups it offers that the dev proxy serves today. (Statistics,
 * GPU and public IP endpoints, and the region/gpu filters, are not served yet: see docs/devgrid.md.)
 */
import GridProxyClient from '@threefold/gridproxy_client';
import { fixtureGrid } from './testing/fixture-grid';
import { startGridProxy, type GridProxyServer } from './server';

describe('@threefold/gridproxy_client on the dev grid proxy', () => {
  let proxy: GridProxyServer;
  let client: GridProxyClient;

  beforeAll(async () => {
    proxy = await startGridProxy({ source: fixtureGrid() });
    client = new GridProxyClient(proxy.url);
  });
  afterAll(() => proxy.close());

  it('lists nodes and gateways and reads a node by id', async () => {
    const nodes = (await client.nodes.list()).data;
    expect(nodes.map((n) => n.nodeId)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const node = await client.nodes.byId(1);
    expect(node).toMatchObject({ nodeId: 1, farmId: 1, country: 'Belgium' });
    const gateways = (await client.gateways.list()).data;
    expect(gateways.length).toBeGreaterThan(0);
    expect(gateways.every((g) => g.publicConfig.domain !== '')).toBe(true);
  });

  it('lists farms, twins and contracts, and reads the grid stats', async () => {
    const farms = (await client.farms.list()).data;
    expect(farms.map((f) => f.farmId).sort()).toEqual([1, 2, 3]);
    const twins = (await client.twins.list()).data;
    expect(twins.map((t) => t.twinId)).toContain(50);
    const contracts = (await client.contracts.list()).data;
    expect(contracts.length).toBeGreaterThan(0);
    const stats = await client.stats.get();
    expect(stats).toMatchObject({ nodes: 7, farms: 3 });
  });
});
