/**
 * The grid indexer's query API, generated from the entity schema the way the processor's GraphQL
 * server (Subsquid's OpenReader) generates it: per entity `nodes(where, orderBy, offset, limit)`,
 * `nodeById(id)` and `nodesConnection(orderBy, after, first, where) { edges, pageInfo, totalCount }`,
 * a `NodeWhereInput` with `field_eq`, `_in`, `_contains`, … per field, relation and derived-list
 * filters (`farm: FarmWhereInput`, `publicIPs_some`), `AND`/`OR`, and `NodeOrderByInput` values
 * (`nodeID_ASC`, `farm_farmID_DESC`, with `_NULLS_FIRST`/`_NULLS_LAST` variants).
 */
import { buildSchema, Kind, parse, type GraphQLSchema, type TypeNode } from 'graphql';
import { ENTITY_SCHEMA } from './entity-schema';

export type FieldKind = 'scalar' | 'enum' | 'entity' | 'object' | 'derived';

export interface FieldModel {
  readonly name: string;
  /** the named type: `Int`, `BigInt`, `Farm`, `ContractState`… */
  readonly type: string;
  readonly kind: FieldKind;
  readonly list: boolean;
  readonly required: boolean;
  /** a derived field: the field of `type` that points back */
  readonly derivedFrom?: string;
}

export interface TypeModel {
  readonly name: string;
  readonly entity: boolean;
  readonly fields: readonly FieldModel[];
}

export interface SchemaModel {
  readonly types: ReadonlyMap<string, TypeModel>;
  readonly enums: ReadonlyMap<string, readonly string[]>;
  /** entity name -> its list query name (`nodes`, `countries`) */
  readonly plurals: ReadonlyMap<string, string>;
}

const SCALARS = new Set(['ID', 'String', 'Int', 'Float', 'Boolean', 'BigInt', 'DateTime', 'Bytes', 'JSON']);
const TEXT_OPS = [
  'contains',
  'not_contains',
  'containsInsensitive',
  'not_containsInsensitive',
  'startsWith',
  'not_startsWith',
  'endsWith',
  'not_endsWith',
];
const ORDER_OPS = ['gt', 'gte', 'lt', 'lte'];

/** The operators a scalar or enum field accepts in a where input (besides `_isNull`). */
export function operatorsFor(type: string, kind: FieldKind): string[] {
  if (kind === 'enum') return ['eq', 'not_eq', 'in', 'not_in'];
  if (type === 'Boolean') return ['eq', 'not_eq'];
  const base = ['eq', 'not_eq', ...ORDER_OPS, 'in', 'not_in'];
  return type === 'String' || type === 'ID' ? [...base, ...TEXT_OPS] : base;
}

