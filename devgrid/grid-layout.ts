/**
 * What a dev grid of N nodes over M farms holds, decided before anything starts: the farmers and
 * their farms with public IPs, the nodes with their resources, location and public config, and
 * the key path of every account. Pure and deterministic: the same counts give the same grid, so a
 * new chain gets it in its genesis and a restarted one is checked against it.
 */
import type { GridGenesis } from './chain/runtime/grid-genesis';
import type { DevKeys } from './dev-keys';

const GiB = 1024 ** 3;

/** Node resources: 16 cores, 64 GiB memory, 1 TiB ssd, 4 TiB hdd (farm weight 87 per node). */
export const NODE_RESOURCES = { cru: 16, mru: 64 * GiB, sru: 1024 * GiB, hru: 4096 * GiB };
export const GATEWAY_DOMAIN = 'gw1.devgrid.localhost';
/**
 * The /24 the dev farms' public IPs and the public nodes' addresses are taken from, gateway .1.
 * Not a documentation range (192.0.2/24, 198.51.100/24, 203.0.113/24): clients such as
 * ThreeFold's SDK treat those as private and would see every dev node as hidden. Nothing ever
 * sends traffic to these addresses: machines are processes on loopback, no tunnel is created, and
 * the dev gateway sends every backend to 127.0.0.1 (see devgrid/node/provisioners/gateway.ts).
 * Grids of more than 14 farms or 15 nodes take the rest from the /24s after it (see `extraAddress`).
 */
export const DEV_PUBLIC_PREFIX = '203.0.114';
/**
 * The IPv6 address and gateway of public node number `n` (its id on a new chain): its /64 in
 * 2001:db8::/32 (IPv6's documentation prefix, as the `ip` workloads' IPv6 of that node:
 * devgrid/node/provisioners/ip.ts). The SDK checks only IPv4 addresses for being private; like the
 * IPv4 ones, nothing sends traffic there.
 */
export function devPublicIpv6(n: number): { ip: string; gw: string } {
  const prefix = `2001:db8:${n.toString(16)}:`;
  return { ip: `${prefix}:2/64`, gw: `${prefix}:1` };
}
/** TFT (whole, 7 decimals on chain) each farmer's and node's account holds from genesis. */
export const DEV_ACCOUNT_TFT = 10_000;
/** Relay every dev twin names (the dev relay listens on loopback). */
export const DEV_RELAY = '127.0.0.1';
/** Farms whose IPs fit in DEV_PUBLIC_PREFIX (.18 to .233), and nodes whose address does (.240 to .254). */
const FIRST_PREFIX_FARMS = 14;
const FIRST_PREFIX_NODES = 15;
/** Public IPs each farm offers. */
const IPS_PER_FARM = 8;
/** Hosts .2 to .254 of each further /24 (.1 is its gateway). */
const HOSTS_PER_PREFIX = 253;
/** Third octets of the further /24s: farms' IPs from 115, nodes' addresses from 140 (to 255). */
const FARM_PREFIX_START = 115;
const NODE_PREFIX_START = 140;
/** Limits that keep every address in 203.0.0.0/16. */
export const MAX_DEV_FARMS =
  FIRST_PREFIX_FARMS +
  Math.floor(((NODE_PREFIX_START - FARM_PREFIX_START) * HOSTS_PER_PREFIX) / IPS_PER_FARM);
export const MAX_DEV_NODES = FIRST_PREFIX_NODES + (256 - NODE_PREFIX_START) * HOSTS_PER_PREFIX * 2;

export interface DevFarm {
  /** 1-based: the farm's id on a new chain */
  readonly index: number;
  readonly name: string;
  /** key path of the farmer's account (`//farmer/1`) */
  readonly farmerPath: string;
  readonly publicIps: readonly { ip: string; gw: string }[];
}

export interface DevNodeLayout {
  /** 1-based: the node's id on a new chain */
  readonly index: number;
  /** key path of the node's account (`//node/1`) */
  readonly path: string;
  readonly farm: DevFarm;
  readonly resources: typeof NODE_RESOURCES;
  readonly country: string;
  readonly city: string;
  /**
   * odd nodes have a public address (node 1 also serves gateways), even ones are hidden, as on the
   * real grid: a network over both is routed through an access node. Like the grid's access nodes
   * they have IPv4 and IPv6 (grid_client looks for access nodes with both).
   */
  readonly publicConfig?: {
    ip4: { ip: string; gw: string };
    ip6: { ip: string; gw: string };
    domain?: string;
  };
}

