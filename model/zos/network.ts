/**
 * `network`: the part of a private wireguard network on one node (its subnet, key, port and
 * the other peers), optionally with mycelium. Sharable: machines of the same twin in other
 * deployments on the node may join it by name.
 */
import { canonicalCidr, canonicalHex, goStr, goUint } from './canonical';
import { isObject, ProblemList } from './field-checks';
import type { NetworkData, NetworkMycelium, WireguardPeer } from './types';
import { zeroCapacity } from './types';
import { defineWorkloadType } from './workload-type';

/** Length of a network's mycelium key, bytes. */
export const MYCELIUM_KEY_LEN = 32;

/** A peer's part of the challenge: public key, endpoint, subnet, allowed ips. */
export function peerChallenge(peer: WireguardPeer): string {
  let out = goStr(peer.wireguard_public_key) + goStr(peer.endpoint) + canonicalCidr(peer.subnet);
  for (const ip of peer.allowed_ips ?? []) out += canonicalCidr(ip);
  return out;
}

/** The mycelium part of the challenge: hex key (lowercase) then each peer. */
export function networkMyceliumChallenge(m: NetworkMycelium | null | undefined): string {
  if (!m) return '';
  return canonicalHex(m.hex_key) + (m.peers ?? []).join('');
}

/** The challenge shared by network and network-light (zos writes the same fields in the same order). */
export function wireguardChallenge(d: Partial<NetworkData>): string {
  let out =
    canonicalCidr(d.ip_range) +
    canonicalCidr(d.subnet) +
    goStr(d.wireguard_private_key) +
    goUint(d.wireguard_listen_port);
  for (const peer of d.peers ?? []) out += peerChallenge(peer);
  return out;
}

/** zos Mycelium.Valid: a 32-byte key and no user-defined peers. */
export function validateNetworkMycelium(p: ProblemList, m: unknown): void {
  const my = isObject(m) ? m : {};
  p.hex(
    'mycelium.hex_key',
    my.hex_key,
    MYCELIUM_KEY_LEN,
    `invalid mycelium key length, expected ${MYCELIUM_KEY_LEN}`,
    'set hex_key to 64 hex characters (32 random bytes), kept so the network keeps its mycelium addresses',
  );
  if (p.list('mycelium.peers', my.peers).length !== 0) {
    p.add('mycelium.peers', 'user defined peers list is not supported right now', 'set mycelium.peers to []');
  }
}

/** Shape checks for the wireguard fields and zos Peer.Valid for each peer (when `checkPeers`). */
export function validateWireguardFields(p: ProblemList, d: Partial<NetworkData>, checkPeers: boolean): void {
  p.cidr('ip_range', d.ip_range, true, 'set ip_range to an IPv4 /16, e.g. 10.20.0.0/16');
  p.cidr('subnet', d.subnet, true, 'set subnet to a /24 inside ip_range, e.g. 10.20.2.0/24');
  p.str('wireguard_private_key', d.wireguard_private_key, true, true);
  if (d.wireguard_listen_port !== undefined)
    p.uint(
      'wireguard_listen_port',
      d.wireguard_listen_port,
      16,
      'pick a free port from zos.network.list_wg_ports (1..65535)',
    );
  p.list('peers', d.peers).forEach((raw, i) => {
    const peer = isObject(raw) ? raw : {};
    const f = `peers[${i}]`;
    p.cidr(`${f}.subnet`, peer.subnet, true, 'set the peer subnet, e.g. 10.20.3.0/24');
    p.str(`${f}.endpoint`, peer.endpoint);
    p.str(`${f}.wireguard_public_key`, peer.wireguard_public_key);
    const allowed = p.list(`${f}.allowed_ips`, peer.allowed_ips);
    allowed.forEach((ip, j) =>
      p.cidr(`${f}.allowed_ips[${j}]`, ip, false, 'write allowed ips as CIDRs, e.g. 10.20.3.0/24'),
    );
    if (!checkPeers) return;
    if (!peer.subnet) p.add(`${f}.subnet`, 'peer wireguard subnet cannot empty', "set the peer's subnet");
    if (allowed.length === 0)
      p.add(
        `${f}.allowed_ips`,
        'peer wireguard allowedIPs cannot empty',
        "list the peer's subnet (and routed ranges) in allowed_ips",
      );
    if (!peer.wireguard_public_key)
      p.add(
        `${f}.wireguard_public_key`,
        'peer wireguard public key cannot empty',
        "set the peer's wireguard public key",
      );
  });
}

export const networkType = defineWorkloadType<NetworkData>({
  type: 'network',
  updatable: true,
  sharable: true,

  validate(d, ctx) {
    const p = new ProblemList(ctx.path);
    validateWireguardFields(p, d, true);
    if (!d.ip_range)
      p.add('ip_range', 'network IP range cannot be empty', 'set ip_range to an IPv4 /16, e.g. 10.20.0.0/16');
    if (!d.subnet)
      p.add(
        'subnet',
        'network resource subnet cannot empty',
        'set subnet to a /24 inside ip_range, e.g. 10.20.2.0/24',
      );
    if (!d.wireguard_private_key)
      p.add(
        'wireguard_private_key',
        'network resource wireguard private key cannot empty',
        'generate a wireguard private key (base64) for this node',
      );
    if (d.mycelium !== undefined && d.mycelium !== null) validateNetworkMycelium(p, d.mycelium);
    return p.problems;
  },

  challenge(d) {
    return wireguardChallenge(d) + networkMyceliumChallenge(d.mycelium);
  },

  capacity: () => zeroCapacity(),
});
