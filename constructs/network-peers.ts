/**
 * The wireguard peers of each node of a network (pure): a mesh or a hub.
 *
 * zos routes the network's whole range into the node's wireguard interface, and wireguard sends a
 * packet to the peer whose `allowed_ips` hold its destination (the longest prefix wins). So:
 * - mesh: every node lists every other node (its subnet and wireguard address): direct paths, but
 *   n·(n-1) peers in all, and adding a node updates every node;
 * - hub: the network's first node (the hub) lists every other node, and every other node lists the
 *   hub only, with the whole range behind it: 2·(n-1) peers, one more hop between two spokes, all
 *   their traffic through the hub, and the hub a single point of failure. The hub's peers have no
 *   endpoint: the spokes dial it (zos keeps every peer alive every 20 s), so the hub must have a
 *   public address and hidden nodes can be spokes.
 * In both, every peer's `allowed_ips` cover its subnet and no node lists its own subnet as a peer.
 * The user's wireguard access peer (a laptop, no endpoint) lives on the first node.
 */

/** How a network's nodes reach each other (see the file comment). */
export type NetworkTopology = 'auto' | 'mesh' | 'hub';

/** The topologies a Network accepts. */
export const NETWORK_TOPOLOGIES: readonly NetworkTopology[] = ['auto', 'mesh', 'hub'];

/** With 'auto', networks of at most this many nodes are a mesh, bigger ones a hub. */
export const MESH_MAX_NODES = 16;

/** A network workload's peer, as zos reads it. */
export interface WireguardPeerSpec {
  subnet: string;
  wireguard_public_key: string;
  allowed_ips: string[];
  endpoint: string;
}

/** One node of the network, in subnet order. */
export interface PeerNode {
  /** the node's /24 */
  readonly subnet: string;
  /** its wireguard address, 100.64.x.y/32 */
  readonly wgIp: string;
  /** its wireguard public key (a placeholder at synth) */
  readonly publicKey: string;
  /** where its wireguard listens (a placeholder at synth) */
  readonly endpoint: string;
}

export interface PeerLayoutOptions {
  /** the network's /16 */
  readonly ipRange: string;
  /** the range of the network's wireguard addresses, 100.64.x.0/24 */
  readonly wgRange: string;
  readonly topology: NetworkTopology;
  /** the user's wireguard access peer, on the first node */
  readonly access?: { readonly subnet: string; readonly wgIp: string; readonly publicKey: string };
}

/** The topology a network of `nodes` nodes gets. */
export function effectiveTopology(topology: NetworkTopology, nodes: number): 'mesh' | 'hub' {
  if (topology !== 'auto') return topology;
  return nodes > MESH_MAX_NODES ? 'hub' : 'mesh';
}

/** The peers of every node, in the order of `nodes`. */
export function peerLayout(nodes: readonly PeerNode[], o: PeerLayoutOptions): WireguardPeerSpec[][] {
  const accessPeer: WireguardPeerSpec[] = o.access
    ? [
        {
          subnet: o.access.subnet,
          wireguard_public_key: o.access.publicKey,
          allowed_ips: [o.access.subnet, o.access.wgIp],
          endpoint: '',
        },
      ]
    : [];
  if (nodes.length === 0) return [];
  const first = nodes[0];
  if (effectiveTopology(o.topology, nodes.length) === 'hub') {
    // the spokes dial the hub, and send it everything of the network that is not theirs
    const hubPeers = nodes.slice(1).map((p) => ({
      subnet: p.subnet,
      wireguard_public_key: p.publicKey,
      allowed_ips: [p.subnet, p.wgIp],
      endpoint: '',
    }));
    return nodes.map((_, i) =>
      i === 0
        ? [...hubPeers, ...accessPeer]
        : [
            {
              subnet: first.subnet,
              wireguard_public_key: first.publicKey,
              allowed_ips: [o.ipRange, o.wgRange],
              endpoint: first.endpoint,
            },
          ],
    );
  }
  return nodes.map((n, i) => {
    const peers = nodes
      .filter((p) => p !== n)
      .map((p) => ({
        subnet: p.subnet,
        wireguard_public_key: p.publicKey,
        // the first node also routes the access subnet
        allowed_ips: [p.subnet, p.wgIp, ...(o.access && p === first ? [o.access.subnet] : [])],
        endpoint: p.endpoint,
      }));
    return i === 0 ? [...peers, ...accessPeer] : peers;
  });
}
