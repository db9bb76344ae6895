/**
 * The README's commands, exit codes and environment tables, rendered from the rows the CLI's help
 * uses (COMMAND_SPECS, EXIT_CODES, ENVIRONMENT). help.test.ts fails when README.md differs from
 * what this renders; `npm run readme:tables` rewrites the three tables in place.
 */
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../model/config/project-dir';
import { COMMAND_SPECS, usageLine, type CommandName } from './command-specs';
import { ENVIRONMENT, EXIT_CODES } from './help';

/** A README table: its header cells and its rows (cells as written between the pipes, unescaped). */
export interface ReadmeTable {
  readonly header: readonly [string, string];
  readonly rows: readonly (readonly string[])[];
}

const code = (s: string) => `\`${s}\``;

export function readmeTables(): readonly ReadmeTable[] {
  return [
    {
      header: ['command', 'what it does'],
      rows: (Object.keys(COMMAND_SPECS) as CommandName[]).map((n) => [
        code(usageLine(n)),
        COMMAND_SPECS[n].summary,
      ]),
    },
    { header: ['code', 'meaning'], rows: EXIT_CODES.map(([c, what]) => [String(c), what]) },
    {
      header: ['variable', 'what it sets'],
      rows: ENVIRONMENT.map(([v, what]) => [v.split(', ').map(code).join(', '), what]),
    },
  ];
}

/** A markdown table padded as prettier pads it (`|` inside a cell escaped). */
export function renderTable(t: ReadmeTable): string {
  const cells = [t.header, ...t.rows].map((r) => r.map((c) => c.replace(/\|/g, '\\|')));
  const widths = t.header.map((_, i) => Math.max(3, ...cells.map((r) => r[i].length)));
  const line = (r: readonly string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

/**
 * `readme` with each table replaced by its rendering; a table is found by its header row. A
 * missing table is an error naming it (the README must keep all three).
 */
export function withReadmeTables(readme: string): string {
  const lines = readme.split('\n');
  for (const t of readmeTables()) {
    const head = new RegExp(`^\\|\\s*${t.header[0]}\\s*\\|\\s*${t.header[1]}\\s*\\|$`);
    const start = lines.findIndex((l) => head.test(l));
    if (start < 0) throw new Error(`README.md has no table with the header '| ${t.header.join(' | ')} |'`);
    let end = start;
    while (end < lines.length && lines[end].startsWith('|')) end++;
    lines.splice(start, end - start, ...renderTable(t).split('\n'));
  }
  return lines.join('\n');
}

/** `npm run readme:tables`: rewrites README.md's tables from the specs. */
if (require.main === module) {
  const file = path.join(packageRoot(), 'README.md');
  const before = fs.readFileSync(file, 'utf8');
  const after = withReadmeTables(before);
  fs.writeFileSync(file, after);
  process.stdout.write(before === after ? 'README.md tables: up to date\n' : 'README.md tables: rewritten\n');
}
