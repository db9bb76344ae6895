/**
 * The dev grid's grid proxy: grid-proxy's REST API (grid-protocol.md section 6) over HTTP on loopback,
 * answered from chain state and node statistics through a GridStateSource. Every request reads a fresh
 * snapshot, so the answers follow the chain without a cache to go stale.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProxyNode, ProxyNodeDetail } from '../../clients/proxy/types';
import {
  CONTRACT_PARAMS,
  CONTRACT_SORT_KEYS,
  contractMatches,
  FARM_PARAMS,
  FARM_SORT_KEYS,
  farmMatches,
  gridStats,
  TWIN_PARAMS,
  TWIN_SORT_KEYS,
  twinMatches,
} from './farm-twin-contract-query';
import {
  contractBills,
  nodeGpus,
  nodeStatistics,
  PUBLIC_IP_PARAMS,
  PUBLIC_IP_SORT_KEYS,
  publicIps,
  twinConsumption,
  UpstreamError,
} from './detail-endpoints';
import { GridSnapshot, takeSnapshot } from './grid-snapshot';
import type { GridStateSource } from './grid-state-source';
import { countHeaders, parseListQuery, parseParams, QueryError, sortAndPage } from './list-query';
import { NODE_PARAMS, NODE_SORT_KEYS, nodeMatches, rentedFirst, validateFeatures } from './node-query';

export interface GridProxyServerOptions {
  /** where chain records and node statistics come from */
  readonly source: GridStateSource;
  /** TCP port. @default 0 (an ephemeral port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
}

export interface GridProxyServer {
  /** base URL, e.g. `http://127.0.0.1:40123` */
  readonly url: string;
  /** stops listening and drops open connections */
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

class NotFound extends Error {}

const ENDPOINTS = [
  '/nodes',
  '/nodes/{id}',
  '/nodes/{id}/status',
  '/nodes/{id}/statistics',
  '/nodes/{id}/gpu',
  '/gateways',
  '/gateways/{id}',
  '/gateways/{id}/status',
  '/farms',
  '/twins',
  '/twins/{id}/consumption',
  '/contracts',
  '/contracts/{id}',
  '/contracts/{id}/bills',
  '/public_ips',
  '/stats',
  '/ping',
  '/version',
];

/** What `/version` answers (tfgridproxy's release version; GridClient probes it on connect). */
export const DEV_PROXY_VERSION = 'v0.0.0-devgrid';

