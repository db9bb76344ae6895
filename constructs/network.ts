/**
 * A private network across nodes (zos `network` workload on every node it spans). The nodes come from
 * the members that join it (machines, gateways). Subnets and machine IPs are assigned at synth,
 * deterministically: the n-th node (in order of joining) gets `<a>.<b>.<n+2>.0/24`, its machines
 * `.2`, `.3`, ...; `<a>.<b>.1.0/24` is kept for wireguard access. The wireguard peers form a mesh or,
 * for big networks, a hub (network-peers.ts).
 */
import { Construct, IConstruct } from 'constructs';
import { Checker } from './errors';
import { endpointPlaceholder, wgPublicKeyPlaceholder } from './manifest';
import { RESERVED_NETWORK_NAMES } from '../model/zos/machine-common';
import { dottedPath, stableNumber, WORKLOAD_NAME_PATTERN } from './names';
import type { NodeSlot } from './node-selector';
import type { ISynthesizable, SynthContext } from './synth';
import { MESH_MAX_NODES, NETWORK_TOPOLOGIES, peerLayout, type NetworkTopology } from './network-peers';

export interface NetworkProps {
  /** The network name machines' interfaces use (workload name, 1..36 of [a-zA-Z0-9_]). @default - from the construct path */
  readonly name?: string;
  /** Private IPv4 range, a /16. @default '10.20.0.0/16' */
  readonly ipRange?: string;
  /** Add a wireguard access peer so a user can join the network from a laptop. @default false */
  readonly wireguardAccess?: boolean;
  /** Give the network a mycelium (overlay) key so machines can take mycelium IPs. @default false */
  readonly mycelium?: boolean;
  /**
   * How its nodes reach each other over wireguard. 'mesh': every node peers with every other
   * (direct paths; n·(n-1) peers, and adding a node updates every node). 'hub': every node peers
   * with the network's first node only, which forwards between them (2·(n-1) peers, adding a node
   * updates the hub only; one more hop, all traffic between nodes through the hub, the hub a single
   * point of failure, and it needs a public address). 'auto': a mesh up to 16 nodes, a hub above.
   * @default 'auto'
   */
  readonly topology?: NetworkTopology;
}

interface Member {
  construct: IConstruct;
  slot: NodeSlot;
  needsIp: boolean;
}

interface NetworkNodePlan {
  unitId: string;
  slot: NodeSlot;
  subnet: string;
  /** 100.64.x.y/32: the node's wireguard address */
  wgIp: string;
}

interface NetworkPlan {
  nodes: NetworkNodePlan[];
  byUnit: Map<string, NetworkNodePlan>;
  /** machine path -> private ip */
  ips: Map<string, string>;
  /** unit id -> the last host number given on its subnet */
  hosts: Map<string, number>;
}

/** Parses a dotted IPv4 address, or undefined. */
export function parseIpv4(s: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p, i) => p <= 255 && String(p) === m[i + 1]) ? parts : undefined;
}

const isPrivate = ([a, b]: number[]): boolean =>
  a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);

export class Network extends Construct implements ISynthesizable {
  readonly name: string;
  readonly ipRange: string;
  readonly wireguardAccess: boolean;
  readonly mycelium: boolean;
  readonly topology: NetworkTopology;
  private readonly members: Member[] = [];
  private readonly prefix: number[];
  /** the plan of the members so far: a member joining never changes the ones before it */
  private readonly planned: NetworkPlan = { nodes: [], byUnit: new Map(), ips: new Map(), hosts: new Map() };

  constructor(scope: Construct, id: string, networkProps: NetworkProps = {}) {
    super(scope, id);
    const c = new Checker(this, 'network');
    const props = c.props(networkProps, true);
    const name = props.name ?? id.replace(/[^a-zA-Z0-9_]/g, '_').slice(0, 36);
    c.check(
      typeof name === 'string' && WORKLOAD_NAME_PATTERN.test(name) && !RESERVED_NETWORK_NAMES.includes(name),
      'name',
      name,
      `1 to 36 characters of [a-zA-Z0-9_], not ${RESERVED_NETWORK_NAMES.map((n) => `'${n}'`).join(', ')}`,
      'set name to something like "net1"',
    );
    const ipRange = props.ipRange ?? '10.20.0.0/16';
    const [addr, bits] = typeof ipRange === 'string' ? ipRange.split('/') : [];
    const ip = parseIpv4(addr ?? '');
    const ok = ip !== undefined && bits === '16' && isPrivate(ip) && ip[2] === 0 && ip[3] === 0;
    c.check(
      ok,
      'ipRange',
      ipRange,
      'a private IPv4 /16 such as 10.20.0.0/16',
      'use 10.x.0.0/16, 172.16-31.0.0/16 or 192.168.0.0/16',
    );
    this.prefix = ok && ip ? ip.slice(0, 2) : [10, 20];
    c.boolean('wireguardAccess', props.wireguardAccess);
    c.boolean('mycelium', props.mycelium);
    const topology = props.topology ?? 'auto';
    c.check(
      NETWORK_TOPOLOGIES.includes(topology),
      'topology',
      props.topology,
      NETWORK_TOPOLOGIES.map((t) => `'${t}'`).join(' | '),
      `leave topology out for a mesh up to ${MESH_MAX_NODES} nodes and a hub above`,
    );
    const valid = c.done();
    // after a problem (only while errors are collected) the network keeps safe defaults
    this.name = typeof name === 'string' && !c.failed('name') ? name : 'invalid';
    this.ipRange = ok ? ipRange : '10.20.0.0/16';
    this.wireguardAccess = valid ? (props.wireguardAccess ?? false) : false;
    this.mycelium = valid ? (props.mycelium ?? false) : false;
    this.topology = valid ? topology : 'auto';
  }

