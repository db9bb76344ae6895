import { GridProxyClient } from '../../clients/proxy/client';
import { GridProxyError } from '../../clients/proxy/errors';
import type { NodeFilters } from '../../clients/proxy/filters';
import { schedule } from '../../clients/proxy/scheduler';
import { fixtureGrid, GiB } from './testing/fixture-grid';
import type { InMemoryGridStateSource } from './grid-state-source';
import { DEV_PROXY_VERSION, GridProxyServer, startGridProxy } from './server';

describe('dev grid proxy with the grid proxy client', () => {
  let source: InMemoryGridStateSource;
  let proxy: GridProxyServer;
  let client: GridProxyClient;

  beforeAll(async () => {
    source = fixtureGrid();
    proxy = await startGridProxy({ source });
    client = new GridProxyClient(proxy.url, { timeoutMs: 5000, pageSize: 2 });
  });
  afterAll(() => proxy.close());

  const ids = async (filters: NodeFilters) => (await client.nodes(filters)).map((n) => n.nodeId);

  it('listens on loopback and answers ping', async () => {
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(client.ping()).resolves.toEqual({ ping: 'pong' });
  });

  it('answers /version as tfgridproxy does (GridClient probes it)', async () => {
    const res = await fetch(`${proxy.url}/version`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ version: DEV_PROXY_VERSION });
  });

  it('lists nodes with the proxy field names, paging through every page', async () => {
    const nodes = await client.nodes();
    expect(nodes.map((n) => n.nodeId)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const n1 = nodes[0];
    expect(n1).toMatchObject({
      nodeId: 1,
      farmId: 1,
      farmName: 'FreeFarm',
      twinId: 101,
      country: 'Belgium',
      city: 'Ghent',
      status: 'up',
      healthy: true,
      certificationType: 'Certified',
      farm_free_ips: 2,
      dedicated: false,
      rented: false,
      rentedByTwinId: 0,
      total_resources: { cru: 8, mru: 32 * GiB, sru: 512 * GiB, hru: 2048 * GiB },
      used_resources: { cru: 4, mru: 16 * GiB, sru: 20 * GiB, hru: 0 },
      publicConfig: {
        ipv4: '185.0.1.5/24',
        ipv6: '2a10::5/64',
        gw4: '185.0.1.1',
        gw6: '2a10::1',
        domain: 'gw1.dev.grid',
      },
    });
    expect(nodes[6]).toMatchObject({
      nodeId: 7,
      status: 'down',
      healthy: false,
      used_resources: { cru: 0, mru: 0, sru: 0, hru: 0 },
    });
    expect(nodes[3]).toMatchObject({
      nodeId: 4,
      rented: true,
      rentedByTwinId: 60,
      rentContractId: 42,
      dedicated: true,
      inDedicatedFarm: true,
      rentable: false,
    });
    expect(nodes[2]).toMatchObject({ num_gpu: 1, gpus: [{ vendor: 'AMD', device: 'Navi 31', contract: 0 }] });
  });

  it('sends the count header with ret_count and honours page, size, sort_by and sort_order', async () => {
    const page = await client.nodesPage({ size: 3, page: 2, sortBy: 'free_cru', sortOrder: 'desc' });
    // free cores: n3 8, n5 8, n6 8, n7 8 (down: nothing used), n4 6, n1 4, n2 3
    expect(page.count).toBe(7);
    expect(page.items.map((n) => n.nodeId)).toEqual([7, 4, 1]);
    const raw = await fetch(`${proxy.url}/nodes?size=3&ret_count=true`);
    expect([raw.headers.get('count'), raw.headers.get('size'), raw.headers.get('pages')]).toEqual([
      '7',
      '3',
      '3',
    ]);
    const noCount = await fetch(`${proxy.url}/nodes?size=3`);
    expect(noCount.headers.get('count')).toBeNull();
    expect(await client.nodes({ page: 3, size: 3 })).toHaveLength(1);
    expect(await ids({ sortBy: 'country', sortOrder: 'desc', status: 'up' })).toEqual([3, 4, 1, 2, 5]);
  });

  it.each<[string, NodeFilters, number[]]>([
    ['free_mru', { freeMru: 28 * GiB }, [3, 4, 5, 6, 7]],
    ['free_sru', { freeSru: 400 * GiB }, [1, 3, 4, 5, 6, 7]],
    ['free_hru', { freeHru: 1 }, [1, 3, 4, 5, 6, 7]],
    ['free_ips', { freeIps: 2 }, [1, 2, 7]],
    ['total_cru', { totalCru: 5 }, [1, 3, 4, 5, 6, 7]],
    ['status up', { status: 'up' }, [1, 2, 3, 4, 5]],
    ['status list', { status: ['down', 'standby'] }, [6, 7]],
    ['healthy', { healthy: false }, [6, 7]],
    ['country', { country: 'egypt' }, [3, 4]],
    ['city', { city: 'Cairo' }, [3, 4]],
    ['farm_ids', { farmIds: [1, 3] }, [1, 2, 5, 6, 7]],
    ['farm_name', { farmName: 'freefarm' }, [1, 2, 7]],
    ['ipv4', { ipv4: true }, [1]],
    ['ipv6', { ipv6: true }, [1, 5]],
    ['domain', { domain: true }, [1]],
    ['dedicated', { dedicated: false }, [1, 7]],
    ['rentable', { rentable: true }, [2, 3, 5, 6]],
    ['rented', { rented: true }, [4]],
    ['rented_by', { rentedBy: 60 }, [4]],
    ['available_for', { availableFor: 60 }, [4, 1, 2, 5, 7]],
    ['node_id', { nodeId: 5 }, [5]],
    ['twin_id', { twinId: 103 }, [3]],
    ['certification_type', { certificationType: 'certified' }, [1]],
    ['has_gpu', { hasGpu: true }, [3]],
    ['combined', { status: 'up', farmIds: [1, 2], freeMru: 20 * GiB }, [3, 4]],
  ])('filters nodes by %s', async (_name, filters, expected) => {
    expect(await ids(filters)).toEqual(expected);
  });

  it('serves one node with nested capacity (flattened by the client) and 404 for an unknown one', async () => {
    const raw = (await (await fetch(`${proxy.url}/nodes/2`)).json()) as Record<string, unknown>;
    expect(raw.capacity).toEqual({
      total_resources: { cru: 4, mru: 8 * GiB, sru: 256 * GiB, hru: 0 },
      used_resources: { cru: 1, mru: 2 * GiB, sru: 20 * GiB, hru: 0 },
    });
    const node = await client.node(2);
    expect(node.total_resources.cru).toBe(4);
    expect(node.used_resources.mru).toBe(2 * GiB);
    await expect(client.nodeStatus(6)).resolves.toBe('standby');
    const err = await client.node(99).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GridProxyError);
    expect(err).toMatchObject({
      status: 404,
      notFound: true,
      detail: 'node not found',
      url: `${proxy.url}/nodes/99`,
    });
    expect((err as Error).message).toBe(`grid proxy: GET ${proxy.url}/nodes/99 answered 404: node not found`);
    const body = await (await fetch(`${proxy.url}/nodes/99`)).json();
    expect(body).toEqual({ error: 'node not found' });
  });

  it('lists gateways: the nodes with a domain', async () => {
    expect((await client.gateways()).map((n) => n.nodeId)).toEqual([1]);
    expect((await fetch(`${proxy.url}/gateways/2`)).status).toBe(404);
  });

  it('lists and filters farms', async () => {
    const farms = await client.farms();
    expect(farms.map((f) => f.farmId)).toEqual([1, 2, 3]);
    expect(farms[0]).toMatchObject({
      name: 'FreeFarm',
      twinId: 11,
      certificationType: 'Gold',
      dedicated: false,
    });
    expect(farms[0].publicIps[2]).toMatchObject({
      ip: '185.0.1.12/24',
      gateway: '185.0.1.1',
      contract_id: 40,
    });
    const farmIds = async (f: Parameters<GridProxyClient['farms']>[0]) =>
      (await client.farms(f)).map((x) => x.farmId);
    expect(await farmIds({ freeIps: 1 })).toEqual([1, 3]);
    expect(await farmIds({ name: 'cairo-FARM' })).toEqual([2]);
    expect(await farmIds({ dedicated: true })).toEqual([2]);
    expect(await farmIds({ sortBy: 'free_ips', sortOrder: 'desc' })).toEqual([1, 3, 2]);
    const nodeFiltered = await fetch(`${proxy.url}/farms?node_has_gpu=true`);
    expect(((await nodeFiltered.json()) as { farmId: number }[]).map((f) => f.farmId)).toEqual([2]);
  });

  it('lists and filters twins', async () => {
    expect((await client.twins()).map((t) => t.twinId)).toEqual([11, 50, 60]);
    expect(await client.twins({ accountId: '5UserBob' })).toEqual([
      { twinId: 60, accountId: '5UserBob', relay: '', publicKey: '' },
    ]);
    expect(
      (await client.twins({ relay: 'relay.dev.grid', sortBy: 'twin_id', sortOrder: 'desc' })).map(
        (t) => t.twinId,
      ),
    ).toEqual([50, 11]);
  });

  it('does not ask the nodes for endpoints that only need chain records', async () => {
    const asked = jest.spyOn(source, 'nodeStatistics');
    try {
      await client.twins();
      await client.contracts({ contractId: 40 });
      expect(asked).not.toHaveBeenCalled();
      await client.node(1);
      expect(asked).toHaveBeenCalled();
    } finally {
      asked.mockRestore();
    }
  });

  it('asks only the nodes a request names for their statistics', async () => {
    const asked = jest.spyOn(source, 'nodeStatistics');
    try {
      const one = await client.node(3);
      expect(asked.mock.calls.map(([id]) => id)).toEqual([3]);
      // the same view as in a listing of every node
      expect((await client.nodes()).find((n) => n.nodeId === 3)).toEqual(one);
      asked.mockClear();
      // (this client reads 2 nodes per page: each page's request asks the 3 named nodes)
      expect(await ids({ nodeIds: [2, 4, 6] })).toEqual([2, 4, 6]);
      expect(new Set(asked.mock.calls.map(([id]) => id))).toEqual(new Set([2, 4, 6]));
    } finally {
      asked.mockRestore();
    }
  });

  it('lists and filters contracts with their details', async () => {
    const all = await client.contracts();
    expect(all.map((c) => c.contract_id)).toEqual([40, 41, 42, 43, 44]);
    expect(all[0]).toEqual({
      contract_id: 40,
      twin_id: 50,
      state: 'Created',
      created_at: 1_700_000_100,
      type: 'node',
      details: {
        nodeId: 1,
        deployment_data: '{"name":"vm"}',
        deployment_hash: 'aa'.repeat(16),
        number_of_public_ips: 1,
        farm_name: 'FreeFarm',
        farm_id: 1,
      },
    });
    expect(all[1].details).toEqual({ name: 'alice' });
    expect(all[2].details).toEqual({ nodeId: 4, farm_name: 'cairo-farm', farm_id: 2 });
    const cids = async (f: Parameters<GridProxyClient['contracts']>[0]) =>
      (await client.contracts(f)).map((c) => c.contract_id);
    expect(await cids({ twinId: 50, type: 'node' })).toEqual([40, 44]);
    expect(await cids({ state: ['Deleted'] })).toEqual([43]);
    expect(await cids({ nodeId: 4 })).toEqual([42]);
    expect(await cids({ name: 'alice' })).toEqual([41]);
    expect(await cids({ farmId: 1, state: 'Created' })).toEqual([40, 44]);
  });

  it('serves grid stats', async () => {
    const stats = await client.stats();
    expect(stats).toMatchObject({
      nodes: 7,
      farms: 3,
      countries: 2,
      totalCru: 52,
      publicIps: 4,
      accessNodes: 2,
      gateways: 1,
      twins: 3,
      contracts: 4,
      nodesDistribution: { Belgium: 5, Egypt: 2 },
      gpus: 1,
      dedicatedNodes: 3,
      workloads_number: 7,
    });
    expect((await client.stats({ status: 'up' })).nodes).toBe(5);
  });

  it('answers a bad query with 400 and the reason', async () => {
    const unknown = await fetch(`${proxy.url}/nodes?free_cpu=2`);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      error: 'failed to decode params: schema: invalid path "free_cpu"',
    });
    await expect(client.nodes({ sortBy: 'nonsense' })).rejects.toThrow(
      /answered 400: "nonsense" is not a sort field for Node type/,
    );
    expect((await fetch(`${proxy.url}/nodes?free_mru=lots`)).status).toBe(400);
    await expect(client.nodes({ freeCpu: 2 } as NodeFilters)).rejects.toThrow(/unknown filter 'freeCpu'/);
    expect((await fetch(`${proxy.url}/nowhere`)).status).toBe(404);
  });

  it('follows the chain between requests (no stale cache)', async () => {
    source.contracts.push({
      contractId: 45,
      twinId: 50,
      state: 'Created',
      type: 'rent',
      createdAt: 1_700_000_600,
      nodeId: 5,
    });
    try {
      expect(await ids({ rentedBy: 50 })).toEqual([5]);
    } finally {
      source.contracts.pop();
    }
    expect(await ids({ rentedBy: 50 })).toEqual([]);
  });

  it('feeds the scheduler: up nodes and farms from the proxy, placed all at once', async () => {
    const [nodes, farms] = await Promise.all([client.nodes({ status: 'up' }), client.farms()]);
    const need = { cru: 2, mru: 4 * GiB, sru: 20 * GiB, hru: 0 };
    const placed = schedule(
      [
        { id: 'web', need, publicIpv4: 1, distinctGroup: 'web' },
        { id: 'web2', need, publicIpv4: 1, distinctGroup: 'web' },
        { id: 'db', need: { ...need, mru: 20 * GiB }, country: 'Egypt' },
      ],
      nodes,
      farms,
      { twinId: 60 },
    );
    expect(placed.get('db')).toBe(4); // node 4 is rented by twin 60
    expect(new Set([placed.get('web'), placed.get('web2')]).size).toBe(2);
    expect([1, 2, 5]).toContain(placed.get('web'));
  });
});
