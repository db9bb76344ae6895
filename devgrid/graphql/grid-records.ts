/**
 * The indexer's entity rows, built from the dev grid's chain records and indexed events (the same
 * GridStateSource the proxy reads): twins, farms with their public IPs, nodes with location, public
 * config and total resources, node/name/rent contracts with their creation time and state, and bill
 * reports. Relations are plain object links, so `publicIp.farm.farmID` and `node.publicConfig` resolve
 * as fields. BigInt fields are decimal strings. Entity ids are the type and its chain id (`node-3`).
 */
import type { GridStateSource } from '../proxy/grid-state-source';
import type { Row } from './query-engine';

export type EntityRows = ReadonlyMap<string, readonly Row[]>;

const big = (n: number | bigint | undefined): string => String(n ?? 0);

export async function gridRows(source: GridStateSource): Promise<EntityRows> {
  const [nodes, farms, twins, contracts, bills] = await Promise.all([
    source.listNodes(),
    source.listFarms(),
    source.listTwins(),
    source.listContracts(),
    source.listBills(),
  ]);
  const twinRows = twins.map((t) => ({
    id: `twin-${t.twinId}`,
    gridVersion: 1,
    twinID: t.twinId,
    accountID: t.accountId,
    relay: t.relay || null,
    publicKey: t.publicKey || null,
  }));
  const ipRows: Row[] = [];
  const farmRows = farms.map((f) => {
    const farm: Row = {
      id: `farm-${f.farmId}`,
      gridVersion: 1,
      farmID: f.farmId,
      name: f.name,
      twinID: f.twinId,
      pricingPolicyID: f.pricingPolicyId,
      certification: f.certification,
      stellarAddress: f.stellarAddress ?? null,
      dedicatedFarm: f.dedicated ?? false,
    };
    farm.publicIPs = f.publicIps.map((ip, k) => {
      const row = {
        id: `publicip-${f.farmId}-${k}`,
        farm,
        gateway: ip.gateway,
        ip: ip.ip,
        contractId: big(ip.contractId),
      };
      ipRows.push(row);
      return row;
    });
    return farm;
  });
  const locations: Row[] = [];
  const configs: Row[] = [];
  const totals: Row[] = [];
  const nodeRows = nodes.map((n) => {
    const location = {
      id: `location-${n.nodeId}`,
      longitude: String(n.location.longitude ?? 0),
      latitude: String(n.location.latitude ?? 0),
    };
    locations.push(location);
    const node: Row = {
      id: `node-${n.nodeId}`,
      gridVersion: n.gridVersion ?? 3,
      nodeID: n.nodeId,
      farmID: n.farmId,
      twinID: n.twinId,
      location,
      country: n.location.country,
      city: n.location.city,
      uptime: big(n.uptime),
      created: n.created,
      farmingPolicyId: n.farmingPolicyId ?? 1,
      interfaces: [],
      certification: n.certification,
      secure: false,
      virtualized: false,
      serialNumber: n.serialNumber ?? null,
      createdAt: big(n.created),
      updatedAt: big(n.updatedAt ?? n.created),
      connectionPrice: null,
      power: { state: n.power?.state ?? 'Up', target: n.power?.target ?? 'Up' },
      dedicated: false,
      extraFee: big(n.extraFee),
    };
    node.resourcesTotal = {
      id: `resources-${n.nodeId}`,
      node,
      ...Object.fromEntries((['hru', 'sru', 'cru', 'mru'] as const).map((k) => [k, big(n.resources[k])])),
    };
    totals.push(node.resourcesTotal as Row);
    const pc = n.publicConfig;
    node.publicConfig = pc
      ? {
          id: `publicconfig-${n.nodeId}`,
          node,
          ipv4: pc.ipv4 || null,
          ipv6: pc.ipv6 || null,
          gw4: pc.gw4 || null,
          gw6: pc.gw6 || null,
          domain: pc.domain || null,
        }
      : null;
    if (node.publicConfig) configs.push(node.publicConfig as Row);
    return node;
  });
  const contract = (c: (typeof contracts)[number]) => ({
    id: `contract-${c.contractId}`,
    gridVersion: 1,
    contractID: big(c.contractId),
    twinID: c.twinId,
    state: c.state,
    createdAt: big(c.createdAt),
    solutionProviderID: c.solutionProviderId ?? null,
  });
  return new Map<string, Row[]>([
    ['Twin', twinRows],
    ['Farm', farmRows],
    ['PublicIp', ipRows],
    ['Node', nodeRows],
    ['Location', locations],
    ['PublicConfig', configs],
    ['NodeResourcesTotal', totals],
    [
      'NodeContract',
      contracts
        .filter((c) => c.type === 'node')
        .map((c) => ({
          ...contract(c),
          nodeID: c.nodeId ?? 0,
          deploymentData: c.deploymentData ?? '',
          deploymentHash: c.deploymentHash ?? '',
          numberOfPublicIPs: c.publicIps ?? 0,
          resourcesUsed: null,
        })),
    ],
    [
      'NameContract',
      contracts.filter((c) => c.type === 'name').map((c) => ({ ...contract(c), name: c.name ?? '' })),
    ],
    [
      'RentContract',
      contracts.filter((c) => c.type === 'rent').map((c) => ({ ...contract(c), nodeID: c.nodeId ?? 0 })),
    ],
    [
      'ContractBillReport',
      bills.map((b, k) => ({
        id: `bill-${k + 1}`,
        contractID: big(b.contractId),
        discountReceived: b.discountReceived,
        amountBilled: big(b.amountBilled),
        timestamp: big(b.timestamp),
      })),
    ],
  ]);
}
