/**
 * The routes of a dev grid gateway node: which host name goes to which backends, round robin over
 * the healthy ones. Pure logic (no sockets) so routing is tested without servers; the clock is passed in.
 *
 * TLS passthrough: on the grid, a `tls_passthrough` route forwards the raw TLS stream chosen by SNI
 * to the backend. The dev grid has no certificates and no SNI listener, so passthrough routes are
 * accepted, recorded as such, and served as plain HTTP like the other routes (see `forwarding`).
 */

/** A route as the node's gateway workloads ask for it. */
export interface GatewayRoute {
  /** the workload id that owns the route (one route per gateway workload) */
  readonly id: string;
  /** the host name served: `<name>.<gateway domain>` for name gateways, the fqdn for fqdn gateways */
  readonly hostname: string;
  /** backends as in the workload: `http://ip:port` (or `ip:port` for passthrough routes) */
  readonly backends: readonly string[];
  /** the workload asked for TLS passthrough (served as plain HTTP on the dev grid) */
  readonly tlsPassthrough: boolean;
}

/** How the dev grid forwards a route. */
export type GatewayForwarding = 'http' | 'tls-passthrough-as-http';

/** A route as listed by the gateway: the route plus how it is really forwarded. */
export interface GatewayRouteInfo extends GatewayRoute {
  /** backend base URLs requests go to, normalized (`http://ip:port`) */
  readonly backendUrls: readonly string[];
  readonly forwarding: GatewayForwarding;
  /** one sentence for people reading the listing, e.g. why passthrough is plain HTTP here */
  readonly note: string;
}

const PASSTHROUGH_NOTE =
  'tls passthrough is emulated: the dev grid has no certificates, so this route is forwarded as plain HTTP by Host header';
const HTTP_NOTE = 'forwarded as HTTP by Host header, round robin over healthy backends';

/** `Host` header value to a route key: lower case, no port, no trailing dot. */
export function normalizeHostname(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    h = end > 0 ? h.slice(0, end + 1) : h;
  } else {
    const colon = h.lastIndexOf(':');
    if (colon >= 0 && h.indexOf(':') === colon) h = h.slice(0, colon);
  }
  return h.replace(/\.$/, '');
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** A backend as a base URL: `http://ip:port`; bare `ip:port` (passthrough style) gets `http://`. */
export function backendUrl(backend: string, routeId: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(backend) ? backend : `http://${backend}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(`gateway route '${routeId}': backend '${backend}' is not a URL; use http://<ip>:<port>`);
  }
  if (url.protocol !== 'http:') {
    throw new Error(
      `gateway route '${routeId}': backend '${backend}' must use http:// (the dev grid gateway does not speak TLS to backends)`,
    );
  }
  if (url.pathname !== '/' || url.search || url.username) {
    throw new Error(
      `gateway route '${routeId}': backend '${backend}' must be http://<ip>:<port> without path, query or credentials`,
    );
  }
  return `http://${url.host}`;
}

/** Validates a route and lists it with its normalized backends. */
export function describeRoute(route: GatewayRoute): GatewayRouteInfo {
  if (!route.id) throw new Error('gateway route needs an id (the gateway workload id)');
  const hostname = normalizeHostname(route.hostname);
  if (!HOSTNAME.test(hostname)) {
    throw new Error(`gateway route '${route.id}': hostname '${route.hostname}' is not a valid DNS name`);
  }
  if (route.backends.length === 0) {
    throw new Error(
      `gateway route '${route.id}' for '${hostname}' has no backends; give at least one http://<ip>:<port>`,
    );
  }
  return {
    id: route.id,
    hostname,
    backends: [...route.backends],
    tlsPassthrough: route.tlsPassthrough,
    backendUrls: route.backends.map((b) => backendUrl(b, route.id)),
    forwarding: route.tlsPassthrough ? 'tls-passthrough-as-http' : 'http',
    note: route.tlsPassthrough ? PASSTHROUGH_NOTE : HTTP_NOTE,
  };
}

interface RouteState {
  readonly info: GatewayRouteInfo;
  /** index of the next backend to try */
  next: number;
}

/** The gateway's routes by host name, with passive backend health. */
export class RouteTable {
  private readonly byId = new Map<string, RouteState>();
  private readonly byHost = new Map<string, string>();
  /** backend URL -> time (ms) until which it counts as down */
  private readonly downUntil = new Map<string, number>();

  /**
   * @param retryDownAfterMs a backend that failed is skipped for this long (ms); @default 5000
   */
  constructor(private readonly retryDownAfterMs = 5000) {}

  /** Adds a route, or replaces the route with the same id (a workload update). */
  add(route: GatewayRoute): GatewayRouteInfo {
    const info = describeRoute(route);
    const owner = this.byHost.get(info.hostname);
    if (owner !== undefined && owner !== info.id) {
      throw new Error(
        `gateway host '${info.hostname}' is already served by route '${owner}'; remove it before adding route '${info.id}'`,
      );
    }
    this.remove(info.id);
    this.byId.set(info.id, { info, next: 0 });
    this.byHost.set(info.hostname, info.id);
    return info;
  }

  /** Removes a route; removing an unknown id does nothing (deprovision is idempotent). */
  remove(id: string): boolean {
    const state = this.byId.get(id);
    if (!state) return false;
    this.byId.delete(id);
    this.byHost.delete(state.info.hostname);
    return true;
  }

  /** The route for a `Host` header, if any. */
  find(host: string): GatewayRouteInfo | undefined {
    const id = this.byHost.get(normalizeHostname(host));
    return id === undefined ? undefined : this.byId.get(id)?.info;
  }

  /** All routes, sorted by host name. */
  list(): GatewayRouteInfo[] {
    return [...this.byId.values()].map((s) => s.info).sort((a, b) => a.hostname.localeCompare(b.hostname));
  }

  /**
   * Backends of a route in the order to try them: round robin, healthy ones first. Backends marked
   * down come last rather than never, so a recovered backend is found again when all others fail.
   */
  pick(routeId: string, nowMs: number): string[] {
    const state = this.byId.get(routeId);
    if (!state) return [];
    const urls = state.info.backendUrls;
    const start = state.next % urls.length;
    state.next = (start + 1) % urls.length;
    const rotated = [...urls.slice(start), ...urls.slice(0, start)];
    const isDown = (u: string) => (this.downUntil.get(u) ?? 0) > nowMs;
    return [...rotated.filter((u) => !isDown(u)), ...rotated.filter(isDown)];
  }

  /** Records a failed connection to a backend. */
  markDown(backend: string, nowMs: number): void {
    this.downUntil.set(backend, nowMs + this.retryDownAfterMs);
  }

  /** Records a good answer from a backend. */
  markUp(backend: string): void {
    this.downUntil.delete(backend);
  }
}
