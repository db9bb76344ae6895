/** Gateway backends: where a gateway forwards traffic (shared by GatewayName and GatewayFqdn). */
import type { IConstruct } from 'constructs';
import { isPlainObject, type Checker } from './errors';
import { Machine } from './machine';
import type { Network } from './network';
import { parseIpv4 } from './network';

/** A backend url/address, or a machine of the gateway's network and a port. */
export type GatewayBackend = string | { readonly machine: Machine; readonly port: number };

function isIp(host: string): boolean {
  if (parseIpv4(host)) return true;
  return /^\[[0-9a-fA-F:.]+\]$/.test(host) && host.includes(':');
}

function isLoopback(host: string): boolean {
  return host.startsWith('127.') || host === '[::1]';
}

/** Checks backends as zos does: 'ip:port' with tls passthrough, else 'http://<non-loopback ip>[:port]'. */
export function checkBackends(
  c: Checker,
  backends: GatewayBackend[] | undefined,
  passthrough: boolean,
  network: Network | undefined,
): void {
  if (
    !c.check(
      Array.isArray(backends) && backends.length > 0,
      'backends',
      backends,
      'a non-empty list',
      'add at least one backend such as "http://10.20.2.2:8080"',
    )
  )
    return;
  backends!.forEach((b, i) => {
    const field = `backends[${i}]`;
    if (typeof b !== 'string') {
      if (
        !c.check(
          isPlainObject(b),
          field,
          b,
          'a url string or {machine, port}',
          'write e.g. "http://10.20.2.2:8080" or {machine: vm, port: 8080}',
        )
      )
        return;
      c.integer(`${field}.port`, b.port, 1, 65535, 'give the port the machine serves on');
      if (
        !c.instance(
          `${field}.machine`,
          b.machine,
          Machine,
          'a Machine',
          'pass a Machine of the gateway network',
        )
      )
        return;
      if (!network || b.machine.network !== network) {
        c.fail(
          `${field}.machine`,
          b.machine.node.path,
          "in the gateway's network",
          `set the gateway's network to the machine's network (${b.machine.network.node.path})`,
        );
      }
      return;
    }
    if (passthrough) {
      const m = /^(.+):(\d{1,5})$/.exec(b);
      const ok = !!m && isIp(m[1]) && !isLoopback(m[1]) && Number(m[2]) <= 65535;
      c.check(ok, field, b, "'ip:port' (tls passthrough forwards raw TLS)", 'write e.g. "10.20.2.2:443"');
    } else {
      const m = /^http:\/\/([^/:]+|\[[^\]]+\])(:\d{1,5})?\/?$/.exec(b); // zos accepts http:// only
      const ok = !!m && isIp(m[1]) && !isLoopback(m[1]);
      c.check(
        ok,
        field,
        b,
        "'http://<ip>[:port]' with a non-loopback ip",
        'write e.g. "http://10.20.2.2:8080"',
      );
    }
  });
}

/** The backend strings, machines resolved to their private IPs (known at synth). */
export function renderBackends(backends: GatewayBackend[], passthrough: boolean, _by: IConstruct): string[] {
  return backends.map((b) => {
    if (typeof b === 'string') return b;
    return passthrough ? `${b.machine.privateIp}:${b.port}` : `http://${b.machine.privateIp}:${b.port}`;
  });
}
