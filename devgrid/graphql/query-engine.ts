/**
 * Evaluates the indexer API's list arguments over rows held in memory: `where` (field operators,
 * relation and derived-list filters, AND/OR), `orderBy` (ties broken by id, nulls as asked),
 * `offset`/`limit`, and connections (`first`/`after` with cursors, `totalCount`). BigInt fields are
 * strings in the rows and compare as integers.
 */
import type { SchemaModel, TypeModel } from './query-schema';

export type Row = Record<string, unknown>;
type Where = Record<string, unknown>;

export interface ListArgs {
  readonly where?: Where | null;
  readonly orderBy?: readonly string[] | null;
  readonly offset?: number | null;
  readonly limit?: number | null;
}

export interface ConnectionArgs {
  readonly where?: Where | null;
  readonly orderBy: readonly string[];
  readonly first?: number | null;
  readonly after?: string | null;
}

const OPS = [
  'not_containsInsensitive',
  'containsInsensitive',
  'not_contains',
  'not_startsWith',
  'not_endsWith',
  'startsWith',
  'endsWith',
  'contains',
  'not_eq',
  'not_in',
  'isNull',
  'every',
  'some',
  'none',
  'gte',
  'lte',
  'eq',
  'in',
  'gt',
  'lt',
];

export class QueryEngine {
  constructor(private readonly model: SchemaModel) {}

  list(typeName: string, rows: readonly Row[], args: ListArgs): Row[] {
    const t = this.type(typeName);
    const matched = rows.filter((r) => this.matches(t, r, args.where ?? undefined));
    const sorted = this.sort(t, matched, args.orderBy ?? []);
    const start = args.offset ?? 0;
    return args.limit === undefined || args.limit === null
      ? sorted.slice(start)
      : sorted.slice(start, start + args.limit);
  }

  connection(typeName: string, rows: readonly Row[], args: ConnectionArgs): Row {
    const t = this.type(typeName);
    const matched = this.sort(
      t,
      rows.filter((r) => this.matches(t, r, args.where ?? undefined)),
      args.orderBy,
    );
    const start = args.after ? Number(args.after) : 0;
    const page = matched.slice(
      start,
      args.first === undefined || args.first === null ? undefined : start + args.first,
    );
    const cursor = (i: number) => String(start + i + 1);
    return {
      edges: page.map((node, i) => ({ node, cursor: cursor(i) })),
      pageInfo: {
        hasNextPage: start + page.length < matched.length,
        hasPreviousPage: start > 0,
        startCursor: page.length ? cursor(0) : '',
        endCursor: page.length ? cursor(page.length - 1) : '',
      },
      totalCount: matched.length,
    };
  }

  private type(name: string): TypeModel {
    const t = this.model.types.get(name);
    if (!t) throw new Error(`unknown type ${name}`);
    return t;
  }

  private matches(t: TypeModel, row: Row, where: Where | undefined): boolean {
    if (!where) return true;
    for (const [key, value] of Object.entries(where)) {
      if (value === undefined) continue;
      if (key === 'AND') {
        if (!(value as Where[]).every((w) => this.matches(t, row, w))) return false;
        continue;
      }
      if (key === 'OR') {
        if (!(value as Where[]).some((w) => this.matches(t, row, w))) return false;
        continue;
      }
      const op = OPS.find((o) => key.endsWith(`_${o}`));
      const fieldName = op ? key.slice(0, -(op.length + 1)) : key;
      const field = t.fields.find((f) => f.name === fieldName);
      if (!field) return false;
      const actual = row[fieldName];
      if (!op) {
        // a relation or embedded object filtered by its own where input
        if (actual === null || actual === undefined) return false;
        if (!this.matches(this.type(field.type), actual as Row, value as Where)) return false;
        continue;
      }
      if (op === 'every' || op === 'some' || op === 'none') {
        const items = (actual as Row[] | undefined) ?? [];
        const inner = this.type(field.type);
        const hit = (r: Row) => this.matches(inner, r, value as Where);
        const ok = op === 'every' ? items.every(hit) : op === 'some' ? items.some(hit) : !items.some(hit);
        if (!ok) return false;
        continue;
      }
      if (!compare(op, actual, value, field.type === 'BigInt')) return false;
    }
    return true;
  }

  private sort(t: TypeModel, rows: Row[], orderBy: readonly string[]): Row[] {
    const keys = orderBy.map((o) => {
      const m = /^(.*)_(ASC|DESC)(?:_NULLS_(FIRST|LAST))?$/.exec(o) as RegExpExecArray;
      const dir = m[2] === 'DESC' ? -1 : 1;
      // postgres: nulls last ascending, first descending, unless asked
      const nullsFirst = m[3] ? m[3] === 'FIRST' : dir === -1;
      return { path: this.path(t, m[1]), dir, nullsFirst };
    });
    return [...rows].sort((a, b) => {
      for (const k of keys) {
        const x = k.path(a);
        const y = k.path(b);
        if (x === y) continue;
        if (x === null || x === undefined) return k.nullsFirst ? -1 : 1;
        if (y === null || y === undefined) return k.nullsFirst ? 1 : -1;
        const c = order(x, y);
        if (c !== 0) return k.dir * c;
      }
      return order(a.id, b.id);
    });
  }

  /** `farm_farmID` -> row.farm.farmID */
  private path(t: TypeModel, key: string): (r: Row) => unknown {
    if (t.fields.some((f) => f.name === key)) return (r) => r[key];
    const rel = t.fields.find((f) => key.startsWith(`${f.name}_`));
    if (!rel) return () => undefined;
    const rest = key.slice(rel.name.length + 1);
    return (r) => (r[rel.name] as Row | null | undefined)?.[rest];
  }
}

function order(x: unknown, y: unknown): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'string' && typeof y === 'string' && /^-?\d+$/.test(x) && /^-?\d+$/.test(y)) {
    const d = BigInt(x) - BigInt(y);
    return d === 0n ? 0 : d < 0n ? -1 : 1;
  }
  const a = String(x);
  const b = String(y);
  return a < b ? -1 : a > b ? 1 : 0;
}

function compare(op: string, actual: unknown, expected: unknown, big: boolean): boolean {
  if (op === 'isNull') return (actual === null || actual === undefined) === expected;
  // as in SQL, a null field passes no comparison
  if (actual === null || actual === undefined) return false;
  const norm = (v: unknown): unknown => (big ? BigInt(String(v)) : v);
  const a = norm(actual);
  const text = String(actual);
  const want = String(expected);
  switch (op) {
    case 'eq':
      return a === norm(expected);
    case 'not_eq':
      return a !== norm(expected);
    case 'gt':
      return (a as number) > (norm(expected) as number);
    case 'gte':
      return (a as number) >= (norm(expected) as number);
    case 'lt':
      return (a as number) < (norm(expected) as number);
    case 'lte':
      return (a as number) <= (norm(expected) as number);
    case 'in':
      return (expected as unknown[]).map(norm).includes(a);
    case 'not_in':
      return !(expected as unknown[]).map(norm).includes(a);
    case 'contains':
      return text.includes(want);
    case 'not_contains':
      return !text.includes(want);
    case 'containsInsensitive':
      return text.toLowerCase().includes(want.toLowerCase());
    case 'not_containsInsensitive':
      return !text.toLowerCase().includes(want.toLowerCase());
    case 'startsWith':
      return text.startsWith(want);
    case 'not_startsWith':
      return !text.startsWith(want);
    case 'endsWith':
      return text.endsWith(want);
    case 'not_endsWith':
      return !text.endsWith(want);
    default:
      return false;
  }
}
