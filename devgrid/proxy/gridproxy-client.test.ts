/**
 * ThreeFold's own grid proxy client, `@threefold/gridproxy_client` 2.9.2 unmodified, against the
 * dev grid proxy: every listing, lookup and filter it offers. The client sends three filters that
 * tfgridproxy does not know (`free_gpu`, `total_gpu`, farm `version`); the real proxy answers them
 * 400, and so does ours. Also grid_client's own node filter (`Nodes.filterNodes`), which turns its
 * options into zos feature filters: it must find the nodes for mycelium, public IPs and access nodes.
 */
import GridProxyClient from '@threefold/gridproxy_client';
import type { InMemoryGridStateSource } from './grid-state-source';
import { fixtureGrid, GiB } from './testing/fixture-grid';
import { startGridProxy, type GridProxyServer } from './server';

/** grid_client's node primitive (it only needs the proxy URL for these calls) */
type GridClientNodes = {
  Nodes: new (
    graphqlUrl: string,
    proxyUrl: string,
    rmb: unknown,
  ) => {
    filterNodes(options: Record<string, unknown>): Promise<{ nodeId: number }[]>;
    filterFarms(options: Record<string, unknown>): Promise<{ farmId: number }[]>;
    getAccessNodes(availableFor?: number): Promise<Record<number, { ipv4: string }>>;
  };
};

