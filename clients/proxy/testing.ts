/** Builders of proxy records for tests (scheduler and proxy tests share them). */
import type { ProxyCapacity, ProxyFarm, ProxyNode } from './types';

export const GiB = 1024 ** 3;

/** A node that is up, available to anyone, in farm 1, with the given overrides. */
export function proxyNode(
  nodeId: number,
  overrides: Partial<Omit<ProxyNode, 'total_resources' | 'used_resources'>> & {
    total?: Partial<ProxyCapacity>;
    used?: Partial<ProxyCapacity>;
  } = {},
): ProxyNode {
  const { total, used, ...rest } = overrides;
  const farmId = rest.farmId ?? 1;
  return {
    id: `node-${nodeId}`,
    nodeId,
    farmId,
    farmName: `farm${farmId}`,
    twinId: 100 + nodeId,
    country: 'Belgium',
    city: 'Ghent',
    gridVersion: 3,
    uptime: 3600,
    created: 1700000000,
    farmingPolicyId: 1,
    updatedAt: 1700000000,
    total_resources: { cru: 8, mru: 16 * GiB, sru: 500 * GiB, hru: 1000 * GiB, ...total },
    used_resources: { cru: 0, mru: 0, sru: 0, hru: 0, ...used },
    location: {
      country: rest.country ?? 'Belgium',
      city: rest.city ?? 'Ghent',
      longitude: null,
      latitude: null,
    },
    publicConfig: { ipv4: '', ipv6: '', gw4: '', gw6: '', domain: '' },
    status: 'up',
    certificationType: 'Diy',
    dedicated: false,
    inDedicatedFarm: false,
    rentContractId: 0,
    rented: false,
    rentable: false,
    rentedByTwinId: 0,
    serialNumber: '',
    power: { state: 'Up', target: 'Up' },
    num_gpu: 0,
    extraFee: 0,
    healthy: true,
    dmi: {
      bios: { vendor: '', version: '' },
      baseboard: { manufacturer: '', product_name: '' },
      processor: null,
      memory: null,
      UpdatedAt: 0,
    },
    speed: { upload: 0, download: 0, UpdatedAt: 0 },
    gpus: [],
    price_usd: 0,
    farm_free_ips: 0,
    features: [],
    ...rest,
  };
}

/** A farm with `freeIps` free public IPs and `usedIps` taken ones. */
export function proxyFarm(farmId: number, freeIps = 0, usedIps = 0, name = `farm${farmId}`): ProxyFarm {
  const ip = (k: number, contract: number) => ({
    id: `ip-${farmId}-${k}`,
    ip: `185.0.${farmId}.${k + 10}/24`,
    gateway: `185.0.${farmId}.1`,
    contract_id: contract,
  });
  return {
    name,
    farmId,
    twinId: 10 + farmId,
    pricingPolicyId: 1,
    certificationType: 'NotCertified',
    stellarAddress: '',
    dedicated: false,
    publicIps: [
      ...Array.from({ length: freeIps }, (_v, k) => ip(k, 0)),
      ...Array.from({ length: usedIps }, (_v, k) => ip(freeIps + k, 900 + k)),
    ],
  };
}
