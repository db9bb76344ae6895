import { PlacementRequest } from './placement-request';
import { schedule, SchedulingError } from './scheduler';
import { GiB, proxyFarm, proxyNode } from './testing';

const small = { cru: 1, mru: 1 * GiB, sru: 10 * GiB, hru: 0 };
const req = (id: string, extra: Partial<PlacementRequest> = {}): PlacementRequest => ({
  id,
  need: small,
  ...extra,
});

function scheduleError(run: () => unknown): SchedulingError {
  try {
    run();
  } catch (err) {
    if (err instanceof SchedulingError) return err;
    throw err;
  }
  throw new Error('expected a SchedulingError');
}

describe('schedule', () => {
  it('places on the node with the most free resources, then the lowest node id', () => {
    const nodes = [proxyNode(3), proxyNode(2, { used: { cru: 4, mru: 8 * GiB } }), proxyNode(1)];
    expect(schedule([req('a')], nodes)).toEqual(new Map([['a', 1]]));
  });

  it('accounts capacity consumed by earlier placements in the same call', () => {
    const nodes = [
      proxyNode(1, { total: { cru: 4, mru: 8 * GiB } }),
      proxyNode(2, { total: { cru: 4, mru: 8 * GiB } }),
    ];
    const big = { cru: 3, mru: 6 * GiB, sru: 0, hru: 0 };
    const placed = schedule([req('a', { need: big }), req('b', { need: big })], nodes);
    expect(new Set(placed.values())).toEqual(new Set([1, 2]));
    const err = scheduleError(() =>
      schedule([req('a', { need: big }), req('b', { need: big }), req('c', { need: big })], nodes),
    );
    expect(err.failures).toHaveLength(1);
    expect(err.message).toMatch(/no node with 3 free cores \(largest free: 1 on node 1\)/);
    expect(err.message).toMatch(/; after placing '.' on node \d, '.' on node \d/);
  });

  it('lets two requests share a node when both fit', () => {
    const nodes = [proxyNode(7, { total: { cru: 2, mru: 2 * GiB } })];
    expect(schedule([req('a'), req('b')], nodes)).toEqual(
      new Map([
        ['a', 7],
        ['b', 7],
      ]),
    );
  });

  it('only uses nodes that are up', () => {
    const nodes = [proxyNode(1, { status: 'down' }), proxyNode(2, { status: 'standby' }), proxyNode(3)];
    expect(schedule([req('a')], nodes).get('a')).toBe(3);
    const err = scheduleError(() => schedule([req('a')], nodes.slice(0, 2)));
    expect(err.message).toContain("request 'a': no node is up (2 listed: 1 down, 1 standby)");
  });

  it('spreads a distinct group over distinct nodes and a distinct farm group over farms', () => {
    const nodes = [proxyNode(1), proxyNode(2), proxyNode(3, { farmId: 2 })];
    const spread = schedule(
      [req('a', { distinctGroup: 'g' }), req('b', { distinctGroup: 'g' }), req('c', { distinctGroup: 'g' })],
      nodes,
    );
    expect(new Set(spread.values()).size).toBe(3);
    const farms = schedule(
      [req('a', { distinctFarmGroup: 'f' }), req('b', { distinctFarmGroup: 'f' })],
      nodes,
    );
    const farmOf = (id: number) => nodes.find((n) => n.nodeId === id)!.farmId;
    expect(new Set([...farms.values()].map(farmOf))).toEqual(new Set([1, 2]));
    const err = scheduleError(() =>
      schedule(
        ['a', 'b', 'c'].map((id) => req(id, { distinctFarmGroup: 'f' })),
        nodes,
      ),
    );
    expect(err.message).toMatch(/no farm left for distinct farm group 'f' \(farms already used: 1, 2\)/);
  });

  it('backtracks when the first choice would strand a later request', () => {
    // 'a' (2 nodes fit) goes first and prefers node 1 (most free); then 'b', limited to farm 1, has no
    // farm left in the distinct farm group: the search moves 'a' to node 3
    const nodes = [
      proxyNode(1, { farmId: 1, country: 'Egypt', total: { cru: 16 } }),
      proxyNode(2, { farmId: 1 }),
      proxyNode(3, { farmId: 2, country: 'Egypt' }),
      proxyNode(4, { farmId: 1 }),
    ];
    const placed = schedule(
      [
        req('a', { country: 'Egypt', distinctFarmGroup: 'f' }),
        req('b', { farmIds: [1], distinctFarmGroup: 'f' }),
      ],
      nodes,
    );
    expect(placed).toEqual(
      new Map([
        ['a', 3],
        ['b', 1],
      ]),
    );
  });

  it('honours fixed nodes and explains why a fixed node does not fit', () => {
    const nodes = [proxyNode(1), proxyNode(12, { total: { cru: 4 }, farmId: 3 })];
    expect(schedule([req('a', { nodeId: 12 })], nodes).get('a')).toBe(12);
    const err = scheduleError(() =>
      schedule(
        [req('web/vm', { nodeId: 12, farmIds: [1], need: { ...small, cru: 8 } }), req('x', { nodeId: 99 })],
        nodes,
      ),
    );
    expect(err.failures.map((f) => f.requestId)).toEqual(['web/vm', 'x']);
    expect(err.failures[0].reason).toBe('node 12 is in farm 3, not in 1; node 12 has 4 free cores, needs 8');
    expect(err.failures[1].reason).toMatch(/node 99 is not on the grid/);
  });

  it('accounts farm public IPs shared by the nodes of a farm', () => {
    const nodes = [proxyNode(1, { farmId: 1 }), proxyNode(2, { farmId: 1 }), proxyNode(3, { farmId: 2 })];
    const farms = [proxyFarm(1, 1, 3), proxyFarm(2, 0)];
    expect(schedule([req('a', { publicIpv4: 1 })], nodes, farms).get('a')).toBe(1);
    const err = scheduleError(() =>
      schedule([req('a', { publicIpv4: 1 }), req('b', { publicIpv4: 1 })], nodes, farms),
    );
    expect(err.message).toMatch(/no farm with 1 free public ipv4 \(most: 0 in farm 1\)/);
    // without farms, the nodes' farm_free_ips is used
    const withIps = [proxyNode(1, { farmId: 1, farm_free_ips: 2 })];
    expect(schedule([req('a', { publicIpv4: 1 }), req('b', { publicIpv4: 1 })], withIps).size).toBe(2);
  });

  it('filters by farm name, country, certification, ipv6, domain and gpu', () => {
    const nodes = [
      proxyNode(1),
      proxyNode(2, { farmId: 2, farmName: 'FreeFarm', country: 'Egypt' }),
      proxyNode(3, { certificationType: 'Certified' }),
      proxyNode(4, {
        publicConfig: {
          ipv4: '1.2.3.4/24',
          gw4: '1.2.3.1',
          ipv6: '2a02::1/64',
          gw6: '2a02::',
          domain: 'gw.example',
        },
      }),
      proxyNode(5, { num_gpu: 1 }),
    ];
    expect(schedule([req('a', { farmName: 'freefarm' })], nodes).get('a')).toBe(2);
    expect(schedule([req('a', { country: 'egypt' })], nodes).get('a')).toBe(2);
    expect(schedule([req('a', { certified: true })], nodes).get('a')).toBe(3);
    expect(schedule([req('a', { ipv6: true, domain: true })], nodes).get('a')).toBe(4);
    expect(schedule([req('a', { hasGpu: true })], nodes).get('a')).toBe(5);
    const err = scheduleError(() => schedule([req('a', { farmName: 'freefarm', hasGpu: true })], nodes));
    expect(err.failures[0].reason).toBe("no node with a gpu; 1 node matched farm 'freefarm'");
  });

  it('leaves out nodes rented by others and uses our own rented or rentable nodes when dedicated', () => {
    const nodes = [
      proxyNode(1, { rented: true, rentedByTwinId: 50, dedicated: true }),
      proxyNode(2, { rented: true, rentedByTwinId: 7, dedicated: true }),
      proxyNode(3, { rentable: true, dedicated: true, inDedicatedFarm: true }),
    ];
    expect(() => schedule([req('a')], nodes)).toThrow(/no node available to us/);
    expect(schedule([req('a')], nodes, undefined, { twinId: 7 }).get('a')).toBe(2);
    expect(schedule([req('a', { dedicated: true })], nodes).get('a')).toBe(3);
    const err = scheduleError(() => schedule([req('a', { nodeId: 1 })], nodes, undefined, { twinId: 7 }));
    expect(err.failures[0].reason).toBe('node 1 is rented by twin 50');
  });

  it('names the unmet requirement with the largest free value and the nodes that matched', () => {
    const nodes = [
      proxyNode(12, { farmId: 4, farmName: 'freefarm', total: { cru: 4 } }),
      proxyNode(13, { farmId: 4, farmName: 'freefarm', total: { cru: 4 }, used: { cru: 2 } }),
      proxyNode(14, { farmId: 4, farmName: 'freefarm', total: { cru: 2 } }),
      proxyNode(20, { total: { cru: 64 } }),
    ];
    const err = scheduleError(() =>
      schedule([req('web/vm', { farmName: 'freefarm', need: { ...small, cru: 8 } })], nodes),
    );
    expect(err.message).toBe(
      "cannot place 1 of 1 deployment unit:\n  request 'web/vm': no node with 8 free cores (largest free: 4 on node 12); 3 nodes matched farm 'freefarm'",
    );
    const mem = scheduleError(() => schedule([req('db', { need: { ...small, mru: 100 * GiB } })], nodes));
    expect(mem.failures[0].reason).toBe(
      'no node with 100 GiB free memory (largest free: 16 GiB on node 12); 4 nodes matched 1 free core',
    );
  });

  it('is deterministic for the same input, whatever the order of the node list', () => {
    const nodes = Array.from({ length: 30 }, (_v, i) =>
      proxyNode(i + 1, {
        farmId: (i % 4) + 1,
        total: { cru: 4 + (i % 3) * 4, mru: (8 + (i % 5) * 8) * GiB },
      }),
    );
    const requests = Array.from({ length: 20 }, (_v, i) =>
      req(`unit${i}`, {
        need: { cru: 1 + (i % 4), mru: (1 + (i % 6)) * GiB, sru: 0, hru: 0 },
        distinctGroup: i % 2 ? 'odd' : undefined,
      }),
    );
    const first = schedule(requests, nodes);
    expect(schedule(requests, [...nodes].reverse())).toEqual(first);
    expect(schedule(requests, nodes)).toEqual(first);
    expect([...first.keys()]).toEqual(requests.map((r) => r.id));
  });

  it('stops an impossible search within its budget with a clear message', () => {
    // 6 requests of 3 cores on 5 nodes of 4 cores, each fits alone: pigeonhole failure
    const nodes = Array.from({ length: 5 }, (_v, i) => proxyNode(i + 1, { total: { cru: 4 } }));
    const requests = Array.from({ length: 6 }, (_v, i) => req(`u${i}`, { need: { ...small, cru: 3 } }));
    const err = scheduleError(() => schedule(requests, nodes, undefined, { maxChecks: 10_000 }));
    expect(err.failures.length).toBeGreaterThan(0);
    expect(err.message).toMatch(/no node with 3 free cores \(largest free: 1 on node \d\)/);
  });

  it('refuses malformed requests', () => {
    expect(() => schedule([req('a'), req('a')], [proxyNode(1)])).toThrow(/id is used twice/);
    expect(() => schedule([req('a', { need: { ...small, mru: -1 } })], [proxyNode(1)])).toThrow(/need.mru/);
  });
});
