/**
 * What zmachine and zmachine-light share (zos's zmachine_utils.go): compute capacity, rootfs
 * size, mounts, env, gpus, private interfaces and the mycelium IP.
 */
import { canonicalHex, canonicalIp, goSortStrings, goStr, goUint } from './canonical';
import { isObject, ProblemList } from './field-checks';
import type { Capacity, MachineCommonData, MyceliumIp, WorkloadType, ZmachineInterface } from './types';
import { GiB, MiB } from './units';
import { findWorkload, type ValidationContext } from './workload-type';

/** Seed length of a machine's mycelium IP, bytes. */
export const MYCELIUM_IP_SEED_LEN = 6;
/** Minimum machine memory, bytes (250 MiB). */
export const MIN_MACHINE_MEMORY = 250 * MiB;
/** Interface network names zos keeps for itself. */
export const RESERVED_NETWORK_NAMES: readonly string[] = ['ygg', 'pub', 'mycelium'];
/** Workload types a machine can mount. */
export const MOUNTABLE_TYPES: readonly WorkloadType[] = ['zmount', 'volume', 'qsfs'];

/** Smallest rootfs zos gives a machine: 2 GiB once cpu*memory reaches 8 GiB, else 500 MiB (bytes). */
export function minRootSize(cpu: number, memory: number): number {
  return Math.floor((cpu * memory) / (8 * GiB)) === 0 ? 500 * MiB : 2 * GiB;
}

/** Rootfs size zos reserves: the requested size, at least the minimum (bytes). */
export function rootSize(d: Pick<MachineCommonData, 'size' | 'compute_capacity'>): number {
  const cpu = d.compute_capacity?.cpu ?? 0;
  const memory = d.compute_capacity?.memory ?? 0;
  return Math.max(d.size ?? 0, minRootSize(cpu, memory));
}

/** Capacity of a machine: cru = cpu, mru = memory, sru = rootfs. */
export function machineCapacity(d: MachineCommonData): Capacity {
  return {
    cru: d.compute_capacity?.cpu ?? 0,
    mru: d.compute_capacity?.memory ?? 0,
    sru: rootSize(d),
    hru: 0,
    ipv4u: 0,
  };
}

/** The mycelium network name; zos's field has no JSON tag, so `Network` is accepted too. */
export function myceliumNetworkName(m: MyceliumIp): string {
  return m.network ?? (m as unknown as { Network?: string }).Network ?? '';
}

/** Interfaces then mycelium, as both network challenges end. */
export function interfacesChallenge(
  interfaces: readonly ZmachineInterface[] | undefined,
  mycelium: MyceliumIp | null | undefined,
): string {
  let out = '';
  for (const inf of interfaces ?? []) out += goStr(inf.network) + canonicalIp(inf.ip);
  if (mycelium) out += myceliumNetworkName(mycelium) + canonicalHex(mycelium.hex_seed);
  return out;
}

/** A machine's challenge with its network part already written (zos field order). */
export function machineChallenge(d: MachineCommonData, network: string): string {
  let out = goStr(d.flist) + network + goUint(d.size);
  out += goUint(d.compute_capacity?.cpu) + goUint(d.compute_capacity?.memory);
  for (const m of d.mounts ?? []) out += goStr(m.name) + goStr(m.mountpoint);
  out += goStr(d.entrypoint);
  const env = d.env ?? {};
  for (const k of goSortStrings(Object.keys(env))) out += `${k}=${env[k]}`;
  for (const g of d.gpu ?? []) out += g;
  return out;
}

/** Does a network named `name` of type `networkType` exist here or in the twin's other deployments? */
function checkNetworkRef(
  p: ProblemList,
  field: string,
  name: string,
  networkType: WorkloadType,
  ctx: ValidationContext,
  needMycelium: boolean,
): void {
  const wl = findWorkload(ctx, name);
  if (!wl) {
    if (!(ctx.sharedNetworks ?? []).includes(name)) {
      p.add(
        field,
        `no ${networkType} workload named '${name}' in this deployment`,
        `add a '${networkType}' workload named '${name}' to this deployment (or to another deployment of the same twin on this node and pass it as a shared network)`,
        name,
      );
    }
    return;
  }
  if (wl.type !== networkType) {
    p.add(
      field,
      `workload '${name}' is a '${wl.type}', not a '${networkType}'`,
      `name a '${networkType}' workload here`,
      name,
    );
    return;
  }
  if (needMycelium && isObject(wl.data) && !wl.data.mycelium) {
    p.add(
      field,
      `network '${name}' has no mycelium configuration`,
      `set data.mycelium {hex_key, peers: []} on network '${name}', or remove the machine's mycelium settings`,
      name,
    );
  }
}

