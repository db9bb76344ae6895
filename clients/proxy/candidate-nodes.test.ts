/**
 * Scheduling from the proxy's filtered answers places every unit exactly where scheduling over the
 * whole grid does, with far fewer nodes fetched; an older proxy that refuses a filter (400) gets
 * the whole grid listed instead. Against the dev proxy on loopback serving a generated grid.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { largeGrid } from '../../devgrid/proxy/testing/large-grid';
import { startGridProxy, type GridProxyServer } from '../../devgrid/proxy/server';
import { candidateFilters, fetchCandidates } from './candidate-nodes';
import { GridProxyClient } from './client';
import type { PlacementRequest } from './placement-request';
import { schedule, SchedulingError } from './scheduler';

const GiB = 1024 ** 3;
const need = (cru: number, mruGiB: number, sruGiB = 0, hruGiB = 0) => ({
  cru,
  mru: mruGiB * GiB,
  sru: sruGiB * GiB,
  hru: hruGiB * GiB,
});

const CASES: Record<string, PlacementRequest[]> = {
  'plain capacity, distinct nodes': [1, 2, 3].map((i) => ({
    id: `vm${i}`,
    need: need(4, 16, 100),
    distinctGroup: 'web',
  })),
  'farm, country, certified': [
    { id: 'a', need: need(2, 4), farmIds: [3, 5] },
    { id: 'b', need: need(2, 4), country: 'egypt' },
    { id: 'c', need: need(2, 4), certified: true },
  ],
  'public ipv4, domain, gpu, hdd': [
    { id: 'pub', need: need(1, 2), ipv4: true, publicIpv4: 1 },
    { id: 'gw', need: need(1, 1), domain: true },
    { id: 'gpu', need: need(8, 32), hasGpu: true },
    { id: 'disk', need: need(1, 1, 0, 3000) },
  ],
  'dedicated and a fixed node': [
    { id: 'rented', need: need(1, 1), dedicated: true },
    { id: 'pinned', need: need(0, 0), nodeId: 14, distinctGroup: 'g' },
    { id: 'other', need: need(1, 1), distinctGroup: 'g' },
  ],
};

describe('scheduling with proxy filters', () => {
  let proxy: GridProxyServer;
  let client: GridProxyClient;
  let all: Awaited<ReturnType<GridProxyClient['nodes']>>;

  beforeAll(async () => {
    proxy = await startGridProxy({ source: largeGrid(700) });
    client = new GridProxyClient(proxy.url, { timeoutMs: 20_000 });
    all = await client.nodes({ status: 'up' });
  });
  afterAll(() => proxy.close());

  for (const twinId of [77, undefined]) {
    for (const [name, requests] of Object.entries(CASES)) {
      it(`places ${name} as over the whole grid (twin ${twinId ?? 'none'})`, async () => {
        const candidates = await fetchCandidates(client, requests, twinId);
        expect(candidates).toBeDefined();
        // a request that fits almost anywhere still lists almost the whole grid
        if (name !== 'dedicated and a fixed node') expect(candidates!.length).toBeLessThan(all.length);
        const whole = schedule(requests, all, undefined, { twinId });
        expect(schedule(requests, candidates!, undefined, { twinId })).toEqual(whole);
      });
    }
  }

  it('asks only for what a request needs', () => {
    expect(candidateFilters({ id: 'x', need: need(2, 4), farmIds: [1], publicIpv4: 1 }, 9)).toEqual({
      status: 'up',
      freeMru: 4 * GiB,
      totalCru: 2,
      freeIps: 1,
      farmIds: [1],
      availableFor: 9,
    });
    expect(candidateFilters({ id: 'y', need: need(0, 0), dedicated: true }, 9)).toEqual({
      status: 'up',
      rentableOrRentedBy: 9,
    });
    expect(candidateFilters({ id: 'z', need: need(0, 0), nodeId: 4 }, 9)).toEqual({
      status: 'up',
      nodeId: 4,
    });
  });

  it('reports what the whole grid lacks when the candidates cannot hold a request', async () => {
    const requests: PlacementRequest[] = [{ id: 'huge', need: need(1000, 1) }];
    const candidates = await fetchCandidates(client, requests, 77);
    expect(candidates).toEqual([]);
    expect(() => schedule(requests, all, undefined, { twinId: 77 })).toThrow(SchedulingError);
  });

  it('falls back to the whole grid when an older proxy refuses a filter (400)', async () => {
    // an older proxy: refuses rentable_or_rented_by as tfgridproxy refuses an unknown parameter
    const older = http.createServer((req, res) => {
      if (req.url?.includes('rentable_or_rented_by')) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ error: 'failed to decode params: schema: invalid path "rentable_or_rented_by"' }),
        );
        return;
      }
      http.get(`${proxy.url}${req.url}`, (up) => {
        res.writeHead(up.statusCode ?? 500, up.headers);
        up.pipe(res);
      });
    });
    await new Promise<void>((r) => older.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(older.address() as AddressInfo).port}`;
      const oldClient = new GridProxyClient(url);
      expect(await fetchCandidates(oldClient, CASES['dedicated and a fixed node'], 77)).toBeUndefined();
      expect(await fetchCandidates(oldClient, CASES['farm, country, certified'], 77)).toBeDefined();
    } finally {
      older.closeAllConnections();
      await new Promise((r) => older.close(r));
    }
  });
});
