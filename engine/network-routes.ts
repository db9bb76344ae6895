/**
 * Wireguard routes for nodes without a public address (pure). Synth makes every network a full
 * mesh; once nodes are chosen, the engine knows which units can be dialled. Two hidden nodes cannot
 * reach each other, so the network gets an access node (its public unit with the smallest id):
 * - the access node peers with every unit (hidden ones dial it; their endpoint resolves to '');
 * - a hidden unit peers with the access node only, which carries the routes to every other unit;
 * - a public unit peers with the other public units directly and reaches hidden ones through the
 *   access node.
 * The user's wireguard access peer lives on the network's first unit, which must be public.
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

/** Peers of a network workload that are the user's wireguard access (no unit endpoint to resolve). */
function userPeers(w: ManifestWorkload): Peer[] {
  if (w.type !== 'network') return [];
  return ((w.data.peers as Peer[] | undefined) ?? []).filter((p) => unitOf(p) === undefined);
}

/** Whether the unit serves a network's wireguard access: then its node must have a public address. */
export function servesWireguardAccess(unit: DeploymentUnit): boolean {
  return unit.workloads.some((w) => userPeers(w).length > 0);
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
    const peers = ((w.data.peers as Peer[] | undefined) ?? []).map((p) => ({
      ...p,
      allowed_ips: [...p.allowed_ips],
    }));
    const members = [unit.id, ...peers.flatMap((p) => unitOf(p) ?? [])];
    const hidden = members.filter((m) => !isPublic(m));
    if (userPeers(w).length > 0 && !isPublic(unit.id)) {
      throw new NetworkRouteError(
        `network '${w.name}': its wireguard access is served by unit '${unit.id}', whose node has no public address: place that unit on a node with a public config, or turn wireguardAccess off`,
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
    const accessPeer = peers.find((p) => unitOf(p) === access)!;
    const kept = peers.filter((p) => {
      const other = unitOf(p);
      if (other === undefined || other === access) return true;
      if (isPublic(unit.id) && isPublic(other)) return true;
      // routed through the access node
      for (const ip of p.allowed_ips)
        if (!accessPeer.allowed_ips.includes(ip)) accessPeer.allowed_ips.push(ip);
      return false;
    });
    changed = true;
    return { ...w, data: { ...w.data, peers: kept } };
  });
  return changed ? { ...unit, workloads } : unit;
}
