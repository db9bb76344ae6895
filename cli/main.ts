/**
 * The `tfgrid` command line. Each command lives in its own file under cli/commands/ and is
 * listed once in COMMANDS.
 */
import { ValidationError } from '../constructs/errors';
import { UsageError } from './args';
import { daoCommand } from './commands/dao';
import { devgridCommand } from './commands/devgrid';
import { engineCommand } from './commands/engine-commands';
import { graphCommand } from './commands/graph';
import { initCommand } from './commands/init';
import { synthCommand } from './commands/synth';
import { unlockCommand } from './commands/unlock';
import { validateCommand } from './commands/validate';
import { ProgramError } from './load-program';
import { NameHeldError } from '../engine/ownership';
import { ExitCode, processOutput, type Output } from './output';

interface Command {
  readonly summary: string;
  readonly usage: string;
  run(argv: string[], io: Output): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  init: {
    summary: 'make a new project: package.json, tsconfig.json, a program (main.ts), .gitignore, README',
    usage: 'tfgrid init [dir] [--pulumi | --yaml]',
    run: initCommand,
  },
  synth: {
    summary: 'print (or --out FILE) the manifest of a program',
    usage: 'tfgrid synth <program.ts> [--out FILE] [--quiet]',
    run: synthCommand,
  },
  devgrid: {
    summary: 'start, inspect or stop the local dev grid (chain, relay, nodes, proxy on loopback)',
    usage:
      'tfgrid devgrid up|status|down [--nodes N] [--farms M] [--data-dir D] [--block-time-ms T] [--detach] [--json]',
    run: devgridCommand,
  },
  plan: {
    summary:
      'show what apply would change (create, update, replace with the reason, delete) and the cost change',
    usage:
      'tfgrid plan <program.ts> [--network N] [--json] [--detailed-exitcode] [--out plan.json] [--graph [--format svg|dot|mermaid]]',
    run: engineCommand('plan'),
  },
  apply: {
    summary: 'make the grid match the program; rolls back what it did if any step fails',
    usage:
      'tfgrid apply <program.ts | plan.json> [--network N] [--yes] [--json] [--timeout S] [--lock-timeout S] [--verify] [--quiet]',
    run: engineCommand('apply'),
  },
  destroy: {
    summary: "cancel every contract of the program's project (also when a node is down)",
    usage: 'tfgrid destroy <program.ts> [--network N] [--yes] [--json] [--lock-timeout S]',
    run: engineCommand('destroy'),
  },
  status: {
    summary: 'what the project has on the grid, including orphans',
    usage: 'tfgrid status <program.ts> [--network N] [--json]',
    run: engineCommand('status'),
  },
  refresh: {
    summary: 'detect drift (workloads gone or in error, contracts cancelled elsewhere); exit 3 on drift',
    usage: 'tfgrid refresh <program.ts> [--network N] [--json]',
    run: engineCommand('refresh'),
  },
  unlock: {
    summary: "break a project's lease left by an apply or destroy that died (asks first)",
    usage: 'tfgrid unlock <program.ts> [--network N] [--yes]',
    run: unlockCommand,
  },
  dao: {
    summary:
      'list DAO proposals and their votes; plan and apply a governance folder of proposal and vote files',
    usage:
      'tfgrid dao list [--network N] [--json] | tfgrid dao plan|apply <folder> [--network N] [--format markdown] [--json] [--only PATHS] [--yes]',
    run: daoCommand,
  },
  graph: {
    summary: 'draw a program: units by network and placement, references, levels, cost',
    usage: 'tfgrid graph <program.ts> [--format svg|dot|mermaid] [--out FILE]',
    run: graphCommand,
  },
  validate: {
    summary: 'report every problem of a program at once',
    usage: 'tfgrid validate <program.ts> [--json]',
    run: validateCommand,
  },
};

function help(): string {
  const lines = Object.entries(COMMANDS).map(
    ([name, c]) => `  ${name.padEnd(10)} ${c.summary}\n  ${''.padEnd(10)} ${c.usage}`,
  );
  return `usage: tfgrid <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[], io: Output = processOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return ExitCode.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`tfgrid: unknown command '${name}'. Run 'tfgrid --help' for the list of commands.`);
    return ExitCode.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`tfgrid ${name}: ${e.message}\nusage: ${command.usage}`);
      return ExitCode.usage;
    }
    if (e instanceof ValidationError) {
      io.err(`tfgrid ${name}: invalid program:\n- ${e.problems.join('\n- ')}`);
      return ExitCode.invalid;
    }
    if (e instanceof ProgramError || e instanceof NameHeldError) {
      io.err(`tfgrid ${name}: ${e.message}`);
      return ExitCode.invalid;
    }
    // the grid refused or failed (chain, relay, node, proxy, scheduling): the message says what and why
    io.err(`tfgrid ${name}: ${(e as Error).message ?? String(e)}`);
    if (process.env.TFGRID_DEBUG) io.err(String((e as Error).stack));
    return ExitCode.gridError;
  }
}
