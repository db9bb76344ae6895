import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from './args';
import { COMMAND_SPECS, parseCommandArgs, type CommandName } from './command-specs';
import { packageRoot } from '../model/config/project-dir';
import { commandHelp, EXIT_CODES, globalHelp, wrap } from './help';
import { renderTable, withReadmeTables } from './readme-tables';

const README = fs.readFileSync(path.join(packageRoot(), 'README.md'), 'utf8');

describe('help', () => {
  it("keeps the README's commands, exit codes and environment tables equal to the CLI's help (npm run readme:tables)", () => {
    expect(withReadmeTables(README)).toBe(README);
  });

  it('renders a table as prettier pads it, escaping pipes', () => {
    expect(renderTable({ header: ['a', 'b'], rows: [['x|y', 'long cell']] })).toBe(
      ['| a    | b         |', '| ---- | --------- |', '| x\\|y | long cell |'].join('\n'),
    );
    expect(() => withReadmeTables('# no tables\n')).toThrow(
      /no table with the header '\| command \| what it does \|'/,
    );
  });

  it('lists every command, exit code and environment variable in tfgrid --help', () => {
    const text = globalHelp();
    for (const name of Object.keys(COMMAND_SPECS)) expect(text).toMatch(new RegExp(`^  ${name} `, 'm'));
    for (const [code] of EXIT_CODES) expect(text).toMatch(new RegExp(`^  ${code} `, 'm'));
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
      new UsageError("'--yes' is an option of apply, destroy, unlock and dao, not of plan"),
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
