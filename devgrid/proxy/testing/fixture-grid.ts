/**
 * A small grid (3 farms, 7 nodes, twins, contracts, bills) for the proxy tests. Node 5 is a light
 * zos node (zos's light feature list); the others are full nodes.
 */
import { nodeFeatures } from '../../node/system-info';
import { ChainNodeRecord, InMemoryGridStateSource } from '../grid-state-source';

export const GiB = 1024 ** 3;

function chainNode(nodeId: number, farmId: number, extra: Partial<ChainNodeRecord> = {}): ChainNodeRecord {
  return {
    nodeId,
    farmId,
    twinId: 100 + nodeId,
    resources: { cru: 8, mru: 32 * GiB, sru: 512 * GiB, hru: 2048 * GiB },
    location: { country: 'Belgium', city: 'Ghent' },
    certification: 'Diy',
    created: 1_700_000_000 + nodeId,
    features: nodeFeatures('full'),
    ...extra,
  };
}

export function fixtureGrid(): InMemoryGridStateSource {
  const gw = {
    ipv4: '185.0.1.5/24',
    gw4: '185.0.1.1',
    ipv6: '2a10::5/64',
    gw6: '2a10::1',
    domain: 'gw1.dev.grid',
  };
  const nodes = [
    chainNode(1, 1, {
      publicConfig: gw,
      certification: 'Certified',
      dmi: {
        bios: { vendor: 'American Megatrends Inc.', version: '2.4' },
        baseboard: { manufacturer: 'Supermicro', product_name: 'X11DPi-N' },
        processor: [{ version: 'Intel(R) Xeon(R) Silver 4114', thread_count: '20' }],
        memory: [{ manufacturer: 'Samsung', type: 'DDR4' }],
      },
      speed: { upload: 940_000_000, download: 930_000_000 },
    }),
    chainNode(2, 1, { resources: { cru: 4, mru: 8 * GiB, sru: 256 * GiB, hru: 0 } }),
    chainNode(3, 2, {
      location: { country: 'Egypt', city: 'Cairo' },
      gpus: [{ id: '0000:0e:00.0/1002/744c', vendor: 'AMD', device: 'Navi 31', contract: 0 }],
    }),
    chainNode(4, 2, { location: { country: 'Egypt', city: 'Cairo' } }),
    chainNode(5, 3, {
      publicConfig: { ipv4: '', gw4: '', ipv6: '2a10::6/64', gw6: '2a10::1' },
      features: nodeFeatures('light'),
    }),
    chainNode(6, 3, { extraFee: 10 }),
    chainNode(7, 1),
  ];
  const used = (cru: number, mruGiB: number) => ({
    total: { cru: 8, mru: 32 * GiB, sru: 512 * GiB, hru: 2048 * GiB },
    used: { cru, mru: mruGiB * GiB, sru: 20 * GiB, hru: 0 },
    workloads: cru,
  });
  return new InMemoryGridStateSource({
    nodes,
    farms: [
      {
        farmId: 1,
        name: 'FreeFarm',
        twinId: 11,
        pricingPolicyId: 1,
        certification: 'Gold',
        publicIps: [
          { ip: '185.0.1.10/24', gateway: '185.0.1.1', contractId: 0 },
          { ip: '185.0.1.11/24', gateway: '185.0.1.1', contractId: 0 },
          { ip: '185.0.1.12/24', gateway: '185.0.1.1', contractId: 40 },
        ],
      },
      {
        farmId: 2,
        name: 'cairo-farm',
        twinId: 12,
        pricingPolicyId: 1,
        certification: 'NotCertified',
        dedicated: true,
        publicIps: [],
      },
      {
        farmId: 3,
        name: 'third',
        twinId: 13,
        pricingPolicyId: 1,
        certification: 'NotCertified',
        publicIps: [{ ip: '185.0.3.10/24', gateway: '185.0.3.1', contractId: 0 }],
      },
    ],
    twins: [
      { twinId: 11, accountId: '5FarmerOne', relay: 'relay.dev.grid' },
      { twinId: 50, accountId: '5UserAlice', relay: 'relay.dev.grid', publicKey: 'ab'.repeat(32) },
      { twinId: 60, accountId: '5UserBob' },
    ],
    contracts: [
      {
        contractId: 40,
        twinId: 50,
        state: 'Created',
        type: 'node',
        createdAt: 1_700_000_100,
        nodeId: 1,
        deploymentHash: 'aa'.repeat(16),
        deploymentData: '{"name":"vm"}',
        publicIps: 1,
      },
      { contractId: 41, twinId: 50, state: 'Created', type: 'name', createdAt: 1_700_000_200, name: 'alice' },
      { contractId: 42, twinId: 60, state: 'Created', type: 'rent', createdAt: 1_700_000_300, nodeId: 4 },
      {
        contractId: 43,
        twinId: 60,
        state: 'Deleted',
        type: 'node',
        createdAt: 1_700_000_400,
        nodeId: 2,
        deploymentHash: 'bb'.repeat(16),
      },
      {
        contractId: 44,
        twinId: 50,
        state: 'Created',
        type: 'node',
        createdAt: 1_700_000_500,
        nodeId: 7,
        deploymentHash: 'cc'.repeat(16),
      },
    ],
    bills: [
      { contractId: 40, amountBilled: 3_600_000, discountReceived: 'Default', timestamp: 1_700_003_700 },
      { contractId: 40, amountBilled: 7_200_000, discountReceived: 'Gold', timestamp: 1_700_007_300 },
      { contractId: 44, amountBilled: 1_000_000, discountReceived: 'None', timestamp: 1_700_004_100 },
      { contractId: 43, amountBilled: 5_000_000, discountReceived: 'None', timestamp: 1_700_004_000 },
    ],
    // node 7 does not answer: down
    statistics: new Map([
      [1, used(4, 16)],
      [2, { ...used(1, 2), total: { cru: 4, mru: 8 * GiB, sru: 256 * GiB, hru: 0 } }],
      [3, used(0, 4)],
      [4, used(2, 4)],
      [5, used(0, 4)],
      [6, used(0, 4)],
    ]),
    statuses: new Map([[6, 'standby']]),
  });
}
