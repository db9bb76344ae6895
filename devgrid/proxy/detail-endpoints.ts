/**
 * The proxy's per-item endpoints beyond plain lookups, as tfgridproxy answers them:
 * `/nodes/{id}/statistics` and `/nodes/{id}/gpu` (asked of the node, refused for a node that is not
 * up), `/twins/{id}/consumption` (from the indexed bills), `/contracts/{id}/bills`, and the
 * `/public_ips` listing with its filters and sort fields.
 */
import type {
  ProxyContractBill,
  ProxyNode,
  ProxyNodeStatistics,
  ProxyPublicIp,
  ProxyStatisticsResources,
  ProxyTwinConsumption,
} from '../../clients/proxy/types';
import type { GridSnapshot } from './grid-snapshot';
import type { ContractBillRecord, GridStateSource, NodeStatistics } from './grid-state-source';
import { Params, ParamSpec } from './list-query';

/** A failure the proxy answers with status 500 and `{"error": message}`. */
export class UpstreamError extends Error {}

const TFT_UNITS = 10 ** 7;

function requireUp(node: ProxyNode, what: string): void {
  if (node.status === 'down' || node.status === 'standby')
    throw new UpstreamError(`cannot fetch ${what} from node ${node.nodeId} with status: ${node.status}`);
}

/** `/nodes/{id}/statistics`: the node's zos.statistics.get answer. */
export async function nodeStatistics(source: GridStateSource, node: ProxyNode): Promise<ProxyNodeStatistics> {
  requireUp(node, 'statistics');
  const stats = await source.nodeStatistics(node.nodeId);
  if (!stats)
    throw new UpstreamError('failed to get get node statistics from relay: no answer from the node');
  const line = (
    c: (NodeStatistics['total'] & { ipv4u?: number }) | undefined,
    ipv4u = c?.ipv4u ?? 0,
  ): ProxyStatisticsResources => ({
    cru: c?.cru ?? 0,
    hru: c?.hru ?? 0,
    ipv4u,
    mru: c?.mru ?? 0,
    sru: c?.sru ?? 0,
  });
  return {
    system: line(stats.system),
    total: line(stats.total),
    used: line(stats.used, stats.ipv4u),
    users: {
      deployments: stats.deployments ?? 0,
      workloads: stats.workloads ?? 0,
      last_deployment_timestamp: stats.lastDeploymentTimestamp ?? 0,
    },
  };
}

/** `/nodes/{id}/gpu`: the node's cards (zos.gpu.list), each with the node's twin. */
export function nodeGpus(node: ProxyNode): unknown[] {
  requireUp(node, 'GPU information');
  return node.gpus.map((g) => ({ node_twin_id: node.twinId, ...g, updated_at: 0 }));
}

/** `/contracts/{id}/bills`: the contract's bills, oldest first. */
export function contractBills(snapshot: GridSnapshot, contractId: number): ProxyContractBill[] {
  return snapshot.bills
    .filter((b) => b.contractId === contractId)
    .map((b) => ({
      amountBilled: b.amountBilled,
      discountReceived: b.discountReceived,
      timestamp: b.timestamp,
    }));
}

/**
 * `/twins/{id}/consumption`: the last hour is, per live contract, its newest bill over the time
 * since the bill before (or since the contract's creation); overall is every bill of every contract.
 */
export function twinConsumption(snapshot: GridSnapshot, twinId: number): ProxyTwinConsumption {
  const contracts = snapshot.contracts.filter((c) => c.twin_id === twinId);
  const ids = new Set(contracts.map((c) => c.contract_id));
  const byContract = new Map<number, ContractBillRecord[]>();
  let overall = 0;
  for (const b of snapshot.bills) {
    if (!ids.has(b.contractId)) continue;
    overall += b.amountBilled;
    byContract.set(b.contractId, [...(byContract.get(b.contractId) ?? []), b]);
  }
  let lastHour = 0;
  for (const c of contracts) {
    if (c.state === 'Deleted') continue;
    const latest = (byContract.get(c.contract_id) ?? [])
      .sort((a, b) => b.timestamp - a.timestamp)
      .slice(0, 2);
    if (latest.length === 0) continue;
    const since = latest.length === 2 ? latest[1].timestamp : c.created_at;
    const hours = (latest[0].timestamp - since) / 3600;
    lastHour += latest[0].amountBilled / hours / TFT_UNITS;
  }
  return { last_hour_consumption: lastHour, overall_consumption: overall / TFT_UNITS };
}

export const PUBLIC_IP_PARAMS: ParamSpec = {
  farm_ids: 'uintList',
  free: 'bool',
  ip: 'string',
  gateway: 'string',
};

export const PUBLIC_IP_SORT_KEYS: Record<string, (ip: ProxyPublicIp) => number | string> = {
  ip: (p) => p.ip,
  contract_id: (p) => p.contract_id,
  farm_id: (p) => p.farm_id ?? 0,
};

/** Every farm's public IPs with their farm, filtered as `/public_ips` does. */
export function publicIps(snapshot: GridSnapshot, p: Params): ProxyPublicIp[] {
  return snapshot.farms
    .flatMap((f) => f.publicIps.map((ip) => ({ ...ip, farm_id: f.farmId })))
    .filter(
      (ip) =>
        (p.farm_ids === undefined || (p.farm_ids as number[]).includes(ip.farm_id)) &&
        (p.free === undefined || (ip.contract_id === 0) === p.free) &&
        (p.ip === undefined || ip.ip === p.ip) &&
        (p.gateway === undefined || ip.gateway === p.gateway),
    );
}
