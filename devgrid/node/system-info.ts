/**
 * What a dev node says about itself as zos does: its version, the workload features it supports
 * (zos's lists for full and light nodes, from zosbase's monitord), its storage pools and GPUs, the public IPs its
 * deployments hold, and the private IPs a twin's machines took in a network.
 */
import type { Deployment } from '../../model/zos/types';

/**
 * zos's features on a full node (monitord's GetNodeFeatures), in its order. The dev nodes are full
 * nodes.
 */
export const ZOS_FULL_FEATURES: readonly string[] = [
  'zmount',
  'network',
  'zdb',
  'zmachine',
  'volume',
  'ipv4',
  'ip',
  'gateway-name-proxy',
  'gateway-fqdn-proxy',
  'qsfs',
  'zlogs',
  'yggdrasil',
  'mycelium',
  'wireguard',
];

/**
 * zos's features on a light node, in its order: the light machine and network types, never
 * `zmachine` or `network`, no public IP types and no yggdrasil; the gateway types follow only when
 * the node's public config has a domain.
 */
export const ZOS_LIGHT_FEATURES: readonly string[] = [
  'zmachine-light',
  'network-light',
  'zdb',
  'zmount',
  'volume',
  'qsfs',
  'zlogs',
  'mycelium',
  'wireguard',
];

/** What `zos.system.node_features_get` answers on a full or a light node (with or without a domain). */
export function nodeFeatures(kind: 'full' | 'light', hasDomain = false): string[] {
  if (kind === 'full') return [...ZOS_FULL_FEATURES];
  return [...ZOS_LIGHT_FEATURES, ...(hasDomain ? ['gateway-name-proxy', 'gateway-fqdn-proxy'] : [])];
}

/** What `zos.system.version` answers: the zos and zinit versions. */
export const DEV_NODE_VERSION = { zos: '3.13.0-devgrid', zinit: 'v0.2.14' } as const;

/** A storage pool as `zos.storage.pools` lists it (sizes in bytes). */
export interface PoolMetrics {
  readonly name: string;
  readonly type: 'ssd' | 'hdd';
  readonly size: number;
  readonly used: number;
}

/** One ssd pool and one hdd pool holding the node's whole sru and hru. */
export function storagePools(
  total: { sru: number; hru: number },
  used: { sru: number; hru: number },
): PoolMetrics[] {
  const pools: PoolMetrics[] = [];
  if (total.sru > 0) pools.push({ name: 'ssd0', type: 'ssd', size: total.sru, used: used.sru });
  if (total.hru > 0) pools.push({ name: 'hdd0', type: 'hdd', size: total.hru, used: used.hru });
  return pools;
}

/** `zos.network.list_public_ips`: the IPs (CIDR) of every ok public IP workload on the node. */
export function publicIps(deployments: readonly Deployment[]): string[] {
  return deployments.flatMap((d) =>
    d.workloads
      .filter((w) => (w.type === 'ip' || w.type === 'ipv4') && w.result?.state === 'ok')
      .map((w) => String((w.result?.data as { ip?: string } | undefined)?.ip ?? ''))
      .filter((ip) => ip !== ''),
  );
}

/**
 * `zos.network.list_private_ips`: every IP the twin's machines (in any of its deployments, not
 * deleted or in error) took in the network of that name.
 */
export function privateIps(deployments: readonly Deployment[], twin: number, network: string): string[] {
  return deployments
    .filter((d) => d.twin_id === twin)
    .flatMap((d) => d.workloads)
    .filter(
      (w) =>
        (w.type === 'zmachine' || w.type === 'zmachine-light') &&
        w.result?.state !== 'deleted' &&
        w.result?.state !== 'error',
    )
    .flatMap((w) =>
      ((w.data as { network?: { interfaces?: { network: string; ip: string }[] } }).network?.interfaces ?? [])
        .filter((i) => i.network === network)
        .map((i) => i.ip),
    );
}
