/**
 * Grid proxy REST client (grid-protocol.md section 6), for the public networks' proxies and the dev
 * grid's. List calls page through every page unless a page is asked for.
 */
import { GridProxyError } from './errors';
import {
  CONTRACT_FILTER_PARAMS,
  ContractFilters,
  FARM_FILTER_PARAMS,
  FarmFilters,
  NODE_FILTER_PARAMS,
  NodeFilters,
  TWIN_FILTER_PARAMS,
  TwinFilters,
  toQuery,
} from './filters';
import {
  flattenNodeDetail,
  ProxyContract,
  ProxyFarm,
  ProxyNode,
  ProxyNodeDetail,
  ProxyNodeStatus,
  ProxyPing,
  ProxyStats,
  ProxyTwin,
} from './types';

export interface GridProxyClientOptions {
  /** per-request deadline, milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** page size used when paging through all pages. @default 100 */
  readonly pageSize?: number;
  /** refuse to page further than this (guards against a proxy that never stops). @default 1000 */
  readonly maxPages?: number;
}

/** One page of a list endpoint. */
export interface ProxyPage<T> {
  readonly items: T[];
  /** total matching items, when the proxy sent the `count` header (`retCount: true`) */
  readonly count?: number;
}

export class GridProxyClient {
  /** base URL without trailing slash, e.g. `https://gridproxy.grid.tf` */
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly pageSize: number;
  private readonly maxPages: number;

  constructor(baseUrl: string, options: GridProxyClientOptions = {}) {
    let parsed: URL;
    try {
      parsed = new URL(baseUrl);
    } catch {
      throw new Error(`grid proxy: invalid base url '${baseUrl}' (expected e.g. https://gridproxy.grid.tf)`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new Error(`grid proxy: base url '${baseUrl}' must be http or https`);
    }
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.pageSize = options.pageSize ?? 100;
    this.maxPages = options.maxPages ?? 1000;
  }

  /** Nodes matching the filters (every page unless `filters.page` is set). */
  nodes(filters: NodeFilters = {}): Promise<ProxyNode[]> {
    return this.list<ProxyNode>('/nodes', filters, NODE_FILTER_PARAMS);
  }

  /** One page of nodes, with the total count. */
  nodesPage(filters: NodeFilters = {}): Promise<ProxyPage<ProxyNode>> {
    return this.page<ProxyNode>('/nodes', { retCount: true, ...filters }, NODE_FILTER_PARAMS);
  }

  /** Gateway nodes (nodes with a domain) matching the filters. */
  gateways(filters: NodeFilters = {}): Promise<ProxyNode[]> {
    return this.list<ProxyNode>('/gateways', filters, NODE_FILTER_PARAMS);
  }

  /** One node; throws GridProxyError with `notFound` when the proxy does not know it. */
  async node(nodeId: number): Promise<ProxyNode> {
    checkId('node id', nodeId);
    const { body } = await this.get<ProxyNodeDetail>(`/nodes/${nodeId}`);
    return flattenNodeDetail(body);
  }

  /** The status the proxy derives for a node. */
  async nodeStatus(nodeId: number): Promise<ProxyNodeStatus> {
    checkId('node id', nodeId);
    const { body } = await this.get<{ status: ProxyNodeStatus }>(`/nodes/${nodeId}/status`);
    return body.status;
  }

  farms(filters: FarmFilters = {}): Promise<ProxyFarm[]> {
    return this.list<ProxyFarm>('/farms', filters, FARM_FILTER_PARAMS);
  }

  twins(filters: TwinFilters = {}): Promise<ProxyTwin[]> {
    return this.list<ProxyTwin>('/twins', filters, TWIN_FILTER_PARAMS);
  }

  contracts(filters: ContractFilters = {}): Promise<ProxyContract[]> {
    return this.list<ProxyContract>('/contracts', filters, CONTRACT_FILTER_PARAMS);
  }

  /** Grid totals; `status` counts only nodes with that status (the proxy's default counts all). */
  async stats(
    filters: { readonly status?: ProxyNodeStatus | readonly ProxyNodeStatus[] } = {},
  ): Promise<ProxyStats> {
    const query = toQuery(filters, { status: 'status' });
    return (await this.get<ProxyStats>('/stats', query)).body;
  }

  /** Resolves when the proxy answers `/ping` with pong. */
  async ping(): Promise<ProxyPing> {
    const { body, url } = await this.get<ProxyPing>('/ping');
    if (body?.ping !== 'pong')
      throw new GridProxyError(url, 200, `unexpected ping answer ${JSON.stringify(body)}`);
    return body;
  }

  private async list<T>(path: string, filters: object, names: Record<string, string>): Promise<T[]> {
    const paging = filters as { page?: number; size?: number };
    if (paging.page !== undefined) return (await this.page<T>(path, filters, names)).items;
    const size = paging.size ?? this.pageSize;
    const all: T[] = [];
    for (let page = 1; page <= this.maxPages; page++) {
      const { items, count } = await this.page<T>(path, { ...filters, retCount: true, size, page }, names);
      all.push(...items);
      if (items.length < size || (count !== undefined && all.length >= count)) return all;
    }
    throw new GridProxyError(
      `${this.baseUrl}${path}`,
      undefined,
      `more than ${this.maxPages} pages of ${size}; narrow the filters or raise maxPages`,
    );
  }

  private async page<T>(path: string, filters: object, names: Record<string, string>): Promise<ProxyPage<T>> {
    const { body, headers, url } = await this.get<T[]>(path, toQuery(filters, names));
    if (!Array.isArray(body)) throw new GridProxyError(url, 200, 'expected a JSON array');
    const countHeader = headers.get('count');
    if (countHeader === null) return { items: body };
    const count = Number(countHeader);
    if (!Number.isInteger(count) || count < 0) {
      throw new GridProxyError(url, 200, `invalid count header '${countHeader}'`);
    }
    return { items: body, count };
  }

  private async get<T>(
    path: string,
    query?: URLSearchParams,
  ): Promise<{ body: T; headers: Headers; url: string }> {
    const qs = query?.toString();
    const url = `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const detail =
        e.name === 'TimeoutError' || e.name === 'AbortError'
          ? `no answer within ${this.timeoutMs} ms`
          : (e.cause?.code ?? e.cause?.message ?? e.message);
      throw new GridProxyError(url, undefined, detail, 'is the proxy url right and the proxy reachable?');
    }
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      throw new GridProxyError(url, response.status, `could not read the body: ${(err as Error).message}`);
    }
    if (!response.ok) throw new GridProxyError(url, response.status, errorDetail(text, response.statusText));
    try {
      return { body: JSON.parse(text) as T, headers: response.headers, url };
    } catch {
      throw new GridProxyError(url, response.status, `invalid JSON body: ${text.slice(0, 200)}`);
    }
  }
}

/** The proxy answers errors as `{"error": "..."}`; anything else is shown truncated. */
function errorDetail(text: string, statusText: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed?.error === 'string') return parsed.error;
  } catch {
    // not JSON: fall through
  }
  return text.trim() ? text.trim().slice(0, 200) : statusText;
}

function checkId(what: string, id: number): void {
  if (!Number.isInteger(id) || id <= 0)
    throw new Error(`grid proxy: ${what} must be a positive integer, got ${id}`);
}
