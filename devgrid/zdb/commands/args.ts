/**
 * Argument checks shared by commands, with 0-db's error texts.
 */
import { reply, RespReply } from '../resp';
import { Namespace } from '../store/namespace';
import { NAMESPACE_MAX_LENGTH } from '../store/namespace-settings';
import { CommandContext, ZdbSession } from './command-context';

/** Exactly `expected` arguments (command included), none empty unless `allowEmpty`. */
export function checkArgs(args: Buffer[], expected: number, allowEmpty = false): RespReply | undefined {
  if (args.length !== expected) return reply.error('Unexpected arguments');
  if (!allowEmpty && args.some((a) => a.length === 0)) return reply.error('Invalid argument');
  return undefined;
}

/** Admin-only commands. */
export function requireAdmin(ctx: CommandContext, session: ZdbSession): RespReply | undefined {
  if (session.admin) return undefined;
  ctx.stats.commandsUnauthorized += 1;
  return reply.error('Permission denied');
}

/** A namespace name argument. */
export function checkNamespaceArg(arg: Buffer): RespReply | undefined {
  return arg.length > NAMESPACE_MAX_LENGTH ? reply.error('Namespace too long') : undefined;
}

/** Reads and writes are refused on a frozen namespace. */
export function refuseFrozen(ns: Namespace): RespReply | undefined {
  return ns.settings.lock === 'frozen'
    ? reply.error('Namespace is temporarily frozen (read-write disabled)')
    : undefined;
}

/** Writes are refused on a locked (read-only) namespace. */
export function refuseLocked(ns: Namespace): RespReply | undefined {
  return ns.settings.lock === 'read-only'
    ? reply.error('Namespace is temporarily locked (read-only)')
    : undefined;
}

/** Decimal argument the way C's atoll reads it (leading digits, else 0). */
export function parseLeadingInteger(arg: Buffer): number {
  const n = Number.parseInt(arg.toString('latin1').trim(), 10);
  return Number.isFinite(n) ? n : 0;
}

export function text(arg: Buffer): string {
  return arg.toString('utf8');
}
