/**
 * What both gateway types share (zos's gw.go): TLS passthrough, backends and an optional
 * private network to reach them through.
 */
import { goBool, parseIp, to4 } from './canonical';
import type { ProblemList } from './field-checks';
import { findWorkload, type ValidationContext } from './workload-type';

/** The fields both gateway types carry. */
export interface GatewayBaseData {
  tls_passthrough: boolean;
  backends: string[];
  network?: string | null;
}

/** Host and port of `host:port` or `[v6]:port`, like Go's net.SplitHostPort; undefined when malformed. */
function splitHostPort(s: string): { host: string; port: string } | undefined {
  if (s.startsWith('[')) {
    const m = /^\[([^\]]*)\]:([^:]*)$/.exec(s);
    return m ? { host: m[1], port: m[2] } : undefined;
  }
  const i = s.lastIndexOf(':');
  if (i < 0 || s.slice(0, i).includes(':') || s.slice(0, i).includes('[') || s.slice(0, i).includes(']'))
    return undefined;
  return { host: s.slice(0, i), port: s.slice(i + 1) };
}

function isLoopback(bytes: readonly number[]): boolean {
  const v4 = to4(bytes);
  if (v4) return v4[0] === 127;
  return bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1;
}

/**
 * Why a backend is invalid, or undefined when zos accepts it: with passthrough `ip:port`,
 * otherwise `http://<ip>[:port][/path]` with a non-loopback IP.
 */
export function backendError(backend: string, tlsPassthrough: boolean): string | undefined {
  if (typeof backend !== 'string') return 'backend must be a string';
  if (tlsPassthrough) {
    const hp = splitHostPort(backend);
    if (!hp) return `failed to parse backend ${backend}: expected ip:port`;
    if (!parseIp(hp.host)) return 'invalid ip';
    if (!/^[0-9]+$/.test(hp.port)) return `invalid port in backend: ${hp.port}`;
    if (Number(hp.port) > 65535) return `port '${hp.port}' must be <= 65535`;
    return undefined;
  }
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)(.*)$/.exec(backend);
  if (!m) return 'scheme expected to be http';
  if (m[1].toLowerCase() !== 'http') return 'scheme expected to be http';
  const authority = m[2].slice(m[2].lastIndexOf('@') + 1);
  let host = authority;
  let port = '';
  if (authority.startsWith('[')) {
    const b = /^\[([^\]]*)\](?::(.*))?$/.exec(authority);
    if (!b) return `failed to parse backend ${backend}`;
    host = b[1];
    port = b[2] ?? '';
  } else if (authority.includes(':')) {
    const i = authority.lastIndexOf(':');
    host = authority.slice(0, i);
    port = authority.slice(i + 1);
  }
  if (!/^[0-9]*$/.test(port)) return `invalid port ":${port}" after host`;
  const ip = parseIp(host);
  if (!ip || isLoopback(ip.bytes)) return `invalid ip address in backend: ${host}`;
  return undefined;
}

/** Backends and network checks (zos GatewayBase.Valid plus the network reference). */
export function validateGatewayBase(p: ProblemList, d: GatewayBaseData, ctx: ValidationContext): void {
  p.bool('tls_passthrough', d.tls_passthrough);
  const backends = p.list('backends', d.backends);
  if (backends.length === 0) p.add('backends', 'backends list can not be empty', 'add at least one backend');
  const fix = d.tls_passthrough
    ? 'with tls_passthrough write backends as ip:port, e.g. 10.20.2.2:443'
    : 'write backends as http://<ip>[:port] with a non-loopback ip, e.g. http://10.20.2.2:8080';
  backends.forEach((b, i) => {
    const err = backendError(b as string, Boolean(d.tls_passthrough));
    if (err) p.add(`backends[${i}]`, `failed to validate backend '${String(b)}': ${err}`, fix, b);
  });
  if (d.network !== undefined && d.network !== null) {
    if (!p.str('network', d.network)) return;
    const wl = findWorkload(ctx, d.network);
    const shared = (ctx.sharedNetworks ?? []).includes(d.network);
    if (wl && wl.type !== 'network' && wl.type !== 'network-light') {
      p.add(
        'network',
        `workload '${d.network}' is a '${wl.type}', not a network`,
        'name a network workload',
        d.network,
      );
    } else if (!wl && !shared) {
      p.add(
        'network',
        `no network named '${d.network}' in this deployment`,
        'add the network to this deployment (or to another deployment of the same twin on this node and pass it as a shared network), or remove network',
        d.network,
      );
    }
  }
}

/** tls_passthrough, each backend as written, then the network when set. */
export function gatewayBaseChallenge(d: GatewayBaseData): string {
  let out = goBool(d.tls_passthrough) + (d.backends ?? []).join('');
  if (d.network !== undefined && d.network !== null) out += d.network;
  return out;
}
