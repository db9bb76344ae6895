/**
 * Builders of valid workloads of every type for the dev grid tests (zos JSON field names; sizes in
 * bytes). Each returns a version-0 workload; `nextDeployment` bumps versions on update.
 */
import type { Workload, WorkloadType, ZdbBackend } from '../../model/zos/types';

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;
const FLIST = 'https://hub.grid.tf/tf-official-apps/base:latest.flist';
/** 32 bytes hex: qsfs encryption keys, network mycelium keys. */
export const KEY_HEX = 'ab'.repeat(32);

export function wl(name: string, type: WorkloadType, data: object): Workload {
  return { version: 0, name, type, data: data as Record<string, unknown>, metadata: '', description: '' };
}

export const network = (name: string, subnet: string, port: number) =>
  wl(name, 'network', {
    ip_range: '10.20.0.0/16',
    subnet,
    wireguard_private_key: 'GDU+cjKrHNJS9fNzFJQ9ZY1oAdkvq6xeE1hBySHFl2E=',
    wireguard_listen_port: port,
    peers: [],
  });

export const networkLight = (name: string, subnet: string) =>
  wl(name, 'network-light', { subnet, mycelium: { hex_key: KEY_HEX, peers: [] } });

export interface MachineOptions {
  readonly network: string;
  readonly ip: string;
  readonly sshKey: string;
  /** bytes. @default 1 GiB */
  readonly memory?: number;
  readonly cpu?: number;
  readonly mounts?: { name: string; mountpoint: string }[];
  /** name of an `ip` workload */
  readonly publicIp?: string;
}

export const machine = (name: string, o: MachineOptions) =>
  wl(name, 'zmachine', {
    flist: FLIST,
    network: {
      public_ip: o.publicIp ?? '',
      planetary: false,
      interfaces: [{ network: o.network, ip: o.ip }],
    },
    size: 0,
    compute_capacity: { cpu: o.cpu ?? 1, memory: o.memory ?? GiB },
    mounts: o.mounts ?? [],
    entrypoint: '/sbin/zinit init',
    env: { SSH_KEY: o.sshKey },
    corex: false,
  });

export const machineLight = (name: string, o: MachineOptions) =>
  wl(name, 'zmachine-light', {
    flist: FLIST,
    network: {
      interfaces: [{ network: o.network, ip: o.ip }],
      mycelium: { network: o.network, hex_seed: 'a1b2c3d4e5f6' },
    },
    size: 0,
    compute_capacity: { cpu: o.cpu ?? 1, memory: o.memory ?? GiB },
    mounts: o.mounts ?? [],
    entrypoint: '',
    env: { SSH_KEY: o.sshKey },
    corex: false,
  });

export const zmount = (name: string, size: number) => wl(name, 'zmount', { size });
export const volume = (name: string, size: number) => wl(name, 'volume', { size });
export const zdb = (
  name: string,
  o: { size?: number; mode?: 'user' | 'seq'; password: string; public?: boolean },
) =>
  wl(name, 'zdb', {
    size: o.size ?? GiB,
    mode: o.mode ?? 'user',
    password: o.password,
    public: o.public ?? false,
  });
export const publicIp = (name: string) => wl(name, 'ip', { v4: true, v6: false });
export const gatewayName = (name: string, gwName: string, backends: string[]) =>
  wl(name, 'gateway-name-proxy', { name: gwName, tls_passthrough: false, backends });
export const gatewayFqdn = (name: string, fqdn: string, backends: string[]) =>
  wl(name, 'gateway-fqdn-proxy', { fqdn, tls_passthrough: false, backends });
export const zlogs = (name: string, zmachine: string, output: string) =>
  wl(name, 'zlogs', { zmachine, output });

export const qsfs = (name: string, meta: ZdbBackend[], data: ZdbBackend[], cache = 256 * MiB) =>
  wl(name, 'qsfs', {
    cache,
    config: {
      minimal_shards: 1,
      expected_shards: data.length,
      redundant_groups: 0,
      redundant_nodes: 0,
      max_zdb_data_dir_size: 32,
      encryption: { algorithm: 'AES', key: KEY_HEX },
      meta: {
        type: 'zdb',
        config: { prefix: 'qsfs-it', encryption: { algorithm: 'AES', key: KEY_HEX }, backends: meta },
      },
      groups: [{ backends: data }],
      compression: { algorithm: 'snappy' },
    },
  });
