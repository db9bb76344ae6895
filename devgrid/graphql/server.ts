/**
 * The dev grid's GraphQL indexer API on loopback: the grid's GraphQL schema (tfchain_graphql's
 * entities, with the query API its server generates), executed by graphql-js over rows read fresh
 * from the chain and the indexer for every request. POST `{query, variables, operationName}` as
 * JSON to `/graphql` (or GET `/graphql?query=…`), as the grid's clients do.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { graphql, GraphQLObjectType, parse, validate, type GraphQLSchema } from 'graphql';
import type { GridStateSource } from '../proxy/grid-state-source';
import { gridRows, type EntityRows } from './grid-records';
import { QueryEngine, type ConnectionArgs, type ListArgs, type Row } from './query-engine';
import { querySchema, schemaModel, type SchemaModel } from './query-schema';

export interface GraphqlServerOptions {
  /** chain records and indexed events */
  readonly source: GridStateSource;
  /** TCP port. @default 0 (an ephemeral port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
}

export interface GraphqlServer {
  /** the endpoint clients post to, e.g. `http://127.0.0.1:40125/graphql` */
  readonly url: string;
  close(): Promise<void>;
}

/** Largest request body accepted, bytes. */
const MAX_BODY = 1024 * 1024;

export async function startGraphqlServer(options: GraphqlServerOptions): Promise<GraphqlServer> {
  const model = schemaModel();
  const schema = querySchema(model);
  const engine = new QueryEngine(model);
  resolveDerivedLists(schema, model, engine);
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': 'content-type',
        'access-control-allow-methods': 'GET, POST',
      });
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://graphql');
    if (url.pathname !== '/graphql' && url.pathname !== '/')
      return reply(404, { errors: [{ message: `no such endpoint: ${url.pathname} (POST /graphql)` }] });
    readRequest(req, url)
      .then((request) => execute(schema, model, engine, options.source, request))
      .then(([status, body]) => reply(status, body))
      .catch((err: unknown) => reply(400, { errors: [{ message: (err as Error).message }] }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}/graphql`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

async function readRequest(req: http.IncomingMessage, url: URL): Promise<GraphqlRequest> {
  if (req.method === 'GET') {
    const variables = url.searchParams.get('variables');
    return {
      query: url.searchParams.get('query') ?? '',
      variables: variables ? (JSON.parse(variables) as Record<string, unknown>) : undefined,
      operationName: url.searchParams.get('operationName') ?? undefined,
    };
  }
  if (req.method !== 'POST') throw new Error(`method ${req.method} not allowed: POST a JSON body`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error(`request body over ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphqlRequest;
  if (typeof body.query !== 'string') throw new Error('the body needs a "query" string');
  return body;
}

async function execute(
  schema: GraphQLSchema,
  model: SchemaModel,
  engine: QueryEngine,
  source: GridStateSource,
  request: GraphqlRequest,
): Promise<[number, unknown]> {
  const document = parse(request.query);
  const errors = validate(schema, document);
  if (errors.length) return [400, { errors: errors.map((e) => e.toJSON()) }];
  // the probe `{ __typename }` needs no grid read
  const rows = /^\s*(query\s*)?\{\s*__typename\s*\}\s*$/.test(request.query)
    ? new Map<string, Row[]>()
    : await gridRows(source);
  const result = await graphql({
    schema,
    source: request.query,
    rootValue: rootValue(model, engine, rows),
    variableValues: request.variables,
    operationName: request.operationName,
  });
  return [200, result];
}

/** The Query fields of every entity, over this request's rows. */
function rootValue(model: SchemaModel, engine: QueryEngine, rows: EntityRows): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [entity, plural] of model.plurals) {
    const all = () => rows.get(entity) ?? [];
    const single = entity[0].toLowerCase() + entity.slice(1);
    root[plural] = (args: ListArgs) => engine.list(entity, all(), args);
    root[`${plural}Connection`] = (args: ConnectionArgs) => engine.connection(entity, all(), args);
    root[`${single}ById`] = ({ id }: { id: string }) => all().find((r) => r.id === id) ?? null;
    root[`${single}ByUniqueInput`] = ({ where }: { where: { id: string } }) =>
      all().find((r) => r.id === where.id) ?? null;
  }
  return root;
}

/** Derived list fields (`farm.publicIPs`) take where/orderBy/offset/limit like a root list. */
function resolveDerivedLists(schema: GraphQLSchema, model: SchemaModel, engine: QueryEngine): void {
  for (const t of model.types.values()) {
    const type = schema.getType(t.name) as GraphQLObjectType;
    const fields = type.getFields();
    for (const f of t.fields) {
      if (f.kind !== 'derived' || !f.list) continue;
      fields[f.name].resolve = (parent: Row, args: ListArgs) =>
        engine.list(f.type, (parent[f.name] as Row[] | undefined) ?? [], args);
    }
  }
}
