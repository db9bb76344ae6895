/**
 * The dev grid's GraphQL indexer API over real HTTP: the generated query API (lists, byId,
 * connections, where/orderBy), and every query @threefold/grid_client 2.9.2 sends, through its own
 * unmodified code (Graphql client, Nodes, TFContracts).
 */
import { fixtureGrid } from '../proxy/testing/fixture-grid';
import { startGridProxy, type GridProxyServer } from '../proxy/server';
import { startGraphqlServer, type GraphqlServer } from './server';

/** The grid_client pieces these tests drive (loaded lazily: it brings its own @polkadot copies). */
interface GridClientModule {
  Graphql: new (url: string) => {
    query(body: string, variables?: Record<string, unknown>): Promise<Record<string, unknown>>;
    getItemTotalCount(item: string, options?: string): Promise<number>;
  };
  Nodes: new (
    graphql: string,
    proxy: string,
    rmb: unknown,
  ) => {
    getNodeTwinId(nodeId: number): Promise<number>;
    getAllFarms(): Promise<{ farmId: number }[]>;
    getNodesByFarmId(farmId: number): Promise<{ nodeId: number }[]>;
  };
  TFContracts: { prototype: Record<string, (options: Record<string, unknown>) => Promise<unknown>> };
}

describe('dev grid GraphQL indexer API', () => {
  let server: GraphqlServer;
  let proxy: GridProxyServer;
  let sdk: GridClientModule;

  beforeAll(async () => {
    const source = fixtureGrid();
    server = await startGraphqlServer({ source });
    proxy = await startGridProxy({ source });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sdk = require('@threefold/grid_client') as GridClientModule;
  });
  afterAll(async () => {
    await server.close();
    await proxy.close();
  });

  async function post(query: string, variables?: Record<string, unknown>) {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: res.status,
      body: (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] },
    };
  }

  it('listens on loopback at /graphql and answers the __typename probe', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(await post('query { __typename }')).toEqual({
      status: 200,
      body: { data: { __typename: 'Query' } },
    });
    const get = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses an unknown field with a 400 naming it', async () => {
    const { status, body } = await post('{ nodes { nodeID noSuchField } }');
    expect(status).toBe(400);
    expect(JSON.stringify(body.errors)).toContain('Cannot query field \\"noSuchField\\" on type \\"Node\\"');
  });

  it('serves lists with where, orderBy, offset and limit, byId and connections', async () => {
    const { body } = await post(`{
      nodes(where: { farmID_in: [1, 3], publicConfig: { ipv6_isNull: false } }, orderBy: [nodeID_DESC]) {
        id nodeID twinID farmID country certification publicConfig { ipv4 ipv6 domain }
        resourcesTotal { cru mru } location { latitude }
      }
      farms(where: { name_containsInsensitive: "FARM" }, orderBy: [name_ASC], offset: 1, limit: 1) {
        farmID name certification publicIPs(where: { contractId_eq: 0 }) { ip contractId farm { farmID } }
      }
      nodeById(id: "node-3") { nodeID city }
      publicIps(where: { farm: { farmID_eq: 1 } }, orderBy: [ip_DESC]) { ip }
      farmsWithFree: farms(where: { publicIPs_some: { contractId_eq: 0 } }) { farmID }
      nodesConnection(orderBy: [nodeID_ASC], first: 2, after: "2") {
        totalCount edges { cursor node { nodeID } } pageInfo { hasNextPage hasPreviousPage endCursor }
      }
      twins(where: { OR: [{ twinID_eq: 11 }, { accountID_startsWith: "5UserB" }] }) { twinID relay publicKey }
    }`);
    expect(body.errors).toBeUndefined();
    const d = body.data as Record<string, unknown>;
    expect(d.nodes).toEqual([
      {
        id: 'node-5',
        nodeID: 5,
        twinID: 105,
        farmID: 3,
        country: 'Belgium',
        certification: 'Diy',
        publicConfig: { ipv4: null, ipv6: '2a10::6/64', domain: null },
        resourcesTotal: { cru: '8', mru: String(32 * 1024 ** 3) },
        location: { latitude: '0' },
      },
      {
        id: 'node-1',
        nodeID: 1,
        twinID: 101,
        farmID: 1,
        country: 'Belgium',
        certification: 'Certified',
        publicConfig: { ipv4: '185.0.1.5/24', ipv6: '2a10::5/64', domain: 'gw1.dev.grid' },
        resourcesTotal: { cru: '8', mru: String(32 * 1024 ** 3) },
        location: { latitude: '0' },
      },
    ]);
    expect(d.farms).toEqual([
      {
        farmID: 2,
        name: 'cairo-farm',
        certification: 'NotCertified',
        publicIPs: [],
      },
    ]);
    expect(d.nodeById).toEqual({ nodeID: 3, city: 'Cairo' });
    expect(d.publicIps).toEqual([{ ip: '185.0.1.12/24' }, { ip: '185.0.1.11/24' }, { ip: '185.0.1.10/24' }]);
    expect(d.farmsWithFree).toEqual([{ farmID: 1 }, { farmID: 3 }]);
    expect(d.nodesConnection).toEqual({
      totalCount: 7,
      edges: [
        { cursor: '3', node: { nodeID: 3 } },
        { cursor: '4', node: { nodeID: 4 } },
      ],
      pageInfo: { hasNextPage: true, hasPreviousPage: true, endCursor: '4' },
    });
    expect(d.twins).toEqual([
      { twinID: 11, relay: 'relay.dev.grid', publicKey: null },
      { twinID: 60, relay: null, publicKey: null },
    ]);
  });

  it("answers grid_client's node twin id, farm and node count queries", async () => {
    const nodes = new sdk.Nodes(server.url, proxy.url, undefined);
    expect(await nodes.getNodeTwinId(4)).toBe(104);
    await expect(nodes.getNodeTwinId(99)).rejects.toThrow("Couldn't find a node with id: 99");
    expect((await nodes.getAllFarms()).map((f) => f.farmId)).toEqual([1, 2, 3]);
    const gql = new sdk.Graphql(server.url);
    expect(await gql.getItemTotalCount('nodes', '(orderBy: nodeID_ASC)')).toBe(7);
    expect(await gql.getItemTotalCount('nodes', '(where: {farmID_eq: 2}, orderBy: nodeID_ASC)')).toBe(2);
  });

  it("answers grid_client's contract listings, discount package and consumption", async () => {
    const contracts = sdk.TFContracts.prototype;
    const listed = (await contracts.listContractsByTwinId.call(
      {},
      { graphqlURL: server.url, twinId: 50 },
    )) as {
      nameContracts: unknown[];
      nodeContracts: { contractID: string; createdAt: string; nodeID: number; numberOfPublicIPs: number }[];
      rentContracts: unknown[];
    };
    expect(listed.nameContracts).toEqual([
      {
        contractID: '41',
        createdAt: '1700000200',
        name: 'alice',
        solutionProviderID: null,
        state: 'Created',
        twinID: 50,
      },
    ]);
    expect(listed.nodeContracts.map((c) => c.contractID)).toEqual(['40', '44']);
    expect(listed.nodeContracts[0]).toMatchObject({
      createdAt: '1700000100',
      nodeID: 1,
      numberOfPublicIPs: 1,
    });
    expect(listed.rentContracts).toEqual([]);
    const deleted = (await contracts.listContractsByTwinId.call(
      {},
      {
        graphqlURL: server.url,
        twinId: 60,
        stateList: ['Deleted'],
      },
    )) as { nodeContracts: { contractID: string }[] };
    expect(deleted.nodeContracts.map((c) => c.contractID)).toEqual(['43']);

    const vms = (await contracts.listNodeContractsByTwinId.call(
      {},
      {
        graphqlURL: server.url,
        twinId: 50,
        nodeId: 1,
      },
    )) as { contractID: string }[];
    expect(vms.map((c) => c.contractID)).toEqual(['40']);

    expect(await contracts.getDiscountPackage.call({}, { graphqlURL: server.url, id: 40 })).toBe('Gold');
    expect(await contracts.getDiscountPackage.call({}, { graphqlURL: server.url, id: 41 })).toBe('None');
    // 0.72 TFT over the hour between its two latest bills, per hour
    expect(await contracts.getConsumption.call({}, { graphqlURL: server.url, id: 40 })).toEqual({
      amountBilled: 0.72,
      discountReceived: 'Gold',
    });
    // one bill: over the time since the contract's creation
    expect(await contracts.getConsumption.call({}, { graphqlURL: server.url, id: 44 })).toEqual({
      amountBilled: 0.1,
      discountReceived: 'None',
    });
  });
});