  /** Called by members: puts the network on the member's node. `needsIp` for machines. */
  join(member: IConstruct, slot: NodeSlot, needsIp: boolean): void {
    this.members.push({ construct: member, slot, needsIp });
    this.addToPlan(member, slot, needsIp);
  }

  /** The nodes this network spans, as deployment unit ids in subnet order. */
  get unitIds(): string[] {
    return this.planned.nodes.map((n) => n.unitId);
  }

  /** The private IP assigned to a member machine, or undefined if it did not join. */
  ipOf(member: IConstruct): string | undefined {
    return this.planned.ips.get(member.node.path);
  }

  /** The subnet of a deployment unit in this network, or undefined. */
  subnetOf(unitId: string): string | undefined {
    return this.planned.byUnit.get(unitId)?.subnet;
  }

  /** The /24 kept for the wireguard access peer. */
  get accessSubnet(): string {
    return `${this.prefix[0]}.${this.prefix[1]}.1.0/24`;
  }

  /** Gives a new member's node the next subnet (on first use) and the member the node's next IP. */
  private addToPlan(member: IConstruct, slot: NodeSlot, needsIp: boolean): void {
    const { nodes, byUnit, ips, hosts } = this.planned;
    const [a, b] = this.prefix;
    const unitId = slot.unitId;
    let n = byUnit.get(unitId);
    if (!n) {
      const third = nodes.length + 2;
      n = { unitId, slot, subnet: `${a}.${b}.${third}.0/24`, wgIp: `100.64.${b}.${third}/32` };
      nodes.push(n);
      byUnit.set(unitId, n);
    }
    if (needsIp) {
      const host = (hosts.get(unitId) ?? 1) + 1;
      hosts.set(unitId, host);
      ips.set(member.node.path, `${n.subnet.slice(0, -'0/24'.length)}${host}`);
    }
  }

  synthesize(ctx: SynthContext): void {
    const { nodes } = this.planned;
    if (nodes.length > 253)
      ctx.problem(
        `${this.node.path}: network spans ${nodes.length} nodes, at most 253 fit in a /16: split it`,
      );
    const counts = new Map<string, number>();
    for (const m of this.members)
      if (m.needsIp) counts.set(m.slot.unitId, (counts.get(m.slot.unitId) ?? 0) + 1);
    for (const [unit, count] of counts) {
      if (count > 253)
        ctx.problem(
          `${this.node.path}: ${count} machines on node '${unit}', at most 253 fit in its /24: spread them`,
        );
    }
    const keyName = (unitId: string): string => `${dottedPath(this)}.${unitId}.wireguard-key`;
    const accessKey = `${dottedPath(this)}.access.wireguard-key`;
    const b = this.prefix[1];
    if (this.wireguardAccess && nodes.length > 0) ctx.secret(accessKey, 'wireguard-private-key');
    const peersOf = peerLayout(
      nodes.map((n) => ({
        subnet: n.subnet,
        wgIp: n.wgIp,
        publicKey: wgPublicKeyPlaceholder(keyName(n.unitId)),
        endpoint: endpointPlaceholder(n.unitId, this.name),
      })),
      {
        ipRange: this.ipRange,
        wgRange: `100.64.${b}.0/24`,
        topology: this.topology,
        ...(this.wireguardAccess
          ? {
              access: {
                subnet: this.accessSubnet,
                wgIp: `100.64.${b}.1/32`,
                publicKey: wgPublicKeyPlaceholder(accessKey),
              },
            }
          : {}),
      },
    );
    nodes.forEach((n, i) => {
      const peers = peersOf[i];
      const data: Record<string, unknown> = {
        ip_range: this.ipRange,
        subnet: n.subnet,
        wireguard_private_key: ctx.secret(keyName(n.unitId), 'wireguard-private-key'),
        // a stable port; the engine moves it if the node reports it taken
        wireguard_listen_port: stableNumber(`${ctx.project}/${this.node.path}/${n.unitId}`, 2000, 9999),
        peers,
      };
      if (this.mycelium) {
        data.mycelium = {
          hex_key: ctx.secret(`${dottedPath(this)}.${n.unitId}.mycelium-key`, 'mycelium-key'),
          peers: [],
        };
      }
      ctx.unit(n.slot).add(this, {
        name: this.name,
        type: 'network',
        data,
        fields: { ip_range: 'ipRange', subnet: 'ipRange', mycelium: 'mycelium' },
      });
    });
  }
}
