/**
 * Key-value commands: SET, GET, MGET, DEL, EXISTS, CHECK, LENGTH, KEYTIME (0-db semantics and texts).
 */
import { reply, RespReply } from '../resp';
import { IndexEntry, Namespace } from '../store/namespace';
import { MAX_KEY_LENGTH } from '../store/namespace-settings';
import { crc32 } from '../store/record-format';
import { checkArgs, parseLeadingInteger, refuseFrozen, refuseLocked, requireAdmin } from './args';
import { CommandHandler, CommandTable, ZdbSession } from './command-context';

/** SET key value [timestamp]: replies the key (the new id in seq mode), nil when nothing changed. */
const set: CommandHandler = (ctx, session, args) => {
  // a 4th argument forces the timestamp (replication): admin only
  const refused = args.length === 4 ? requireAdmin(ctx, session) : checkArgs(args, 3, true);
  if (refused) return refused;
  const [, key, value] = args;
  if (key.length > MAX_KEY_LENGTH) return reply.error('Key too large');
  if (!session.writable) return reply.error('Namespace is in read-only mode');
  const ns = session.ns;
  const blocked = refuseFrozen(ns) ?? refuseLocked(ns);
  if (blocked) return blocked;

  const existing = key.length > 0 ? ns.lookup(key) : undefined;
  if (existing && ns.settings.worm) return reply.error('Namespace is protected by worm mode');
  // an overwrite gives the old value's bytes back first
  const { maxsize } = ns.settings;
  // 0-db adds in size_t: a limit near 2^64 wraps around with the credit
  if (
    maxsize > 0n &&
    BigInt(ns.dataSizeBytes + value.length) > BigInt.asUintN(64, maxsize + BigInt(existing?.length ?? 0))
  ) {
    return reply.error('No space left on this namespace');
  }
  if (ns.settings.mode === 'user' && key.length === 0) return reply.error('Invalid argument, key needed');
  if (ns.settings.mode === 'seq' && key.length > 0 && !existing) {
    return reply.error('Invalid key, only update authorized');
  }
  if (existing && existing.length === value.length && existing.crc === crc32(value)) {
    // byte-identical rewrite: nothing appended
    if (ns.readPayload(existing)?.equals(value)) return reply.nil();
  }
  const timestamp = args.length === 4 ? parseLeadingInteger(args[3]) : undefined;
  const entry = ns.write(key, value, timestamp, existing);
  return reply.bulk(entry.key);
};

/** Common shape of the single-key readers: validation, frozen check, live entry lookup. */
function readKey(
  session: ZdbSession,
  args: Buffer[],
  found: (entry: IndexEntry, ns: Namespace) => RespReply,
): RespReply {
  const refused = checkArgs(args, 2);
  if (refused) return refused;
  if (args[1].length > MAX_KEY_LENGTH) return reply.error('Invalid key');
  const frozen = refuseFrozen(session.ns);
  if (frozen) return frozen;
  const entry = session.ns.lookup(args[1]);
  return entry ? found(entry, session.ns) : reply.nil();
}

function payloadReply(entry: IndexEntry, ns: Namespace): RespReply {
  const payload = ns.readPayload(entry);
  return payload ? reply.bulk(payload) : reply.error('Internal Error');
}

const get: CommandHandler = (_ctx, session, args) => readKey(session, args, payloadReply);

const mget: CommandHandler = (_ctx, session, args) => {
  if (args.length < 2) return reply.error('Invalid arguments');
  if (args.slice(1).some((k) => k.length > MAX_KEY_LENGTH)) return reply.error('Invalid key');
  const frozen = refuseFrozen(session.ns);
  if (frozen) return frozen;
  return reply.array(
    args.slice(1).map((key) => {
      const entry = session.ns.lookup(key);
      return entry ? payloadReply(entry, session.ns) : reply.nil();
    }),
  );
};

const del: CommandHandler = (ctx, session, args) => {
  const refused = args.length === 3 ? requireAdmin(ctx, session) : checkArgs(args, 2);
  if (refused) return refused;
  if (args[1].length > MAX_KEY_LENGTH) return reply.error('Invalid key');
  if (!session.writable) return reply.error('Namespace is in read-only mode');
  const ns = session.ns;
  const blocked = refuseFrozen(ns) ?? refuseLocked(ns);
  if (blocked) return blocked;
  const entry = ns.lookup(args[1]);
  if (!entry) return reply.error('Key not found');
  if (ns.settings.worm) return reply.error('Cannot delete a key when namespace is in worm mode');
  ns.remove(entry, args.length === 3 ? parseLeadingInteger(args[2]) : undefined);
  return reply.ok();
};

const exists: CommandHandler = (_ctx, session, args) => {
  const r = readKey(session, args, () => reply.integer(1));
  return r.type === 'bulk' ? reply.integer(0) : r;
};

const check: CommandHandler = (_ctx, session, args) =>
  readKey(session, args, (entry, ns) => reply.integer(ns.verify(entry) ? 1 : 0));

const length: CommandHandler = (_ctx, session, args) =>
  readKey(session, args, (entry) => reply.integer(entry.length));

const keytime: CommandHandler = (_ctx, session, args) =>
  readKey(session, args, (entry) => reply.integer(entry.timestamp));

export const dataCommands: CommandTable = {
  SET: set,
  SETX: set,
  GET: get,
  MGET: mget,
  DEL: del,
  EXISTS: exists,
  CHECK: check,
  LENGTH: length,
  KEYTIME: keytime,
};
