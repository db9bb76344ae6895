/**
 * The `tfgrid` command line. Each command lives in its own file under provider/cli/commands/ and is
 * listed once in COMMANDS.
 */
import { ValidationError } from '../../constructs/errors';
import { UsageError } from './args';
import { devgridCommand } from './commands/devgrid';
import { synthCommand } from './commands/synth';
import { validateCommand } from './commands/validate';
import { ProgramError } from './load-program';
import { ExitCode, processOutput, type Output } from './output';

interface Command {
  readonly summary: string;
  readonly usage: string;
  run(argv: string[], io: Output): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  synth: {
    summary: 'print (or --out FILE) the manifest of a program',
    usage: 'tfgrid synth <program.ts> [--out FILE] [--quiet]',
    run: synthCommand,
  },
  devgrid: {
    summary: 'start, inspect or stop the local dev grid (chain, relay, nodes, proxy on loopback)',
    usage: 'tfgrid devgrid up|status|down [--nodes N] [--farms M] [--data-dir D] [--block-time-ms T] [--detach] [--json]',
    run: devgridCommand,
  },
  validate: {
    summary: 'report every problem of a program at once',
    usage: 'tfgrid validate <program.ts> [--json]',
    run: validateCommand,
  },
};

function help(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}\n  ${''.padEnd(10)} ${c.usage}`);
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
    if (e instanceof ProgramError) {
      io.err(`tfgrid ${name}: ${e.message}`);
      return ExitCode.invalid;
    }
    throw e;
  }
}
