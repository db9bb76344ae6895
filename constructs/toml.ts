/**
 * A small TOML writer for the documents this project renders (the zstor config): scalars first,
 * then tables and arrays of tables, each in the order of the object's keys.
 */

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue | undefined;
}

const isTable = (v: unknown): v is TomlTable => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTableArray = (v: unknown): v is TomlTable[] => Array.isArray(v) && v.length > 0 && v.every(isTable);

function key(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : quote(k);
}

function quote(s: string): string {
  // eslint-disable-next-line no-control-regex -- TOML basic strings must escape control characters
  const escaped = s.replace(/[\\"\u0000-\u001f\u007f]/g, (ch) => {
    const named: Record<string, string> = {
      '\\': '\\\\',
      '"': '\\"',
      '\b': '\\b',
      '\t': '\\t',
      '\n': '\\n',
      '\f': '\\f',
      '\r': '\\r',
    };
    return named[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}

function scalar(v: TomlValue): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`toml: cannot write number ${v}`);
    return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(scalar).join(', ')}]`;
  throw new Error('toml: inline tables are not supported');
}

/** Renders a table as a TOML document ending in a newline. */
export function renderToml(table: TomlTable): string {
  const blocks: string[] = [];
  writeTable(table, [], blocks, undefined);
  return `${blocks.filter((b) => b !== '').join('\n\n')}\n`;
}

function writeTable(table: TomlTable, path: string[], blocks: string[], header: string | undefined): void {
  const lines: string[] = header !== undefined ? [header] : [];
  const nested: [string, TomlTable | TomlTable[]][] = [];
  for (const [k, v] of Object.entries(table)) {
    if (v === undefined) continue;
    if (isTable(v) || isTableArray(v)) nested.push([k, v]);
    else lines.push(`${key(k)} = ${scalar(v)}`);
  }
  // a header with no keys of its own is glued to the next block, as in `[[groups]]\n[[groups.backends]]`
  if (header !== undefined && lines.length === 1 && nested.length > 0) {
    const first = nested[0];
    const sub: string[] = [];
    writeNested(first, path, sub);
    if (sub.length > 0) sub[0] = `${header}\n${sub[0]}`;
    blocks.push(...sub);
    for (const n of nested.slice(1)) writeNested(n, path, blocks);
    return;
  }
  blocks.push(lines.join('\n'));
  for (const n of nested) writeNested(n, path, blocks);
}

function writeNested([k, v]: [string, TomlTable | TomlTable[]], path: string[], blocks: string[]): void {
  const p = [...path, key(k)];
  if (Array.isArray(v)) for (const t of v) writeTable(t, p, blocks, `[[${p.join('.')}]]`);
  else writeTable(v, p, blocks, `[${p.join('.')}]`);
}
