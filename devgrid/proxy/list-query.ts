/**
 * Query parameters of the proxy's list endpoints, decoded the way grid-proxy does: empty values are
 * ignored, lists are comma separated, unknown parameters and bad values are a 400, and paging
 * (`page`, `size`, `ret_count`, `randomize`, `sort_by`, `sort_order`) is shared by every list.
 */

/** A client mistake: answered with status 400 and `{"error": message}`. */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

export type ParamKind = 'uint' | 'number' | 'bool' | 'string' | 'uintList' | 'stringList';
export type ParamSpec = Record<string, ParamKind>;
export type ParamValue = number | boolean | string | number[] | string[];
/** Decoded parameters by their proxy name; absent when not given. */
export type Params = Record<string, ParamValue | undefined>;

export interface Limit {
  /** 1-based */
  readonly page: number;
  readonly size: number;
  readonly retCount: boolean;
  readonly randomize: boolean;
  readonly sortBy: string;
  readonly sortOrder: 'asc' | 'desc';
}

/** The proxy's default page size. */
export const DEFAULT_PAGE_SIZE = 50;

const LIMIT_SPEC: ParamSpec = {
  page: 'uint',
  size: 'uint',
  ret_count: 'bool',
  randomize: 'bool',
  sort_by: 'string',
  sort_order: 'string',
  balance: 'number',
};

/** Decodes filters by `spec` and the paging parameters; `sortFields` are the valid `sort_by` values. */
export function parseListQuery(
  query: URLSearchParams,
  spec: ParamSpec,
  sortFields: readonly string[],
  typeName: string,
): { filters: Params; limit: Limit } {
  const all = parseParams(query, { ...spec, ...LIMIT_SPEC });
  const sortBy = (all.sort_by as string | undefined) ?? '';
  if (sortBy && !sortFields.includes(sortBy))
    throw new QueryError(`"${sortBy}" is not a sort field for ${typeName} type`);
  const order = ((all.sort_order as string | undefined) ?? '').toLowerCase();
  if (order && order !== 'asc' && order !== 'desc')
    throw new QueryError(`"${all.sort_order}" is not a valid sort order`);
  const filters: Params = {};
  for (const key of Object.keys(spec)) filters[key] = all[key];
  return {
    filters,
    limit: {
      page: Math.max(1, (all.page as number | undefined) ?? 1),
      size: (all.size as number | undefined) || DEFAULT_PAGE_SIZE,
      retCount: (all.ret_count as boolean | undefined) ?? false,
      randomize: (all.randomize as boolean | undefined) ?? false,
      sortBy,
      sortOrder: order === 'desc' ? 'desc' : 'asc',
    },
  };
}

/** Decodes every parameter by `spec`; throws QueryError on unknown names or bad values. */
export function parseParams(query: URLSearchParams, spec: ParamSpec): Params {
  const out: Params = {};
  for (const [name, raw] of query) {
    if (raw === '') continue;
    const kind = spec[name];
    if (!kind) throw new QueryError(`failed to decode params: schema: invalid path "${name}"`);
    const value = decode(kind, raw);
    if (value === undefined)
      throw new QueryError(`failed to decode params: schema: error converting value for "${name}"`);
    out[name] = value;
  }
  return out;
}

function decode(kind: ParamKind, raw: string): ParamValue | undefined {
  switch (kind) {
    case 'uint':
      return /^\d+$/.test(raw) ? Number(raw) : undefined;
    case 'number':
      return Number.isFinite(Number(raw)) ? Number(raw) : undefined;
    case 'bool':
      // Go's strconv.ParseBool
      if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
      if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
      return undefined;
    case 'string':
      return raw;
    case 'uintList': {
      const parts = raw.split(',');
      return parts.every((p) => /^\d+$/.test(p)) ? parts.map(Number) : undefined;
    }
    case 'stringList':
      return raw.split(',');
  }
}

type SortKey<T> = (item: T) => number | string | boolean;

/**
 * Orders and pages a list: `keys` maps sort fields to a key, `idKey` is the default and tie order,
 * `first` (optional) comes before the chosen order (the proxy lists a renter's own nodes first).
 */
export function sortAndPage<T>(
  items: readonly T[],
  limit: Limit,
  keys: Record<string, SortKey<T>>,
  idKey: SortKey<T>,
  first?: SortKey<T>,
): T[] {
  let sorted = [...items];
  if (limit.randomize) {
    // the proxy's randomize is SQL random(); fine for a dev grid, never used by our scheduler
    for (let i = sorted.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [sorted[i], sorted[j]] = [sorted[j], sorted[i]];
    }
  } else {
    const key = limit.sortBy ? keys[limit.sortBy] : undefined;
    const dir = limit.sortOrder === 'desc' ? -1 : 1;
    sorted = sorted.sort(
      (a, b) =>
        (first ? compare(first(a), first(b)) : 0) ||
        (key ? dir * compare(key(a), key(b)) : 0) ||
        compare(idKey(a), idKey(b)),
    );
  }
  const start = (limit.page - 1) * limit.size;
  return sorted.slice(start, start + limit.size);
}

function compare(a: number | string | boolean, b: number | string | boolean): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return Number(a) - Number(b);
}

/** `count`, `size` and `pages` headers, sent when `ret_count` is true. */
export function countHeaders(total: number, limit: Limit): Record<string, string> {
  if (!limit.retCount) return {};
  return { count: String(total), size: String(limit.size), pages: String(Math.ceil(total / limit.size)) };
}

export const lower = (v: ParamValue | undefined): string => String(v).toLowerCase();
