/**
 * Scheduling without scanning the grid: requests and bytes the engine needs from the grid proxy to
 * place typical selectors on a 5,000-node grid (the dev proxy serving a generated grid), listing
 * every node that is up (before) against asking with each selector's filters (after).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchCandidates } from '../clients/proxy/candidate-nodes';
import { GridProxyClient } from '../clients/proxy/client';
import type { PlacementRequest } from '../clients/proxy/placement-request';
import { schedule } from '../clients/proxy/scheduler';
import { startGridProxy } from '../devgrid/proxy/server';
import { largeGrid } from '../devgrid/proxy/testing/large-grid';

const GiB = 1024 ** 3;

export interface SchedulingBench {
  readonly name: string;
  readonly before: { requests: number; bytes: number; nodes: number };
  readonly after: { requests: number; bytes: number; nodes: number };
  readonly samePlacement: boolean;
}

const SELECTORS: Record<string, PlacementRequest[]> = {
  '3 machines, 4 cores 16 GiB, distinct nodes': [1, 2, 3].map((i) => ({
    id: `vm${i}`,
    need: { cru: 4, mru: 16 * GiB, sru: 100 * GiB, hru: 0 },
    distinctGroup: 'web',
  })),
  'a machine with a public ipv4 in Egypt': [
    {
      id: 'pub',
      need: { cru: 2, mru: 4 * GiB, sru: 0, hru: 0 },
      country: 'Egypt',
      ipv4: true,
      publicIpv4: 1,
    },
  ],
  'a gateway and a gpu machine on certified nodes': [
    { id: 'gw', need: { cru: 1, mru: GiB, sru: 0, hru: 0 }, domain: true },
    { id: 'gpu', need: { cru: 8, mru: 32 * GiB, sru: 0, hru: 0 }, hasGpu: true, certified: true },
  ],
  'zdbs on 3 TB of hdd in farm 7': [
    { id: 'zdb', need: { cru: 0, mru: 0, sru: 0, hru: 3000 * GiB }, farmIds: [7] },
  ],
};

export async function benchScheduling(nodes = 5000): Promise<SchedulingBench[]> {
  const proxy = await startGridProxy({ source: largeGrid(nodes) });
  let requests = 0;
  let bytes = 0;
  // counts what crosses the wire between the engine's client and the proxy
  const counter = http.createServer((req, res) => {
    requests++;
    http.get(`${proxy.url}${req.url}`, (up) => {
      res.writeHead(up.statusCode ?? 500, up.headers);
      up.on('data', (chunk: Buffer) => (bytes += chunk.length));
      up.pipe(res);
    });
  });
  await new Promise<void>((r) => counter.listen(0, '127.0.0.1', r));
  const client = new GridProxyClient(`http://127.0.0.1:${(counter.address() as AddressInfo).port}`, {
    timeoutMs: 120_000,
  });
  const measure = async <T>(f: () => Promise<T>) => {
    requests = 0;
    bytes = 0;
    const value = await f();
    return { value, requests, bytes };
  };
  const out: SchedulingBench[] = [];
  try {
    for (const [name, reqs] of Object.entries(SELECTORS)) {
      const all = await measure(() => client.nodes({ status: 'up' }));
      const some = await measure(async () => (await fetchCandidates(client, reqs, 77)) ?? []);
      const same =
        JSON.stringify([...schedule(reqs, all.value, undefined, { twinId: 77 })]) ===
        JSON.stringify([...schedule(reqs, some.value, undefined, { twinId: 77 })]);
      out.push({
        name,
        before: { requests: all.requests, bytes: all.bytes, nodes: all.value.length },
        after: { requests: some.requests, bytes: some.bytes, nodes: some.value.length },
        samePlacement: same,
      });
    }
  } finally {
    counter.closeAllConnections();
    await new Promise((r) => counter.close(r));
    await proxy.close();
  }
  return out;
}

export function formatScheduling(rows: readonly SchedulingBench[], nodes = 5000): string {
  const kb = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
  const lines = [
    `scheduling on a ${nodes}-node grid proxy: before = list every up node, after = ask with each selector's filters (goal: no grid scan)`,
    `${'selectors'.padEnd(48)} ${'before req'.padStart(10)} ${'bytes'.padStart(10)} ${'after req'.padStart(9)} ${'bytes'.padStart(9)} ${'nodes'.padStart(11)}  same placement`,
  ];
  for (const r of rows)
    lines.push(
      `${r.name.padEnd(48)} ${String(r.before.requests).padStart(10)} ${kb(r.before.bytes).padStart(10)} ${String(r.after.requests).padStart(9)} ${kb(r.after.bytes).padStart(9)} ${`${r.before.nodes}->${r.after.nodes}`.padStart(11)}  ${r.samePlacement ? 'yes' : 'NO'}`,
    );
  return lines.join('\n');
}