describe('@threefold/gridproxy_client on the dev grid proxy', () => {
  let source: InMemoryGridStateSource;
  let proxy: GridProxyServer;
  let client: GridProxyClient;

  beforeAll(async () => {
    source = fixtureGrid();
    proxy = await startGridProxy({ source });
    client = new GridProxyClient(proxy.url);
  });
  afterAll(() => proxy.close());

  const nodeIds = async (q: Parameters<GridProxyClient['nodes']['list']>[0]) =>
    (await client.nodes.list(q)).data.map((n) => n.nodeId);

  it('lists nodes and gateways and reads a node by id', async () => {
    expect(await nodeIds({})).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const node = await client.nodes.byId(1);
    expect(node).toMatchObject({ nodeId: 1, farmId: 1, country: 'Belgium' });
    expect(node.total_resources.cru).toBe(8);
    const gateways = (await client.gateways.list()).data;
    expect(gateways.map((g) => g.nodeId)).toEqual([1]);
    expect((await client.gateways.byId(1)).publicConfig.domain).toBe('gw1.dev.grid');
    expect((await client.gateways.list({ country: 'Egypt' })).data).toEqual([]);
  });

  it('serves dmi, speed and the features zos reports for full and light nodes', async () => {
    const [n1, , , , n5] = (await client.nodes.list()).data as unknown as {
      dmi: unknown;
      speed: unknown;
      features: string[];
    }[];
    expect(n1.dmi).toEqual({
      bios: { vendor: 'American Megatrends Inc.', version: '2.4' },
      baseboard: { manufacturer: 'Supermicro', product_name: 'X11DPi-N' },
      processor: [{ version: 'Intel(R) Xeon(R) Silver 4114', thread_count: '20' }],
      memory: [{ manufacturer: 'Samsung', type: 'DDR4' }],
      UpdatedAt: 0,
    });
    expect(n1.speed).toEqual({ upload: 940_000_000, download: 930_000_000, UpdatedAt: 0 });
    expect(n1.features).toEqual(expect.arrayContaining(['zmachine', 'network', 'ipv4', 'ip', 'mycelium']));
    expect(n1.features).not.toContain('zmachine-light');
    expect(n5.features).toEqual(expect.arrayContaining(['zmachine-light', 'network-light', 'mycelium']));
    expect(n5.features).not.toContain('zmachine');
    expect(n5.features).not.toContain('ipv4');
  });

  it('applies every node filter the client offers', async () => {
    expect(await nodeIds({ freeMru: 20 * GiB })).toEqual([3, 4, 5, 6, 7]);
    expect(await nodeIds({ freeHru: 1 })).toEqual([1, 3, 4, 5, 6, 7]);
    expect(await nodeIds({ freeSru: 400 * GiB })).toEqual([1, 3, 4, 5, 6, 7]);
    expect(await nodeIds({ freeIps: 2 })).toEqual([1, 2, 7]);
    expect(await nodeIds({ status: 'up' as never })).toEqual([1, 2, 3, 4, 5]);
    expect(await nodeIds({ status: 'up,standby' as never })).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await nodeIds({ city: 'cairo' })).toEqual([3, 4]);
    expect(await nodeIds({ country: 'egypt' })).toEqual([3, 4]);
    expect(await nodeIds({ region: 'africa' })).toEqual([3, 4]);
    expect(await nodeIds({ region: 'Europe' })).toEqual([1, 2, 5, 6, 7]);
    expect(await nodeIds({ farmName: 'cairo-farm' })).toEqual([3, 4]);
    expect(await nodeIds({ ipv4: true })).toEqual([1]);
    expect(await nodeIds({ ipv6: true })).toEqual([1, 5]);
    expect(await nodeIds({ domain: true })).toEqual([1]);
    expect(await nodeIds({ dedicated: true })).toEqual([2, 3, 4, 5, 6]);
    expect(await nodeIds({ rentable: true })).toEqual([2, 3, 5, 6]);
    expect(await nodeIds({ rented: true })).toEqual([4]);
    expect(await nodeIds({ rentedBy: 60 })).toEqual([4]);
    expect(await nodeIds({ availableFor: 60 })).toEqual([4, 1, 2, 5, 7]);
    expect(await nodeIds({ rentableOrRentedBy: 60 })).toEqual([4, 2, 3, 5, 6]);
    expect(await nodeIds({ farmIds: '2,3' })).toEqual([3, 4, 5, 6]);
    expect(await nodeIds({ nodeId: 6 })).toEqual([6]);
    // the client only accepts farm certifications here; no node has one
    expect(await nodeIds({ certificationType: 'Gold' })).toEqual([]);
    expect(await nodeIds({ hasGpu: true })).toEqual([3]);
    expect(await nodeIds({ numGpu: 1 })).toEqual([3]);
    expect(await nodeIds({ gpuVendorName: 'amd' })).toEqual([3]);
    expect(await nodeIds({ gpuVendorName: 'nvidia' })).toEqual([]);
    expect(await nodeIds({ gpuDeviceName: 'navi' })).toEqual([3]);
    expect(await nodeIds({ gpuVendorId: '1002' })).toEqual([3]);
    expect(await nodeIds({ gpuDeviceId: '744c' })).toEqual([3]);
    expect(await nodeIds({ gpuAvailable: true })).toEqual([3]);
    expect(await nodeIds({ totalCru: 8 })).toEqual([1, 3, 4, 5, 6, 7]);
    expect(await nodeIds({ totalHru: 1 })).toEqual([1, 3, 4, 5, 6, 7]);
    expect(await nodeIds({ totalMru: 32 * GiB })).toEqual([1, 3, 4, 5, 6, 7]);
    expect(await nodeIds({ totalSru: 512 * GiB })).toEqual([1, 3, 4, 5, 6, 7]);
    expect(await nodeIds({ ownedBy: 12 })).toEqual([3, 4]);
    expect(await nodeIds({ healthy: false })).toEqual([6, 7]);
    expect(await nodeIds({ hasIPv6: true })).toEqual([1, 5]);
    expect(await nodeIds({ sortBy: 'node_id' as never, sortOrder: 'desc' as never })).toEqual([
      7, 6, 5, 4, 3, 2, 1,
    ]);
    const page = await client.nodes.list({ page: 2, size: 3, retCount: true });
    expect(page.count).toBe(7);
    expect(page.data.map((n) => n.nodeId)).toEqual([4, 5, 6]);
  });

  it('answers free_gpu, total_gpu and farm version with the 400 tfgridproxy gives (it has no such filters)', async () => {
    for (const [path, name] of [
      ['/nodes?free_gpu=1', 'free_gpu'],
      ['/nodes?total_gpu=1', 'total_gpu'],
      ['/farms?version=3', 'version'],
    ]) {
      const res = await fetch(`${proxy.url}${path}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: `failed to decode params: schema: invalid path "${name}"` });
    }
    expect((await client.nodes.list({ freeGpu: 1 })).data).toEqual({
      error: 'failed to decode params: schema: invalid path "free_gpu"',
    });
  });

  it('reads node statistics and gpus over the node, and refuses them for a node that is not up', async () => {
    const stats = await client.nodes.statsById(1);
    expect(stats).toEqual({
      system: { cru: 0, hru: 0, ipv4u: 0, mru: 0, sru: 0 },
      total: { cru: 8, hru: 2048 * GiB, ipv4u: 0, mru: 32 * GiB, sru: 512 * GiB },
      used: { cru: 4, hru: 0, ipv4u: 0, mru: 16 * GiB, sru: 20 * GiB },
      users: { deployments: 0, workloads: 4, last_deployment_timestamp: 0 },
    });
    expect(await client.nodes.gpuById(3)).toEqual([
      {
        node_twin_id: 103,
        id: '0000:0e:00.0/1002/744c',
        vendor: 'AMD',
        device: 'Navi 31',
        contract: 0,
        updated_at: 0,
      },
    ]);
    expect(await client.nodes.gpuById(1)).toEqual([]);
    expect(await client.nodes.statsById(6)).toEqual({
      error: 'cannot fetch statistics from node 6 with status: standby',
    });
    const down = await fetch(`${proxy.url}/nodes/7/gpu`);
    expect(down.status).toBe(500);
    const listed = await client.nodes.list({ nodeId: 1 }, { loadFarm: true, loadStats: true });
    expect(listed.data[0].farm.farmId).toBe(1);
    expect(listed.data[0].publicIps).toEqual({ total: 3, used: 1, free: 2 });
    expect(listed.data[0].stats.users.workloads).toBe(4);
  });

  it('applies every farm filter the client offers', async () => {
    const farmIds = async (q: Parameters<GridProxyClient['farms']['list']>[0]) =>
      (await client.farms.list(q)).data.map((f) => f.farmId);
    expect(await farmIds({})).toEqual([1, 2, 3]);
    expect(await farmIds({ freeIps: 2 })).toEqual([1]);
    expect(await farmIds({ totalIps: 1 })).toEqual([1, 3]);
    expect(await farmIds({ pricingPolicyId: 1 })).toEqual([1, 2, 3]);
    expect(await farmIds({ farmId: 2 })).toEqual([2]);
    expect(await farmIds({ twinId: 13 })).toEqual([3]);
    expect(await farmIds({ name: 'freefarm' })).toEqual([1]);
    expect(await farmIds({ nameContains: 'farm' })).toEqual([1, 2]);
    // the client accepts only DIY and Certified here, while farms are Gold or NotCertified
    expect(await farmIds({ certificationType: 'DIY' as never })).toEqual([]);
    expect(await farmIds({ dedicated: true })).toEqual([2]);
    expect(await farmIds({ stellarAddress: 'none' })).toEqual([]);
    expect(await farmIds({ nodeHasIPv6: true })).toEqual([1, 3]);
    expect(await farmIds({ sortBy: 'name' as never, sortOrder: 'desc' as never })).toEqual([3, 2, 1]);
    expect((await client.farms.listAll()).map((f) => f.farmId)).toEqual([1, 2, 3]);
    const ips = await fetch(`${proxy.url}/farms?node_features=zmachine-light&region=europe`);
    expect(((await ips.json()) as { farmId: number }[]).map((f) => f.farmId)).toEqual([3]);
  });

  it('lists twins with their consumption, contracts with every filter, stats and public IPs', async () => {
    expect((await client.twins.list({ twinId: 50 })).data.map((t) => t.twinId)).toEqual([50]);
    // contract 40: 0.72 TFT over the hour since its previous bill; 44: 0.1 TFT over its first 3600 s
    const consumption = await client.twins.getConsumption(50);
    expect(consumption.last_hour_consumption).toBeCloseTo(0.72 + 0.1, 6);
    expect(consumption.overall_consumption).toBeCloseTo(0.36 + 0.72 + 0.1, 6);
    // twin 60's only billed contract is deleted: nothing in the last hour
    expect(await client.twins.getConsumption(60)).toEqual({
      last_hour_consumption: 0,
      overall_consumption: 0.5,
    });

    const contractIds = async (q: Parameters<GridProxyClient['contracts']['list']>[0]) =>
      (await client.contracts.list(q)).data.map((c) => c.contract_id);
    expect(await contractIds({})).toEqual([40, 41, 42, 43, 44]);
    expect(await contractIds({ contractId: 41 })).toEqual([41]);
    expect(await contractIds({ twinId: 60 })).toEqual([42, 43]);
    expect(await contractIds({ nodeId: 1 })).toEqual([40]);
    expect(await contractIds({ name: 'alice' })).toEqual([41]);
    expect(await contractIds({ type: 'rent' as never })).toEqual([42]);
    expect(await contractIds({ state: ['Deleted'] as never })).toEqual([43]);
    expect(await contractIds({ deploymentData: '{"name":"vm"}' })).toEqual([40]);
    expect(await contractIds({ deploymentHash: 'cc'.repeat(16) })).toEqual([44]);
    expect(await contractIds({ numberOfPublicIps: 1 })).toEqual([40]);
    expect(await contractIds({ sortBy: 'created_at' as never, sortOrder: 'desc' as never })).toEqual([
      44, 43, 42, 41, 40,
    ]);
    expect((await client.contracts.list({ contractId: 40 })).data[0].created_at).toBe(1_700_000_100);

    expect(await client.stats.get()).toMatchObject({ nodes: 7, farms: 3 });
    expect(await client.stats.get({ status: 'up' as never })).toMatchObject({ nodes: 5 });

    const all = await client.publicIps.list({ retCount: true });
    expect(all.count).toBe(4);
    expect(all.data[0]).toEqual({
      id: 'ip-1-0',
      ip: '185.0.1.10/24',
      gateway: '185.0.1.1',
      contract_id: 0,
      farm_id: 1,
    });
    const ipsOf = async (q: Parameters<GridProxyClient['publicIps']['list']>[0]) =>
      (await client.publicIps.list(q)).data.map((ip) => ip.ip);
    expect(await ipsOf({ farmIds: 3 })).toEqual(['185.0.3.10/24']);
    expect(await ipsOf({ free: false })).toEqual(['185.0.1.12/24']);
    expect(await ipsOf({ ip: '185.0.1.11/24' })).toEqual(['185.0.1.11/24']);
    expect(await ipsOf({ gateway: '185.0.3.1' })).toEqual(['185.0.3.10/24']);
    expect(await ipsOf({ sortBy: 'ip' as never, sortOrder: 'desc' as never, size: 1 })).toEqual([
      '185.0.3.10/24',
    ]);
    expect((await client.publicIps.listAll({ farmIds: 1 })).length).toBe(3);
  });

  it("grid_client's node filter finds nodes for mycelium, public IPs and access nodes", async () => {
    // loaded here: grid_client brings its own @polkadot copies, which warn when loaded
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Nodes } = require('@threefold/grid_client') as GridClientNodes;
    const nodes = new Nodes('http://127.0.0.1:9/graphql', proxy.url, undefined);
    const ids = async (o: Record<string, unknown>) => (await nodes.filterNodes(o)).map((n) => n.nodeId);
    // light node 5 has mycelium too; every node filter of grid_client asks for status up
    expect(await ids({ mycelium: true })).toEqual(expect.arrayContaining([1, 2, 3, 4, 5]));
    expect(await ids({ publicIPs: true })).toEqual(expect.arrayContaining([1, 2]));
    expect(await ids({ publicIPs: true })).not.toContain(5);
    expect(await ids({ planetary: true, mycelium: true, wireguard: true })).not.toContain(5);
    expect(await ids({ gateway: true })).toEqual([1]);
    expect(Object.keys(await nodes.getAccessNodes())).toEqual(['1']);
    expect((await nodes.filterFarms({ mycelium: true })).map((f) => f.farmId).sort()).toEqual([1, 2, 3]);
  });
});
