/**
 * Walking a namespace: SCAN/SCANX (oldest first), RSCAN (newest first), KEYCUR, HISTORY.
 */
import { reply, RespReply } from '../resp';
import { HistoryItem } from '../store/namespace';
import { checkArgs, refuseFrozen } from './args';
import { CommandHandler, CommandTable } from './command-context';

/** HISTORY's "previous version" handle: index file id and offset, u32 little-endian each. */
const HISTORY_KEY_BYTES = 8;

function walk(forward: boolean): CommandHandler {
  return (ctx, session, args) => {
    const ns = session.ns;
    const frozen = refuseFrozen(ns);
    if (frozen) return frozen;
    let from: number | undefined;
    if (args.length > 1) {
      from = ns.cursorPosition(args[1]);
      if (from === undefined) return reply.error('Invalid key format');
    }
    const entries = ns.scan(from, forward, ctx.scanBatchSize);
    if (entries.length === 0) return reply.error('No more data');
    // [next cursor, [[key, size, timestamp], ...]]
    return reply.array([
      reply.bulk(ns.cursorOf(entries[entries.length - 1])),
      reply.array(
        entries.map((e) =>
          reply.array([reply.bulk(e.key), reply.integer(e.length), reply.integer(e.timestamp)]),
        ),
      ),
    ]);
  };
}

const keycur: CommandHandler = (_ctx, session, args) => {
  const refused = checkArgs(args, 2);
  if (refused) return refused;
  const frozen = refuseFrozen(session.ns);
  if (frozen) return frozen;
  const entry = session.ns.lookup(args[1]);
  return entry ? reply.bulk(session.ns.cursorOf(entry)) : reply.error('Key not found');
};

function historyReply(item: HistoryItem): RespReply {
  let previous: RespReply = reply.nil();
  if (item.parent) {
    const handle = Buffer.alloc(HISTORY_KEY_BYTES);
    handle.writeUInt32LE(item.parent.fileId, 0);
    handle.writeUInt32LE(item.parent.offset, 4);
    previous = reply.bulk(handle);
  }
  // [handle of the previous version or nil, timestamp as a string, payload]
  return reply.array([previous, reply.bulk(String(item.timestamp)), reply.bulk(item.payload)]);
}

/** HISTORY key [handle]: the current version, then older ones by following the handles. */
const history: CommandHandler = (_ctx, session, args) => {
  if (args.length !== 2 && args.length !== 3) return reply.error('Invalid arguments');
  const ns = session.ns;
  const frozen = refuseFrozen(ns);
  if (frozen) return frozen;
  const key = args[1];
  if (args.length === 2) {
    const entry = ns.lookup(key);
    if (!entry) return reply.error('Key not found');
    const item = ns.historyAt(key, entry.indexFileId, entry.indexOffset);
    return item && item !== 'invalid-key' ? historyReply(item) : reply.error('Internal Error');
  }
  const handle = args[2];
  if (handle.length !== HISTORY_KEY_BYTES) return reply.error('Invalid arguments');
  const fileId = handle.readUInt32LE(0);
  const offset = handle.readUInt32LE(4);
  if (fileId === 0 && offset === 0) return reply.error('No more history');
  const item = ns.historyAt(key, fileId, offset);
  if (item === undefined) return reply.error('Invalid arguments (index query)');
  if (item === 'invalid-key') return reply.error('Invalid arguments (invalid key)');
  return historyReply(item);
};

export const scanCommands: CommandTable = {
  SCAN: walk(true),
  SCANX: walk(true),
  RSCAN: walk(false),
  KEYCUR: keycur,
  HISTORY: history,
};
