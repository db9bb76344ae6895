import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryGridStateSource } from '../../devgrid/proxy/grid-state-source';
import { startGridProxy } from '../../devgrid/proxy/server';
import { GridProxyClient } from './client';
import { GridProxyError } from './errors';
import { toQuery, NODE_FILTER_PARAMS } from './filters';

describe('grid proxy client errors', () => {
  it('names the url when the proxy does not answer in time', async () => {
    const held: http.ServerResponse[] = [];
    const silent = http.createServer((_req, res) => held.push(res));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const err = await new GridProxyClient(url, { timeoutMs: 200 }).ping().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GridProxyError);
      expect((err as GridProxyError).status).toBeUndefined();
      expect((err as Error).message).toBe(
        `grid proxy: GET ${url}/ping failed: no answer within 200 ms (is the proxy url right and the proxy reachable?)`,
      );
    } finally {
      held.forEach((res) => res.destroy());
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });

  it('reports a refused connection and a failing grid source', async () => {
    const failing = new InMemoryGridStateSource();
    failing.listNodes = async () => {
      throw new Error('chain rpc closed');
    };
    const proxy = await startGridProxy({ source: failing });
    const url = proxy.url;
    try {
      await expect(new GridProxyClient(url).nodes()).rejects.toThrow(
        `GET ${url}/nodes?ret_count=true&size=100&page=1 answered 500: grid state unavailable: chain rpc closed`,
      );
    } finally {
      await proxy.close();
    }
    const err = await new GridProxyClient(url, { timeoutMs: 2000 }).ping().catch((e: unknown) => e);
    expect(err).toMatchObject({ status: undefined, detail: 'ECONNREFUSED' });
  });

  it('refuses a bad base url', () => {
    expect(() => new GridProxyClient('gridproxy.grid.tf')).toThrow(/invalid base url/);
  });
});

describe('filter query mapping', () => {
  it('maps typed filters to the proxy parameter names', () => {
    const query = toQuery(
      {
        freeMru: 2 * 1024 ** 3,
        freeSru: 10,
        freeHru: 0,
        freeIps: 1,
        totalCru: 4,
        status: ['up', 'standby'],
        healthy: true,
        country: 'Belgium',
        city: 'Ghent',
        farmIds: [1, 2],
        farmName: 'freefarm',
        ipv4: true,
        ipv6: false,
        domain: true,
        dedicated: false,
        rentable: true,
        rented: false,
        rentedBy: 7,
        availableFor: 7,
        nodeId: 3,
        twinId: 9,
        certificationType: 'Certified',
        hasGpu: true,
        page: 2,
        size: 10,
        retCount: true,
        randomize: false,
        sortBy: 'free_cru',
        sortOrder: 'desc',
        cityContains: undefined,
      },
      NODE_FILTER_PARAMS,
    );
    expect(query.toString()).toBe(
      'free_mru=2147483648&free_sru=10&free_hru=0&free_ips=1&total_cru=4&status=up%2Cstandby&healthy=true' +
        '&country=Belgium&city=Ghent&farm_ids=1%2C2&farm_name=freefarm&ipv4=true&ipv6=false&domain=true' +
        '&dedicated=false&rentable=true&rented=false&rented_by=7&available_for=7&node_id=3&twin_id=9' +
        '&certification_type=Certified&has_gpu=true&page=2&size=10&ret_count=true&randomize=false' +
        '&sort_by=free_cru&sort_order=desc',
    );
  });

  it('refuses unknown filters and negative numbers', () => {
    expect(() => toQuery({ freeCpu: 1 }, NODE_FILTER_PARAMS)).toThrow(/unknown filter 'freeCpu'/);
    expect(() => toQuery({ freeMru: -1 }, NODE_FILTER_PARAMS)).toThrow(
      /'freeMru' must be a non-negative number/,
    );
  });
});
