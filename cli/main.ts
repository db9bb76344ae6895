/**
 * The `tfgrid` command line. Each command lives in its own file under cli/commands/ and is
 * listed once in COMMANDS; its code is loaded when it runs, so `--help` or `synth` does not load
 * the grid clients, and a grid command loads only what it uses.
 */
import { ValidationError } from '../constructs/errors';
import { UsageError } from './args';
import { ProgramError } from './load-program';
import { ExitCode, processOutput, type Output } from './output';

interface Command {
  readonly summary: string;
  readonly usage: string;
  run(argv: string[], io: Output): Promise<number>;
}

/** A grid command of engine-commands.ts, loaded when it runs. */
const engineRun =
  (name: 'plan' | 'apply' | 'destroy' | 'status' | 'refresh') =>
  async (argv: string[], io: Output): Promise<number> =>
    (await import('./commands/engine-commands')).engineCommand(name)(argv, io);

const COMMANDS: Record<string, Command> = {
  init: {
    summary: 'make a new project: package.json, tsconfig.json, a program (main.ts), .gitignore, README',
    usage: 'tfgrid init [dir] [--pulumi | --yaml]',
    run: async (argv, io) => (await import('./commands/init')).initCommand(argv, io),
  },
  synth: {
    summary: 'print (or --out FILE) the manifest of a program',
    usage: 'tfgrid synth <program.ts> [--out FILE] [--quiet]',
    run: async (argv, io) => (await import('./commands/synth')).synthCommand(argv, io),
  },
  devgrid: {
    summary: 'start, inspect or stop the local dev grid (chain, relay, nodes, proxy on loopback)',
    usage:
      'tfgrid devgrid up|status|down [--nodes N] [--farms M] [--data-dir D] [--block-time-ms T] [--detach] [--json]',
    run: async (argv, io) => (await import('./commands/devgrid')).devgridCommand(argv, io),
  },
  plan: {
    summary:
      'show what apply would change (create, update, replace with the reason, delete) and the cost change',
    usage:
      'tfgrid plan <program.ts> [--network N] [--json] [--detailed-exitcode] [--out plan.json] [--graph [--format svg|dot|mermaid]]',
    run: engineRun('plan'),
  },
  apply: {
    summary: 'make the grid match the program; rolls back what it did if any step fails',
    usage:
      'tfgrid apply <program.ts | plan.json> [--network N] [--yes] [--json] [--timeout S] [--lock-timeout S] [--verify] [--quiet]',
    run: engineRun('apply'),
  },
  destroy: {
    summary: "cancel every contract of the program's project (also when a node is down)",
    usage: 'tfgrid destroy <program.ts> [--network N] [--yes] [--json] [--lock-timeout S]',
    run: engineRun('destroy'),
  },
  status: {
    summary: 'what the project has on the grid, including orphans',
    usage: 'tfgrid status <program.ts> [--network N] [--json]',
    run: engineRun('status'),
  },
  refresh: {
    summary: 'detect drift (workloads gone or in error, contracts cancelled elsewhere); exit 3 on drift',
    usage: 'tfgrid refresh <program.ts> [--network N] [--json]',
    run: engineRun('refresh'),
  },
  unlock: {
    summary: "break a project's lease left by an apply or destroy that died (asks first)",
    usage: 'tfgrid unlock <program.ts> [--network N] [--yes]',
    run: async (argv, io) => (await import('./commands/unlock')).unlockCommand(argv, io),
  },
  dao: {
    summary:
      'list DAO proposals and their votes; plan and apply a governance folder of proposal and vote files',
    usage:
      'tfgrid dao list [--network N] [--json] | tfgrid dao plan|apply <folder> [--network N] [--format markdown] [--json] [--only PATHS] [--yes]',
    run: async (argv, io) => (await import('./commands/dao')).daoCommand(argv, io),
  },
  graph: {
    summary: 'draw a program: units by network and placement, references, levels, cost',
    usage: 'tfgrid graph <program.ts> [--format svg|dot|mermaid] [--out FILE]',
    run: async (argv, io) => (await import('./commands/graph')).graphCommand(argv, io),
  },
  validate: {
    summary: 'report every problem of a program at once',
    usage: 'tfgrid validate <program.ts> [--json]',
    run: async (argv, io) => (await import('./commands/validate')).validateCommand(argv, io),
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
    // ownership is loaded by the commands that can raise NameHeldError
    const { NameHeldError } = await import('../engine/ownership');
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
