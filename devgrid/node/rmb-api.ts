/** Serves a ZosNode's commands over RMB, under zos's command names. */
import type { RmbClient } from '../../provider/rmb/client';
import type { ZosNode } from './zos-node';

export interface NetworkInfo {
  /** wireguard ports in use by the node's networks */
  listWgPorts(): number[];
  publicConfig(): unknown;
  interfaces(): Record<string, string[]>;
  privateIps(twin: number, networkName: string): string[];
}

export function serveZosApi(rmb: RmbClient, node: ZosNode, network: NetworkInfo): void {
  rmb
    .handle('zos.deployment.deploy', (s, p) => node.deploy(s.twin, p))
    .handle('zos.deployment.update', (s, p) => node.update(s.twin, p))
    .handle('zos.deployment.get', (s, p) => node.get(s.twin, p))
    .handle('zos.deployment.changes', (s, p) => node.changes(s.twin, p))
    .handle('zos.deployment.list', (s) => node.list(s.twin))
    .handle('zos.deployment.delete', () => node.delete())
    .handle('zos.statistics.get', () => node.statistics())
    .handle('zos.network.list_wg_ports', () => network.listWgPorts())
    .handle('zos.network.public_config_get', () => network.publicConfig())
    .handle('zos.network.interfaces', () => network.interfaces())
    .handle('zos.network.list_private_ips', (s, p) =>
      network.privateIps(s.twin, String((p as { network_name?: unknown })?.network_name ?? '')),
    );
}