/** Rules both machine types share (zos ZMachine.Valid / ZMachineLight.Valid plus provisioning references). */
export function validateMachineCommon(
  d: MachineCommonData,
  net: { interfaces?: unknown; mycelium?: unknown },
  p: ProblemList,
  ctx: ValidationContext,
  networkType: WorkloadType,
): void {
  if (typeof d.flist !== 'string' || d.flist === '')
    p.add(
      'flist',
      'flist must be set',
      'set flist to the URL of an flist, e.g. https://hub.grid.tf/tf-official-apps/base:latest.flist',
      d.flist,
    );

  const interfaces = p.list('network.interfaces', net.interfaces);
  if (interfaces.length !== 1) {
    p.add(
      'network.interfaces',
      'only one network private network is supported at the moment',
      'give the machine exactly one interface {network, ip}',
      interfaces.length,
    );
  }
  interfaces.forEach((raw, i) => {
    const f = `network.interfaces[${i}]`;
    const inf = isObject(raw) ? raw : {};
    p.ip(`${f}.ip`, inf.ip, `set ${f}.ip to an address inside the network's subnet, e.g. 10.20.2.2`);
    const name = inf.network;
    if (typeof name !== 'string' || name === '') {
      p.add(`${f}.network`, 'interface network must be set', 'name the network workload to join', name);
    } else if (RESERVED_NETWORK_NAMES.includes(name)) {
      p.add(
        `${f}.network`,
        `'${name}' is reserved network name`,
        `rename the network (${RESERVED_NETWORK_NAMES.join(', ')} are reserved)`,
        name,
      );
    } else {
      checkNetworkRef(p, `${f}.network`, name, networkType, ctx, false);
    }
  });

  const cc = isObject(d.compute_capacity) ? d.compute_capacity : { cpu: undefined, memory: undefined };
  if (
    p.uint('compute_capacity.cpu', cc.cpu, 8, 'set cpu to a whole number of cores, 1..255') &&
    cc.cpu === 0
  ) {
    p.add('compute_capacity.cpu', "cpu capacity can't be 0", 'set cpu to at least 1 core', cc.cpu);
  }
  if (
    p.uint('compute_capacity.memory', cc.memory, 64, 'set memory in bytes, at least 262144000 (250 MiB)') &&
    cc.memory < MIN_MACHINE_MEMORY
  ) {
    p.add(
      'compute_capacity.memory',
      "mem capacity can't be less that 250M",
      `set memory to at least ${MIN_MACHINE_MEMORY} bytes (250 MiB)`,
      cc.memory,
    );
  }
  if (p.uint('size', d.size, 64, 'set size (rootfs, bytes) or 0 for the minimum')) {
    const min = minRootSize(
      typeof cc.cpu === 'number' ? cc.cpu : 0,
      typeof cc.memory === 'number' ? cc.memory : 0,
    );
    if (d.size !== 0 && d.size < min) {
      p.add(
        'size',
        `disk size can't be less that ${min}. Set to 0 for minimum`,
        `set size to 0 or to at least ${min} bytes (${min === 2 * GiB ? '2 GiB because cpu*memory >= 8 GiB' : '500 MiB'})`,
        d.size,
      );
    }
  }

  if (net.mycelium !== undefined && net.mycelium !== null) {
    const m = isObject(net.mycelium) ? (net.mycelium as unknown as MyceliumIp) : ({} as MyceliumIp);
    p.hex(
      'network.mycelium.hex_seed',
      m.hex_seed,
      MYCELIUM_IP_SEED_LEN,
      'invalid mycelium seed length expected 6 bytes',
      'set hex_seed to 12 hex characters (6 random bytes)',
    );
    const name = myceliumNetworkName(m);
    if (name === '')
      p.add(
        'network.mycelium.network',
        'mycelium network must be set',
        'name the network whose mycelium the machine joins',
      );
    else checkNetworkRef(p, 'network.mycelium.network', name, networkType, ctx, true);
  }

  p.list('mounts', d.mounts).forEach((raw, i) => {
    const m = isObject(raw) ? raw : {};
    const wl = typeof m.name === 'string' ? findWorkload(ctx, m.name) : undefined;
    if (!wl) {
      p.add(
        `mounts[${i}].name`,
        `no disk workload named '${String(m.name)}' in this deployment`,
        `add a ${MOUNTABLE_TYPES.join('/')} workload with that name to the deployment`,
        m.name,
      );
    } else if (!MOUNTABLE_TYPES.includes(wl.type)) {
      p.add(
        `mounts[${i}].name`,
        `expecting a reservation of type '${MOUNTABLE_TYPES.join("' or '")}' for disk '${wl.name}'`,
        `mount a ${MOUNTABLE_TYPES.join('/')} workload, not a '${wl.type}'`,
        m.name,
      );
    }
    p.str(`mounts[${i}].mountpoint`, m.mountpoint);
  });

  p.str('entrypoint', d.entrypoint);
  p.bool('corex', d.corex);
  if (d.env !== undefined && d.env !== null) {
    if (!isObject(d.env)) p.add('env', 'env must be an object of strings', 'set env to {"KEY": "value"}');
    else
      for (const [k, v] of Object.entries(d.env))
        if (typeof v !== 'string') p.add(`env.${k}`, 'env values must be strings', `quote the value of ${k}`);
  }
  p.list('gpu', d.gpu).forEach((g, i) => {
    if (typeof g !== 'string' || g.split('/').length !== 3) {
      p.add(
        `gpu[${i}]`,
        `invalid GPU id format '${String(g)}'`,
        'write a gpu as <slot>/<vendor>/<device>, e.g. 0000:28:00.0/1002/731f',
        g,
      );
    }
  });
}
