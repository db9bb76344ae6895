/**
 * The `tfgrid` command line: help and version, dispatch to the commands (their flags and help texts
 * are in command-specs.ts, their code under commands/), and the one place that turns a failure into
 * a message (or `{"error": ...}` on stdout under --json) and an exit code.
 */
import { ValidationError } from '../constructs/errors';
import { UsageError } from './args';
import { isCommandName, usageLine, type CommandName } from './command-specs';
import { commandHelp, globalHelp, version } from './help';
import { routeLibraryLogs } from './library-logs';
import { NameHeldError } from '../engine/ownership';
import { ProgramError } from './load-program';
import { CommandFailure, ExitCode, processOutput, type Output } from './output';

type Run = (argv: string[], io: Output) => Promise<number>;

/** Each command's code, loaded when it runs: help and version load none of it (nor @polkadot). */
const RUN: Record<CommandName, () => Promise<Run>> = {
  init: async () => (await import('./commands/init')).initCommand,
  synth: async () => (await import('./commands/synth')).synthCommand,
  validate: async () => (await import('./commands/validate')).validateCommand,
  plan: async () => (await import('./commands/engine-commands')).engineCommand('plan'),
  apply: async () => (await import('./commands/engine-commands')).engineCommand('apply'),
  refresh: async () => (await import('./commands/engine-commands')).engineCommand('refresh'),
  status: async () => (await import('./commands/engine-commands')).engineCommand('status'),
  destroy: async () => (await import('./commands/engine-commands')).engineCommand('destroy'),
  unlock: async () => (await import('./commands/unlock')).unlockCommand,
  dao: async () => (await import('./commands/dao')).daoCommand,
  graph: async () => (await import('./commands/graph')).graphCommand,
  devgrid: async () => (await import('./commands/devgrid')).devgridCommand,
};

const HELP = ['--help', '-h'];

/** The flags before `--` (after it, everything is a positional). */
const flagsOf = (argv: string[]) => (argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv);

interface Failure {
  readonly exitCode: number;
  /** usage | invalid | program | failed | grid */
  readonly kind: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

function classify(e: unknown, name: CommandName | undefined): Failure {
  if (e instanceof UsageError)
    return {
      exitCode: ExitCode.usage,
      kind: 'usage',
      message: e.message,
      details: name ? { usage: usageLine(name) } : {},
    };
  if (e instanceof ValidationError)
    return {
      exitCode: ExitCode.invalid,
      kind: 'invalid',
      message: `invalid program:\n- ${e.problems.join('\n- ')}`,
      details: { problems: e.problems },
    };
  if (e instanceof ProgramError || e instanceof NameHeldError)
    return { exitCode: ExitCode.invalid, kind: 'program', message: e.message };
  if (e instanceof CommandFailure)
    return { exitCode: e.exitCode, kind: 'failed', message: e.message, details: e.details };
  // the grid refused or failed (chain, relay, node, proxy, scheduling): the message says what and why
  return { exitCode: ExitCode.gridError, kind: 'grid', message: (e as Error)?.message ?? String(e) };
}

function report(io: Output, name: CommandName | undefined, json: boolean, e: unknown): number {
  const f = classify(e, name);
  if (json) {
    io.out(
      JSON.stringify(
        {
          error: {
            ...(name ? { command: name } : {}),
            exitCode: f.exitCode,
            kind: f.kind,
            message: f.message,
            ...f.details,
          },
        },
        null,
        2,
      ),
    );
  } else {
    const usage =
      f.kind === 'usage' && name
        ? `\nusage: ${usageLine(name)}\n(tfgrid ${name} --help lists the options)`
        : '';
    io.err(`tfgrid${name ? ` ${name}` : ''}: ${f.message}${usage}`);
  }
  if (process.env.TFGRID_DEBUG && f.kind === 'grid') io.err(String((e as Error)?.stack));
  return f.exitCode;
}

export async function main(argv: string[], io: Output = processOutput): Promise<number> {
  if (io === processOutput) routeLibraryLogs();
  const [name, ...rest] = argv;
  const json = flagsOf(argv).includes('--json');
  if (name === '--version' || name === '-V') {
    io.out(json ? JSON.stringify({ version: version() }) : `tfgrid ${version()}`);
    return ExitCode.ok;
  }
  if (!name || HELP.includes(name) || name === 'help') {
    io.out(name === 'help' && rest[0] && isCommandName(rest[0]) ? commandHelp(rest[0]) : globalHelp());
    return ExitCode.ok;
  }
  if (!isCommandName(name))
    return report(
      io,
      undefined,
      json,
      new UsageError(`unknown command '${name}'. Run 'tfgrid --help' for the list of commands.`),
    );
  if (flagsOf(rest).some((a) => HELP.includes(a))) {
    io.out(commandHelp(name));
    return ExitCode.ok;
  }
  try {
    const run = await RUN[name]();
    return await run(rest, io);
  } catch (e) {
    return report(io, name, json, e);
  }
}
