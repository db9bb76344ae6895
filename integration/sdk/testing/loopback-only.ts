/**
 * Keeps a process's traffic on loopback: every TCP/TLS connection (they all go through
 * `net.Socket.prototype.connect`, before any DNS lookup) to a host other than 127.0.0.1, ::1 or
 * localhost is refused with an error naming the host, before a socket opens, and recorded. Used
 * where ThreeFold's SDK runs against a dev grid, so that a public address it hard-codes can never
 * be reached, and a test can check that none was even tried.
 */
import * as net from 'net';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

/** Hosts a connection was refused to, in order, since `keepTrafficOnLoopback()`. */
export const refusedHosts: string[] = [];

let installed = false;

/** Where a `Socket.connect(...)` call goes: its host, or undefined for a unix socket path. */
function targetHost(args: unknown[]): string | undefined {
  let first = args[0];
  // net.connect passes [options, callback] as one normalized array
  if (Array.isArray(first)) first = first[0];
  if (typeof first === 'object' && first !== null) {
    const o = first as { host?: string; path?: string };
    if (o.path !== undefined) return undefined;
    return o.host ?? 'localhost';
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined; // a pipe path
  return typeof args[1] === 'string' ? args[1] : 'localhost';
}

/** Installs the guard in this process (once). */
export function keepTrafficOnLoopback(): void {
  if (installed) return;
  installed = true;
  const connect = net.Socket.prototype.connect as (...a: unknown[]) => net.Socket;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const host = targetHost(args);
    if (host !== undefined && !LOOPBACK.has(host.replace(/^\[|\]$/g, ''))) {
      refusedHosts.push(host);
      throw new Error(
        `refused a connection to ${host}: this process talks to the dev grid on loopback only`,
      );
    }
    return connect.apply(this, args);
  } as typeof net.Socket.prototype.connect;
}