export async function startGridProxy(options: GridProxyServerOptions): Promise<GridProxyServer> {
  const { source } = options;
  const server = http.createServer((req, res) => {
    answer(source, req)
      .catch((err: unknown): Answer => {
        if (err instanceof QueryError) return { status: 400, body: { error: err.message } };
        if (err instanceof NotFound) return { status: 404, body: { error: err.message } };
        if (err instanceof UpstreamError) return { status: 500, body: { error: err.message } };
        return {
          status: 500,
          body: { error: `grid state unavailable: ${(err as Error)?.message ?? String(err)}` },
        };
      })
      .then((a) => {
        res.writeHead(a.status, {
          'content-type': 'application/json',
          'access-control-allow-origin': '*',
          'access-control-expose-headers': '*',
          ...a.headers,
        });
        res.end(`${JSON.stringify(a.body)}\n`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function answer(source: GridStateSource, req: http.IncomingMessage): Promise<Answer> {
  if (req.method !== 'GET')
    return {
      status: 405,
      body: { error: `method ${req.method} not allowed; the grid proxy is read-only (GET)` },
    };
  const url = new URL(req.url ?? '/', 'http://proxy');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const query = url.searchParams;
  if (path === '/ping') return ok({ ping: 'pong' });
  if (path === '/version') return ok({ version: DEV_PROXY_VERSION });

  const byId =
    /^\/(nodes|gateways|contracts|twins)\/(\d+)(?:\/(status|statistics|gpu|bills|consumption))?$/.exec(path);
  if (byId) return answerById(source, byId[1], Number(byId[2]), byId[3], path);

  switch (path) {
    case '/nodes':
    case '/gateways':
      return listNodes(source, query, path === '/gateways');
    case '/farms':
      return listFarms(await takeSnapshot(source), query);
    case '/twins': {
      const { filters, limit } = parseListQuery(query, TWIN_PARAMS, Object.keys(TWIN_SORT_KEYS), 'Twin');
      const twins = (await takeSnapshot(source, { nodeReports: false })).twins.filter((t) =>
        twinMatches(t, filters),
      );
      return list(
        sortAndPage(twins, limit, TWIN_SORT_KEYS, (t) => t.twinId),
        countHeaders(twins.length, limit),
      );
    }
    case '/contracts': {
      const { filters, limit } = parseListQuery(
        query,
        CONTRACT_PARAMS,
        Object.keys(CONTRACT_SORT_KEYS),
        'Contract',
      );
      const contracts = (await takeSnapshot(source, { nodeReports: false })).contracts.filter((c) =>
        contractMatches(c, filters),
      );
      const page = sortAndPage(contracts, limit, CONTRACT_SORT_KEYS, (c) => c.contract_id);
      return list(page, countHeaders(contracts.length, limit));
    }
    case '/public_ips': {
      const { filters, limit } = parseListQuery(
        query,
        PUBLIC_IP_PARAMS,
        Object.keys(PUBLIC_IP_SORT_KEYS),
        'PublicIP',
      );
      const ips = publicIps(await takeSnapshot(source, { nodeReports: false }), filters);
      return list(
        sortAndPage(ips, limit, PUBLIC_IP_SORT_KEYS, (ip) => ip.id),
        countHeaders(ips.length, limit),
      );
    }
    case '/stats': {
      const { status } = parseParams(query, { status: 'stringList' });
      return ok(gridStats(await takeSnapshot(source), status as string[] | undefined));
    }
    default:
      throw new NotFound(`no such endpoint: ${path} (endpoints: ${ENDPOINTS.join(', ')})`);
  }
}

/** `/{kind}/{id}` and `/{kind}/{id}/{sub}`, as tfgridproxy routes them. */
async function answerById(
  source: GridStateSource,
  kind: string,
  id: number,
  sub: string | undefined,
  path: string,
): Promise<Answer> {
  const allowed: Record<string, (string | undefined)[]> = {
    nodes: [undefined, 'status', 'statistics', 'gpu'],
    gateways: [undefined, 'status'],
    contracts: [undefined, 'bills'],
    twins: ['consumption'],
  };
  if (!allowed[kind].includes(sub)) throw new NotFound(`no such endpoint: ${path}`);
  if (kind === 'twins') return ok(twinConsumption(await takeSnapshot(source, { nodeReports: false }), id));
  const snapshot = await takeSnapshot(
    source,
    kind === 'contracts' ? { nodeReports: false } : { nodeIds: [id] },
  );
  if (kind === 'contracts') {
    const contract = snapshot.contracts.find((c) => c.contract_id === id);
    if (!contract) throw new NotFound('contract not found');
    return ok(sub === 'bills' ? contractBills(snapshot, id) : contract);
  }
  const node = snapshot.nodes.find((n) => n.nodeId === id);
  if (!node) throw new NotFound('node not found');
  if (kind === 'gateways' && node.publicConfig.domain === '') throw new NotFound('gateway not found');
  if (sub === 'status') return ok({ status: node.status });
  if (sub === 'statistics') return ok(await nodeStatistics(source, node));
  if (sub === 'gpu') return ok(nodeGpus(node));
  return ok(nestCapacity(node));
}

async function listNodes(
  source: GridStateSource,
  query: URLSearchParams,
  gatewaysOnly: boolean,
): Promise<Answer> {
  const { filters, limit } = parseListQuery(query, NODE_PARAMS, Object.keys(NODE_SORT_KEYS), 'Node');
  validateFeatures(filters.features as string[] | undefined);
  // a listing that names its nodes asks only those for their statistics
  const named = [
    ...((filters.node_ids as number[] | undefined) ?? []),
    ...(filters.node_id !== undefined ? [filters.node_id as number] : []),
  ];
  const snapshot = await takeSnapshot(source, named.length ? { nodeIds: named } : {});
  // /gateways lists the nodes that serve gateways
  const effective = gatewaysOnly ? { ...filters, domain: true } : filters;
  const farms = new Map(snapshot.farms.map((f) => [f.farmId, f]));
  const nodes = snapshot.nodes.filter((n) => nodeMatches(n, effective, farms));
  const page = sortAndPage(nodes, limit, NODE_SORT_KEYS, (n) => n.nodeId, rentedFirst(filters));
  return list(page, countHeaders(nodes.length, limit));
}

function listFarms(snapshot: GridSnapshot, query: URLSearchParams): Answer {
  const { filters, limit } = parseListQuery(query, FARM_PARAMS, Object.keys(FARM_SORT_KEYS), 'Farm');
  validateFeatures(filters.node_features as string[] | undefined);
  const byId = new Map(snapshot.farms.map((f) => [f.farmId, f]));
  const farms = snapshot.farms.filter((f) => farmMatches(f, filters, snapshot.nodes, byId));
  return list(
    sortAndPage(farms, limit, FARM_SORT_KEYS, (f) => f.farmId),
    countHeaders(farms.length, limit),
  );
}

/** `/nodes/{id}` serves the nested-capacity node view, as grid-proxy does. */
function nestCapacity(node: ProxyNode): ProxyNodeDetail {
  const { total_resources, used_resources, ...rest } = node;
  return { ...rest, capacity: { total_resources, used_resources } };
}

function ok(body: unknown): Answer {
  return { status: 200, body };
}

function list(items: unknown[], headers: Record<string, string>): Answer {
  return { status: 200, body: items, headers };
}
