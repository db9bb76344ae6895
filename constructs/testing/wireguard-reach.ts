/**
 * Wireguard forwarding over a network's nodes, for tests: a packet for an address leaves a node
 * through the peer whose allowed_ips hold the address (longest prefix, as wireguard's cryptokey
 * routing does), arrives at the node with that peer's public key, which accepts it only when its
 * peer for the sender allows the packet's source, and is delivered where the address is in the
 * node's own subnet or is its wireguard address. IPv4 only.
 */
import type { WireguardPeerSpec } from '../network-peers';

/** One node's network workload, as far as routing goes. */
export interface WireguardNode {
  readonly subnet: string;
  readonly wgIp: string;
  /** the public key the other nodes' peers name it by */
  readonly publicKey: string;
  readonly peers: readonly WireguardPeerSpec[];
}

function ipv4(s: string): number {
  const parts = s.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    throw new Error(`not an IPv4 address: ${s}`);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

interface Net {
  readonly base: number;
  readonly mask: number;
  readonly len: number;
}

function net(cidr: string): Net {
  const [addr, bits] = cidr.split('/');
  const len = Number(bits);
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return { base: (ipv4(addr) & mask) >>> 0, mask, len };
}

const holds = (n: Net, ip: number): boolean => (ip & n.mask) >>> 0 === n.base;

/** True when every address of `inner` is in `outer`. */
export function covers(outer: string, inner: string): boolean {
  const o = net(outer);
  return o.len <= net(inner).len && holds(o, ipv4(inner.split('/')[0]));
}

interface ParsedNode {
  readonly own: Net[];
  /** per peer: the node it names (index, or undefined) and its allowed ips */
  readonly peers: { readonly to: number | undefined; readonly allowed: Net[] }[];
  /** sender's public key -> the allowed ips of the peer for it */
  readonly from: Map<string, Net[]>;
}

/** Indexes the nodes once (public keys, parsed CIDRs), for many `pathTo` calls. */
export class WireguardNetwork {
  private readonly parsed: ParsedNode[];

  constructor(readonly nodes: readonly WireguardNode[]) {
    const byKey = new Map(nodes.map((n, i) => [n.publicKey, i]));
    this.parsed = nodes.map((n) => ({
      own: [net(n.subnet), net(n.wgIp)],
      peers: n.peers.map((p) => ({ to: byKey.get(p.wireguard_public_key), allowed: p.allowed_ips.map(net) })),
      from: new Map(n.peers.map((p) => [p.wireguard_public_key, p.allowed_ips.map(net)])),
    }));
  }

  /**
   * The nodes (indices) a packet from node `from` (source: its subnet's `.2`) to `ip` passes,
   * ending at the node that owns `ip`; undefined when it is dropped (no peer, a peer that is no
   * node, a source the receiver does not allow from that peer, or a loop).
   */
  pathTo(from: number, ip: string): number[] | undefined {
    const dst = ipv4(ip);
    const src = ipv4(this.nodes[from].subnet.replace(/\.0\/24$/, '.2'));
    const path = [from];
    let at = from;
    while (!this.parsed[at].own.some((n) => holds(n, dst))) {
      // the peer whose allowed ips hold the destination with the longest prefix
      let next: number | undefined;
      let bestLen = -1;
      for (const p of this.parsed[at].peers)
        for (const a of p.allowed)
          if (a.len > bestLen && holds(a, dst)) {
            next = p.to;
            bestLen = a.len;
          }
      if (bestLen < 0 || next === undefined || path.includes(next)) return undefined;
      const back = this.parsed[next].from.get(this.nodes[at].publicKey);
      if (!back || !back.some((a) => holds(a, src))) return undefined;
      path.push(next);
      at = next;
    }
    return path;
  }
}
