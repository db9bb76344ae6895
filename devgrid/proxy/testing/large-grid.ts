/**
 * A generated grid of any size for scheduling tests and the bench (`largeGrid(5000)`): farms of 50
 * nodes over ten countries, mixed sizes and usage, every 7th node with a public ipv4, every 50th a
 * gateway, every 97th with a gpu, some farms certified or dedicated, some nodes rented or down.
 * Deterministic: the same size gives the same grid.
 */
import { nodeFeatures } from '../../node/system-info';
import { ChainNodeRecord, InMemoryGridStateSource, NodeStatistics } from '../grid-state-source';

const GiB = 1024 ** 3;
const COUNTRIES = [
  'Belgium',
  'Egypt',
  'Germany',
  'United States',
  'India',
  'Brazil',
  'Japan',
  'Kenya',
  'France',
  'Austria',
];

export function largeGrid(nodeCount: number): InMemoryGridStateSource {
  const farmCount = Math.max(1, Math.ceil(nodeCount / 50));
  const nodes: ChainNodeRecord[] = [];
  const statistics = new Map<number, NodeStatistics>();
  const statuses = new Map<number, 'up' | 'down' | 'standby'>();
  for (let id = 1; id <= nodeCount; id++) {
    const size = 1 + (id % 4);
    const total = { cru: 8 * size, mru: 32 * size * GiB, sru: 512 * size * GiB, hru: 2048 * (id % 3) * GiB };
    const farmId = 1 + ((id - 1) % farmCount);
    nodes.push({
      nodeId: id,
      farmId,
      twinId: 1000 + id,
      resources: total,
      location: { country: COUNTRIES[farmId % COUNTRIES.length], city: `city${farmId % 7}` },
      certification: id % 5 === 0 ? 'Certified' : 'Diy',
      created: 1_700_000_000 + id,
      features: nodeFeatures('full'),
      ...(id % 7 === 0
        ? {
            publicConfig: {
              ipv4: `185.${(id >> 8) & 255}.${id & 255}.2/24`,
              gw4: `185.${(id >> 8) & 255}.${id & 255}.1`,
              ...(id % 50 === 0 ? { domain: `gw${id}.grid.test` } : {}),
            },
          }
        : {}),
      ...(id % 97 === 0
        ? { gpus: [{ id: `0000:0e:00.0/10de/${id}`, vendor: 'NVIDIA', device: 'A100', contract: 0 }] }
        : {}),
    });
    const usedShare = (id % 10) / 10;
    if (id % 41 === 0) statuses.set(id, 'down');
    else
      statistics.set(id, {
        total,
        used: {
          cru: Math.floor(total.cru * usedShare),
          mru: Math.floor(total.mru * usedShare),
          sru: Math.floor(total.sru * usedShare),
          hru: 0,
        },
        workloads: id % 10,
      });
  }
  return new InMemoryGridStateSource({
    nodes,
    farms: Array.from({ length: farmCount }, (_v, k) => ({
      farmId: k + 1,
      name: `farm${k + 1}`,
      twinId: 100 + k,
      pricingPolicyId: 1,
      certification: k % 4 === 0 ? 'Gold' : 'NotCertified',
      dedicated: k % 9 === 8,
      publicIps: Array.from({ length: k % 3 }, (_w, j) => ({
        ip: `203.0.114.${(k * 3 + j) % 250}/24`,
        gateway: '203.0.114.1',
        contractId: 0,
      })),
    })),
    twins: [],
    // every 13th node is rented by twin 77
    contracts: nodes
      .filter((n) => n.nodeId % 13 === 0)
      .map((n, k) => ({
        contractId: k + 1,
        twinId: 77,
        state: 'Created' as const,
        type: 'rent' as const,
        createdAt: 1_700_000_000,
        nodeId: n.nodeId,
      })),
    statistics,
    statuses,
  });
}
