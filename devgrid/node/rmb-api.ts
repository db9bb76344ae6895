/** Serves a ZosNode's commands over RMB, under zos's command names. */
import type { RmbClient } from '../../clients/rmb/client';
import { DEV_NODE_VERSION, nodeFeatures, privateIps, publicIps, storagePools } from './system-info';
import { PerfMonitor } from './perf';
import type { ZosNode } from './zos-node';

export interface NetworkInfo {
  /** wireguard ports in use by the node's networks */
  listWgPorts(): number[];
  publicConfig(): unknown;
  /** the node's public IPv6 (its public config's `ipv6`), '' when it has none */
  publicIpv6(): string;
  interfaces(): Record<string, string[]>;
}

export function serveZosApi(rmb: RmbClient, node: ZosNode, network: NetworkInfo): void {
  const pools = () => {
    const s = node.statistics();
    return storagePools(s.total, s.used);
  };
  const perf = new PerfMonitor(() => node.statistics().users.workloads);
  rmb
    .handle('zos.system.version', () => DEV_NODE_VERSION)
    .handle('zos.system.node_features_get', () => nodeFeatures('full'))
    .handle('zos.storage.pools', () => pools())
    .handle('zos.gpu.list', () => [])
    .handle('zos.deployment.deploy', (s, p) => node.deploy(s.twin, p))
    .handle('zos.deployment.update', (s, p) => node.update(s.twin, p))
    .handle('zos.deployment.get', (s, p) => node.get(s.twin, p))
    .handle('zos.deployment.changes', (s, p) => node.changes(s.twin, p))
    .handle('zos.deployment.list', (s) => node.list(s.twin))
    .handle('zos.deployment.delete', () => node.delete())
    .handle('zos.statistics.get', () => node.statistics())
    .handle('zos.perf.get', (_s, p) => perf.get(p))
    .handle('zos.perf.get_all', () => perf.getAll())
    .handle('zos.network.list_wg_ports', () => network.listWgPorts())
    .handle('zos.network.public_config_get', () => network.publicConfig())
    .handle('zos.network.interfaces', () => network.interfaces())
    .handle('zos.network.has_ipv6', () => hasIpv6(network))
    .handle('zos.network.list_public_ips', () => publicIps(node.allActive()))
    .handle('zos.network.list_private_ips', (s, p) =>
      privateIps(node.allActive(), s.twin, String((p as { network_name?: unknown })?.network_name ?? '')),
    );
}

/**
 * zos.network.has_ipv6 as full zos answers it: true when the node's public side holds a global
 * IPv6 address, else the error zos returns ("no public ipv6 found"), never `false` (that is the
 * light zos's fixed answer). On the real grid that address comes from the farm's network (SLAAC);
 * a dev node has one exactly when its public config has an IPv6.
 */
function hasIpv6(network: NetworkInfo): boolean {
  if (!network.publicIpv6()) throw new Error('no public ipv6 found');
  return true;
}
