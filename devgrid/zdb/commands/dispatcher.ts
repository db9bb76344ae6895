/**
 * Routes a parsed request to its handler. A new command is a new entry in one of the tables.
 */
import { reply } from '../resp';
import { CommandContext, CommandResult, CommandTable, ZdbSession } from './command-context';
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

export function isKnownCommand(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(ZDB_COMMANDS, name);
}

/** Run one request for `session`; WAIT returns a promise, everything else answers at once. */
export function dispatch(ctx: CommandContext, session: ZdbSession, args: Buffer[]): CommandResult {
  if (session.ns.deleted) {
    session.closeAfterReply = true;
    return reply.error('Your active namespace is not available anymore (probably removed).');
  }
  const name = args[0].toString('latin1').toUpperCase();
  if (!isKnownCommand(name)) {
    ctx.stats.commandsFailed += 1;
    return reply.error('Command not supported');
  }
  ctx.stats.commandsExecuted += 1;
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