/** The `n`th (0-based) address of the /24s from `203.0.<start>`: CIDR and gateway. */
function extraAddress(start: number, n: number): { ip: string; gw: string } {
  const prefix = `203.0.${start + Math.floor(n / HOSTS_PER_PREFIX)}`;
  return { ip: `${prefix}.${2 + (n % HOSTS_PER_PREFIX)}/24`, gw: `${prefix}.1` };
}

export class DevGridLayout {
  readonly farms: readonly DevFarm[];
  readonly nodes: readonly DevNodeLayout[];

  constructor(nodeCount: number, farmCount: number) {
    if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > MAX_DEV_NODES)
      throw new Error(`dev grid: nodes must be a whole number from 1 to ${MAX_DEV_NODES}, got ${nodeCount}`);
    if (!Number.isInteger(farmCount) || farmCount < 1 || farmCount > MAX_DEV_FARMS)
      throw new Error(`dev grid: farms must be a whole number from 1 to ${MAX_DEV_FARMS}, got ${farmCount}`);
    const farms = Math.min(farmCount, nodeCount);
    this.farms = Array.from({ length: farms }, (_, i) => {
      const f = i + 1;
      return {
        index: f,
        name: `devfarm${f}`,
        farmerPath: `//farmer/${f}`,
        publicIps: Array.from({ length: IPS_PER_FARM }, (_, k) =>
          f <= FIRST_PREFIX_FARMS
            ? { ip: `${DEV_PUBLIC_PREFIX}.${f * 16 + k + 2}/24`, gw: `${DEV_PUBLIC_PREFIX}.1` }
            : extraAddress(FARM_PREFIX_START, (f - FIRST_PREFIX_FARMS - 1) * IPS_PER_FARM + k),
        ),
      };
    });
    this.nodes = Array.from({ length: nodeCount }, (_, k) => {
      const i = k + 1;
      const ip4 =
        i % 2 === 0
          ? undefined
          : i <= FIRST_PREFIX_NODES
            ? { ip: `${DEV_PUBLIC_PREFIX}.${239 + i}/24`, gw: `${DEV_PUBLIC_PREFIX}.1` }
            : extraAddress(NODE_PREFIX_START, (i - FIRST_PREFIX_NODES - 2) / 2);
      return {
        index: i,
        path: `//node/${i}`,
        farm: this.farms[(i - 1) % farms],
        resources: NODE_RESOURCES,
        country: 'Belgium',
        city: 'Ghent',
        ...(ip4
          ? { publicConfig: { ip4, ip6: devPublicIpv6(i), ...(i === 1 ? { domain: GATEWAY_DOMAIN } : {}) } }
          : {}),
      };
    });
  }

  /** The registrations of a new chain: accounts funded, twins, farms and nodes, in id order. */
  genesis(keys: DevKeys, owner: string): GridGenesis {
    const units = BigInt(DEV_ACCOUNT_TFT) * 10_000_000n;
    const farmers = this.farms.map((f) => keys.accountId(f.farmerPath));
    const nodes = this.nodes.map((n) => keys.accountId(n.path));
    return {
      accounts: [...farmers, ...nodes].map((id) => ({ id, free: units })),
      // twin ids as the extrinsics gave them: the owner's first, then farmers', then nodes'
      twins: [owner, ...farmers, ...nodes].map((account) => ({ account, relay: DEV_RELAY })),
      farms: this.farms.map((f, i) => ({ owner: farmers[i], name: f.name, publicIps: f.publicIps })),
      nodes: this.nodes.map((n, i) => ({
        account: nodes[i],
        farmName: n.farm.name,
        resources: n.resources,
        location: { city: n.city, country: n.country, latitude: '0', longitude: '0' },
        publicConfig: n.publicConfig
          ? { ip4: n.publicConfig.ip4, ip6: n.publicConfig.ip6, domain: n.publicConfig.domain ?? null }
          : undefined,
      })),
    };
  }
}
