/**
 * Routes a parsed request to its handler, finding the command as 0-db does (command-names.ts: any
 * prefix of a name). A new command is a new entry in one of the tables. 0-db commands the dev server
 * does not serve (MIRROR, MASTER, HOOKS, INDEX, DATA, KSCAN, STOP, NSJUMP, RELOAD) answer
 * "Command not supported".
 */
import { reply } from '../resp';
import { CommandContext, CommandResult, CommandTable, ZdbSession } from './command-context';
import { resolveCommand } from './command-names';
import { dataCommands } from './data-commands';
import { namespaceCommands } from './namespace-commands';
import { scanCommands } from './scan-commands';
import { systemCommands } from './system-commands';

export const ZDB_COMMANDS: CommandTable = {
  ...systemCommands,
  ...dataCommands,
  ...scanCommands,
  ...namespaceCommands,
};

/** The served command a sent name runs (0-db's prefix rule), or undefined. `*` resolves to itself. */
export function servedCommand(sent: string): string | undefined {
  const name = resolveCommand(sent);
  if (name === '*') return name;
  return name !== undefined && Object.prototype.hasOwnProperty.call(ZDB_COMMANDS, name) ? name : undefined;
}

/** Run one request for `session`; WAIT returns a promise, everything else answers at once. */
export function dispatch(ctx: CommandContext, session: ZdbSession, args: Buffer[]): CommandResult {
  if (session.ns.deleted) {
    session.closeAfterReply = true;
    return reply.error('Your active namespace is not available anymore (probably removed).');
  }
  const name = servedCommand(args[0].toString('latin1'));
  if (name === undefined) {
    ctx.stats.commandsFailed += 1;
    return reply.error('Command not supported');
  }
  ctx.stats.commandsExecuted += 1;
  if (name === '*') return reply.error('This is not a valid command');
  let result: CommandResult;
  try {
    result = ZDB_COMMANDS[name](ctx, session, args);
  } catch {
    // disk errors and the like: the client gets 0-db's generic answer, the server keeps running
    result = reply.error('Internal Error');
  }
  ctx.waiters.notify(session.id, session.ns, name);
  return result;
}
