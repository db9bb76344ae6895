/**
 * Wireguard routes for nodes without a public address (pure). Synth makes a network a mesh or a hub
 * (constructs/network-peers.ts); once nodes are chosen, the engine knows which units can be dialled.
 * A unit whose peers dial it (peers without a unit endpoint: the user's wireguard access, or the
 * spokes of a hub) must be public. A hub needs nothing more: its spokes dial it. In a mesh, two
 * hidden nodes cannot reach each other, so the network gets an access node (its public unit with
 * the smallest id):
 * - the access node peers with every unit (hidden ones dial it; their endpoint resolves to '');
 * - a hidden unit peers with the access node only, which carries the routes to every other unit;
 * - a public unit peers with the other public units directly and reaches hidden ones through the
 *   access node.
 */
import type { DeploymentUnit, ManifestWorkload } from '../constructs/manifest';

interface Peer {
  subnet: string;
  wireguard_public_key: string;
  allowed_ips: string[];
  endpoint: string;
}

const ENDPOINT = /^\$\{endpoint:([^/}]+)\/[^}]+\}$/;
const unitOf = (p: Peer): string | undefined => ENDPOINT.exec(p.endpoint)?.[1];

export class NetworkRouteError extends Error {}

/** Peers of a network workload that dial it (no unit endpoint to resolve): the user's wireguard access, a hub's spokes. */
function dialInPeers(w: ManifestWorkload): Peer[] {
  if (w.type !== 'network') return [];
  return ((w.data.peers as Peer[] | undefined) ?? []).filter((p) => unitOf(p) === undefined);
}

/** Whether peers dial the unit (it serves a network's wireguard access, or is a network's hub): then its node must have a public address. */
export function needsPublicAddress(unit: DeploymentUnit): boolean {
  return unit.workloads.some((w) => dialInPeers(w).length > 0);
}

/**
 * The unit with its network workloads' peers routed as above. `isPublic(unitId)` says whether the
 * unit's node has a public address. Throws NetworkRouteError when a network cannot be routed.
 */
export function routeNetworkPeers(
  unit: DeploymentUnit,
  isPublic: (unitId: string) => boolean,
): DeploymentUnit {
  let changed = false;
  const workloads = unit.workloads.map((w): ManifestWorkload => {
    if (w.type !== 'network') return w;
    const peers = (w.data.peers as Peer[] | undefined) ?? [];
    const members = [unit.id, ...peers.flatMap((p) => unitOf(p) ?? [])];
    const hidden = members.filter((m) => !isPublic(m));
    if (dialInPeers(w).length > 0 && !isPublic(unit.id)) {
      throw new NetworkRouteError(
        `network '${w.name}': unit '${unit.id}' is dialled by its peers (it serves the network's wireguard access, or is its hub), but its node has no public address: place that unit on a node with a public config, or turn wireguardAccess off and make the network a mesh (topology: 'mesh')`,
      );
    }
    if (hidden.length === 0 || members.length === 1) return w;
    const access = members.filter(isPublic).sort()[0];
    if (access === undefined) {
      throw new NetworkRouteError(
        `network '${w.name}': none of its nodes (units ${members.sort().join(', ')}) has a public address, so they cannot reach each other: place one of them on a node with a public config`,
      );
    }
    if (access === unit.id) return w;
    const viaAccess = new Set(peers.find((p) => unitOf(p) === access)!.allowed_ips);
    const kept = peers.filter((p) => {
      const other = unitOf(p);
      if (other === undefined || other === access) return true;
      if (isPublic(unit.id) && isPublic(other)) return true;
      // routed through the access node
      for (const ip of p.allowed_ips) viaAccess.add(ip);
      return false;
    });
    // a spoke of a hub peers with its hub only: nothing to route
    if (kept.length === peers.length) return w;
    const routed = kept.map((p) => (unitOf(p) === access ? { ...p, allowed_ips: [...viaAccess] } : p));
    changed = true;
    return { ...w, data: { ...w.data, peers: routed } };
  });
  return changed ? { ...unit, workloads } : unit;
}