/** `Node` -> `nodes`, `Country` -> `countries`, `Interfaces` -> `interfaces`, as the server names lists. */
export function pluralOf(name: string): string {
  const lower = name[0].toLowerCase() + name.slice(1);
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/s$/.test(lower)) return lower;
  if (/(x|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

function unwrap(t: TypeNode): { type: string; list: boolean; required: boolean } {
  let required = false;
  let list = false;
  let cur = t;
  if (cur.kind === Kind.NON_NULL_TYPE) {
    required = true;
    cur = cur.type;
  }
  if (cur.kind === Kind.LIST_TYPE) {
    list = true;
    cur = cur.type;
    if (cur.kind === Kind.NON_NULL_TYPE) cur = cur.type;
  }
  return { type: (cur as { name: { value: string } }).name.value, list, required };
}

/** Reads the entity schema into a model of types, fields and enums. */
export function schemaModel(sdl = ENTITY_SCHEMA): SchemaModel {
  const doc = parse(sdl);
  const enums = new Map<string, string[]>();
  const raw: { name: string; entity: boolean; fields: { name: string; t: TypeNode; derived?: string }[] }[] =
    [];
  for (const def of doc.definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION)
      enums.set(
        def.name.value,
        (def.values ?? []).map((v) => v.name.value),
      );
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    raw.push({
      name: def.name.value,
      entity: (def.directives ?? []).some((d) => d.name.value === 'entity'),
      fields: (def.fields ?? []).map((f) => {
        const derived = f.directives?.find((d) => d.name.value === 'derivedFrom')?.arguments?.[0]?.value;
        return {
          name: f.name.value,
          t: f.type,
          derived: derived?.kind === Kind.STRING ? derived.value : undefined,
        };
      }),
    });
  }
  const entities = new Set(raw.filter((r) => r.entity).map((r) => r.name));
  const types = new Map<string, TypeModel>();
  for (const r of raw) {
    const fields = r.fields.map((f): FieldModel => {
      const u = unwrap(f.t);
      const kind: FieldKind = f.derived
        ? 'derived'
        : SCALARS.has(u.type)
          ? 'scalar'
          : enums.has(u.type)
            ? 'enum'
            : entities.has(u.type)
              ? 'entity'
              : 'object';
      return { name: f.name, ...u, kind, ...(f.derived ? { derivedFrom: f.derived } : {}) };
    });
    types.set(r.name, { name: r.name, entity: r.entity, fields });
  }
  const plurals = new Map([...entities].map((e) => [e, pluralOf(e)]));
  return { types, enums, plurals };
}

function whereInput(t: TypeModel): string {
  const lines: string[] = [];
  for (const f of t.fields) {
    if (f.kind === 'scalar' || f.kind === 'enum') {
      lines.push(`${f.name}_isNull: Boolean`);
      if (f.list) continue;
      for (const op of operatorsFor(f.type, f.kind)) {
        const many = op === 'in' || op === 'not_in';
        lines.push(`${f.name}_${op}: ${many ? `[${f.type}!]` : f.type}`);
      }
    } else if (f.kind === 'derived' && f.list) {
      for (const q of ['every', 'some', 'none']) lines.push(`${f.name}_${q}: ${f.type}WhereInput`);
    } else if (!f.list) {
      lines.push(`${f.name}: ${f.type}WhereInput`, `${f.name}_isNull: Boolean`);
    } else {
      lines.push(`${f.name}_isNull: Boolean`);
    }
  }
  if (t.entity) lines.push(`AND: [${t.name}WhereInput!]`, `OR: [${t.name}WhereInput!]`);
  return `input ${t.name}WhereInput {\n  ${lines.join('\n  ')}\n}`;
}

/** `nodeID_ASC`… for the type's scalar fields, and one level into its single relations. */
export function orderByValues(model: SchemaModel, t: TypeModel): string[] {
  const keys: string[] = [];
  for (const f of t.fields) {
    if (f.list) continue;
    if (f.kind === 'scalar' || f.kind === 'enum') keys.push(f.name);
    else {
      const target = model.types.get(f.type);
      for (const g of target?.fields ?? [])
        if (!g.list && (g.kind === 'scalar' || g.kind === 'enum')) keys.push(`${f.name}_${g.name}`);
    }
  }
  return keys.flatMap((k) => [`${k}_ASC`, `${k}_DESC`, `${k}_ASC_NULLS_FIRST`, `${k}_DESC_NULLS_LAST`]);
}

function typeRef(f: FieldModel): string {
  const inner = f.list ? `[${f.type}!]` : f.type;
  return f.required || f.list ? `${inner}!` : inner;
}

/** The whole query API's SDL. */
export function querySdl(model: SchemaModel): string {
  const out: string[] = ['scalar BigInt', 'scalar DateTime', 'scalar Bytes', 'scalar JSON'];
  for (const [name, values] of model.enums) out.push(`enum ${name} { ${values.join(' ')} }`);
  const query: string[] = [];
  out.push(
    'type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String! endCursor: String! }',
    'input WhereIdInput { id: String! }',
  );
  for (const t of model.types.values()) {
    const fields = t.fields.map((f) => {
      const args =
        f.list && f.kind === 'derived'
          ? `(where: ${f.type}WhereInput, orderBy: [${f.type}OrderByInput!], offset: Int, limit: Int)`
          : '';
      return `${f.name}${args}: ${f.kind === 'derived' && !f.list ? f.type : typeRef(f)}`;
    });
    out.push(`type ${t.name} {\n  ${fields.join('\n  ')}\n}`, whereInput(t));
    if (!t.entity) continue;
    const plural = model.plurals.get(t.name) as string;
    const single = t.name[0].toLowerCase() + t.name.slice(1);
    const cap = plural[0].toUpperCase() + plural.slice(1);
    out.push(
      `enum ${t.name}OrderByInput { ${orderByValues(model, t).join(' ')} }`,
      `type ${t.name}Edge { node: ${t.name}! cursor: String! }`,
      `type ${cap}Connection { edges: [${t.name}Edge!]! pageInfo: PageInfo! totalCount: Int! }`,
    );
    query.push(
      `${plural}(where: ${t.name}WhereInput, orderBy: [${t.name}OrderByInput!], offset: Int, limit: Int): [${t.name}!]!`,
      `${single}ById(id: String!): ${t.name}`,
      `${single}ByUniqueInput(where: WhereIdInput!): ${t.name} @deprecated(reason: "Use ${single}ById")`,
      `${plural}Connection(orderBy: [${t.name}OrderByInput!]!, after: String, first: Int, where: ${t.name}WhereInput): ${cap}Connection!`,
    );
  }
  out.push(`type Query {\n  ${query.join('\n  ')}\n}`);
  return out.join('\n\n');
}

/** The executable schema (resolvers come from the root value, see server.ts). */
export function querySchema(model: SchemaModel): GraphQLSchema {
  return buildSchema(querySdl(model));
}
