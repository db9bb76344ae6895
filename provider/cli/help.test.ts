import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from './args';
import { COMMAND_SPECS, parseCommandArgs, type CommandName } from './command-specs';
import { commandHelp, globalHelp, readmeRows, wrap } from './help';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The rows of the README table whose header row starts with `| first |`, cells unescaped. */
function readmeTable(first: string): string[][] {
  const lines = README.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^\\|\\s*${first}\\s*\\|`).test(l));
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('|')) break;
    rows.push(
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/\\\|/g, '|')),
    );
  }
  return rows;
}

describe('help', () => {
  it("keeps the README's commands, exit codes and environment tables equal to the CLI's help", () => {
    const rows = readmeRows();
    expect(readmeTable('command')).toEqual(rows.commands);
    expect(readmeTable('code')).toEqual(rows.exitCodes);
    expect(readmeTable('variable')).toEqual(rows.environment);
  });

  it('lists every command, exit code and environment variable in tfgrid --help', () => {
    const text = globalHelp();
    for (const name of Object.keys(COMMAND_SPECS)) expect(text).toMatch(new RegExp(`^  ${name} `, 'm'));
    for (const [code] of readmeRows().exitCodes) expect(text).toMatch(new RegExp(`^  ${code} `, 'm'));
    for (const v of ['TFGRID_MNEMONIC', 'TFGRID_SUBSTRATE_URL', 'TFGRID_PROXY_URL', 'TFGRID_DEBUG'])
      expect(text).toContain(v);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it.each(Object.keys(COMMAND_SPECS) as CommandName[])('tfgrid %s --help shows every option', (name) => {
    const text = commandHelp(name);
    expect(text).toMatch(new RegExp(`^usage: tfgrid ${name} `));
    for (const flag of Object.keys(COMMAND_SPECS[name].flags)) expect(text).toContain(`--${flag}`);
    for (const sub of Object.keys((COMMAND_SPECS[name] as { subcommands?: object }).subcommands ?? {}))
      expect(text).toMatch(new RegExp(`^  ${sub} `, 'm'));
  });

  it('wraps long text at a word, losing none of it', () => {
    const text = 'one two three four five six seven';
    const wrapped = wrap(text, 2, 12);
    expect(wrapped.split('\n').every((l) => l.length <= 12)).toBe(true);
    expect(wrapped.replace(/\n +/g, ' ')).toBe(text);
  });
});

describe('parseCommandArgs', () => {
  it("refuses apply's flags in plan, naming the flag and where it belongs", () => {
    expect(() => parseCommandArgs('plan', ['p.ts', '--yes'])).toThrow(
      new UsageError("'--yes' is an option of apply, destroy and unlock, not of plan"),
    );
    expect(() => parseCommandArgs('plan', ['p.ts', '--verify'])).toThrow(
      /'--verify' is an option of apply, not of plan/,
    );
    expect(() => parseCommandArgs('plan', ['p.ts', '--timeout', '5'])).toThrow(
      /'--timeout' is an option of apply/,
    );
    expect(parseCommandArgs('apply', ['p.ts', '--yes', '--timeout', '5']).flags).toEqual({
      yes: true,
      timeout: '5',
    });
  });

  it('lists the known options for a flag no command has', () => {
    expect(() => parseCommandArgs('status', ['--frob'])).toThrow(
      /unknown option '--frob' \(known options: --network/,
    );
  });
});
