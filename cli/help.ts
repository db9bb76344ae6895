/**
 * The CLI's help texts: `tfgrid --help` (commands, exit codes, environment), `tfgrid <command>
 * --help` and `tfgrid --version`, all rendered from COMMAND_SPECS and the two tables below. The
 * README's tables are rendered from the same rows (readme-tables.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { flagHelp } from './args';
import { COMMAND_SPECS, usageLine, type CommandName, type CommandSpec } from './command-specs';
import { ExitCode } from './output';

/** What each exit code means (the values are ExitCode's). */
export const EXIT_CODES: readonly (readonly [number, string])[] = [
  [ExitCode.ok, 'ok'],
  [
    ExitCode.invalid,
    'invalid program (or apply declined, or the plan it confirmed or was given no longer holds)',
  ],
  [
    ExitCode.usage,
    'wrong command line (also an `--out` path that cannot be written, or a `TFGRID_MNEMONIC` that is not a valid secret)',
  ],
  [ExitCode.changes, 'changes pending (`plan --detailed-exitcode`) or drift (`refresh`)'],
  [
    ExitCode.gridError,
    'the grid refused or failed (chain, relay, node, proxy), or `apply --verify` found a fault',
  ],
];

/** The environment variables the CLI reads. */
export const ENVIRONMENT: readonly (readonly [string, string])[] = [
  [
    'TFGRID_MNEMONIC',
    'the deploying account (mnemonic, `0x` seed or dev uri); required on public networks, the dev account on `local`; never printed',
  ],
  [
    'TFGRID_SUBSTRATE_URL, TFGRID_RELAY_URL, TFGRID_PROXY_URL',
    'explicit endpoints (comma-separated lists for the first two)',
  ],
  [
    'TFGRID_DEVGRID_DIR',
    "the dev grid's data dir for `--network local` (default `.tfgrid/devgrid` in the project root: the nearest folder with a package.json)",
  ],
  [
    'TFGRID_SSH_PRIVATE_KEY_FILE',
    'the key `apply --verify` logs in to machines with (a program may export `verifySshPrivateKey` instead)',
  ],
  ['TFGRID_DEBUG', "print stack traces of failures and the libraries' own log lines"],
  [
    'TFGRID_TS_CACHE',
    'where transpiled TypeScript and passed type checks are cached (default: the system temp dir)',
  ],
];

const WIDTH = 100;

/** Word-wraps `text` to WIDTH columns, indenting every line after the first by `indent`. */
export function wrap(text: string, indent: number, width = WIDTH): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** The package's version, from the nearest package.json named tfgrid-iac above this file. */
export function version(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tfgrid-iac') return pkg.version ?? 'unknown';
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

const plain = (s: string) => s.replace(/`/g, "'");

export function globalHelp(): string {
  const names = Object.keys(COMMAND_SPECS) as CommandName[];
  const col = Math.max(...names.map((n) => n.length)) + 4;
  const codeCol = 6;
  const envCol = Math.max(...ENVIRONMENT.flatMap(([v]) => v.split(', ').map((x) => x.length))) + 4;
  return [
    `tfgrid ${version()}: infrastructure as code for the ThreeFold Grid`,
    '',
    'usage: tfgrid <command> [arguments] [options]',
    "       tfgrid <command> --help    a command's options",
    '       tfgrid --version',
    '',
    'commands:',
    ...names.map((n) => `  ${n.padEnd(col)}${wrap(plain(COMMAND_SPECS[n].summary), col + 2)}`),
    '',
    'exit codes:',
    ...EXIT_CODES.map(([c, what]) => `  ${String(c).padEnd(codeCol)}${wrap(plain(what), codeCol + 2)}`),
    '',
    'environment:',
    ...ENVIRONMENT.flatMap(([v, what]) => {
      const vars = v.split(', ');
      return [
        ...vars.slice(0, -1).map((x) => `  ${x}`),
        `  ${vars[vars.length - 1].padEnd(envCol)}${wrap(plain(what), envCol + 2)}`,
      ];
    }),
    '',
    'A <program> is a .ts or .js file exporting build(): App. Docs: README.md and docs/.',
    '',
  ].join('\n');
}

export function commandHelp(name: CommandName): string {
  const spec: CommandSpec = COMMAND_SPECS[name];
  const lines = [
    `usage: ${wrap(usageLine(name), 7 + 7 + name.length + 1)}`,
    '',
    wrap(plain(spec.summary), 0),
  ];
  for (const d of spec.details ?? []) lines.push(wrap(plain(d), 0));
  if (spec.subcommands) {
    const col = Math.max(...Object.keys(spec.subcommands).map((s) => s.length)) + 4;
    lines.push('', 'subcommands:');
    for (const [s, what] of Object.entries(spec.subcommands))
      lines.push(`  ${s.padEnd(col)}${wrap(plain(what), col + 2)}`);
  }
  lines.push('', 'options:', flagHelp(spec.flags), '', "exit codes and environment: 'tfgrid --help'", '');
  return lines.join('\n');
}
