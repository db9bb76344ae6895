/**
 * Namespace commands: NSNEW, NSDEL, NSSET, NSINFO, NSLIST, SELECT, DBSIZE, FLUSH.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import { reply } from '../resp';
import { Namespace } from '../store/namespace';
import { applyNamespaceProperty } from '../store/namespace-properties';
import { DEFAULT_NAMESPACE, namespaceNameProblem } from '../store/namespace-settings';
import { checkArgs, checkNamespaceArg, requireAdmin, text } from './args';
import { CommandHandler, CommandTable } from './command-context';

/** Longest NSSET property name; values are capped at 63 bytes (0-db's buffers). */
const PROPERTY_MAX_LENGTH = 256;
const VALUE_MAX_LENGTH = 63;
const SHA1_HEX_LENGTH = 40;

/** sha1hex("nonce:password"): what `AUTH SECURE` and `SELECT ns SECURE` expect. */
export function secureHash(nonce: string, password: string): string {
  return crypto.createHash('sha1').update(`${nonce}:${password}`).digest('hex');
}

const nsnew: CommandHandler = (ctx, session, args) => {
  const refused = requireAdmin(ctx, session) ?? checkArgs(args, 2) ?? checkNamespaceArg(args[1]);
  if (refused) return refused;
  const name = text(args[1]);
  if (namespaceNameProblem(name)) return reply.error('This name is not allowed');
  if (ctx.store.get(name)) return reply.error('This namespace is not available');
  ctx.store.create(name);
  return reply.ok();
};

const nsdel: CommandHandler = (ctx, session, args) => {
  const refused = requireAdmin(ctx, session) ?? checkArgs(args, 2) ?? checkNamespaceArg(args[1]);
  if (refused) return refused;
  const name = text(args[1]);
  if (name === DEFAULT_NAMESPACE) return reply.error('Cannot remove default namespace');
  const ns = ctx.store.get(name);
  if (!ns) return reply.error("This namespace doesn't exists");
  if (session.ns === ns) return reply.error("Cannot remove namespace you're currently using.");
  // other clients on it are told and disconnected on their next command
  ctx.store.delete(name);
  return reply.ok();
};

const nsset: CommandHandler = (ctx, session, args) => {
  const refused = requireAdmin(ctx, session) ?? checkArgs(args, 4) ?? checkNamespaceArg(args[1]);
  if (refused) return refused;
  if (args[2].length > PROPERTY_MAX_LENGTH || args[3].length > VALUE_MAX_LENGTH) {
    return reply.error('Argument too long');
  }
  const ns = ctx.store.get(text(args[1]));
  if (!ns) return reply.error('Namespace not found');
  const problem = applyNamespaceProperty(ns, text(args[2]), text(args[3]));
  if (problem) return reply.error(problem);
  ns.saveSettings();
  return reply.ok();
};

const mb = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(2);

/** Bytes an unprivileged writer may still use on the disk under `dir` (statvfs: f_bsize * f_bavail). */
function diskFreeBytes(dir: string): number | undefined {
  try {
    const s = fs.statfsSync(dir);
    return s.bsize * s.bavail;
  } catch {
    return undefined; // 0-db leaves the lines out when statvfs fails
  }
}

/** 0-db prints the id byte-swapped as 64-bit hex, at least 8 digits. */
function nextInternalId(id: number): string {
  const swapped = Buffer.alloc(8);
  swapped.writeBigUInt64BE(BigInt(id));
  return `0x${swapped.readBigUInt64LE().toString(16).padStart(8, '0')}`;
}

/** NSINFO text, fields as 0-db names them. */
export function namespaceInfoText(ns: Namespace, admin: boolean): string {
  const s = ns.settings;
  const lines = [
    '# namespace',
    `name: ${ns.name}`,
    `entries: ${ns.entries}`,
    `public: ${s.public ? 'yes' : 'no'}`,
    `worm: ${s.worm ? 'yes' : 'no'}`,
    `locked: ${s.lock !== 'unlocked' ? 'yes' : 'no'}`,
    `password: ${s.password !== undefined ? 'yes' : 'no'}`,
    `data_size_bytes: ${ns.dataSizeBytes}`,
    `data_size_mb: ${mb(ns.dataSizeBytes)}`,
    `data_limits_bytes: ${s.maxsize}`,
    `index_size_bytes: ${ns.indexSizeBytes}`,
    `index_size_kb: ${(ns.indexSizeBytes / 1024).toFixed(2)}`,
    `next_internal_id: ${nextInternalId(ns.nextId)}`,
    `mode: ${s.mode === 'seq' ? 'sequential' : 'userkey'}`,
    'stats_index_io_errors: 0',
    'stats_index_io_error_last: 0',
    'stats_index_faults: 0',
    'stats_data_io_errors: 0',
    'stats_data_io_error_last: 0',
    'stats_data_faults: 0',
  ];
  // size_t arithmetic, as 0-db: a limit lowered below the data size wraps around
  if (s.maxsize > 0n)
    lines.push(`space_available: ${BigInt.asUintN(64, s.maxsize - BigInt(ns.dataSizeBytes))}`);
  // free space of the disk under the index and the data (one directory here); zstor reads these
  const free = diskFreeBytes(ns.dir);
  if (free !== undefined) {
    lines.push(`index_disk_freespace_bytes: ${free}`, `index_disk_freespace_mb: ${mb(free)}`);
    lines.push(`data_disk_freespace_bytes: ${free}`, `data_disk_freespace_mb: ${mb(free)}`);
  }
  if (admin) {
    lines.push(
      `data_path: ${ns.dir}`,
      `data_active: ${ns.activeFile('data')}`,
      `index_path: ${ns.dir}`,
      `index_active: ${ns.activeFile('index')}`,
      `data_current_id: ${ns.currentFileId}`,
      `data_current_offset: ${ns.currentDataOffset}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const nsinfo: CommandHandler = (ctx, session, args) => {
  const refused = checkArgs(args, 2) ?? checkNamespaceArg(args[1]);
  if (refused) return refused;
  const ns = ctx.store.get(text(args[1]));
  if (!ns) return reply.error('Namespace not found');
  return reply.bulk(namespaceInfoText(ns, session.admin));
};

const nslist: CommandHandler = (ctx) => reply.array(ctx.store.names().map((n) => reply.bulk(n)));

/** SELECT ns [password | SECURE sha1hex(nonce:password)] */
const select: CommandHandler = (ctx, session, args) => {
  if (args.length < 2) return reply.error('Invalid argument');
  const tooLong = checkNamespaceArg(args[1]);
  if (tooLong) return tooLong;
  const ns = ctx.store.get(text(args[1]));
  if (!ns) return reply.error('Namespace not found');
  let writable = true;
  const password = ns.settings.password;
  if (password !== undefined) {
    if (args.length < 3) {
      // public + password: readable by anyone, writable with the password only
      if (!ns.settings.public) return reply.error('Namespace protected and private');
      writable = false;
    } else if (args.length > 4) {
      return reply.error('Too many arguments');
    } else if (args.length === 3) {
      if (args[2].length > 255) return reply.error('Password too long');
      if (text(args[2]) !== password) return reply.error('Access denied');
    } else {
      if (text(args[2]).toUpperCase() !== 'SECURE') return reply.error('Only SECURE extra method supported');
      if (session.nonce === undefined) {
        return reply.error('No CHALLENGE requested, secure authentication not available');
      }
      if (args[3].length !== SHA1_HEX_LENGTH) return reply.error('Invalid hash length');
      if (text(args[3]) !== secureHash(session.nonce, password)) return reply.error('Access denied');
    }
  }
  session.ns = ns;
  session.writable = writable;
  return reply.ok();
};

const dbsize: CommandHandler = (_ctx, session) => reply.integer(session.ns.entries);

/** FLUSH: empties the selected namespace, only when private and password-protected. */
const flush: CommandHandler = (_ctx, session) => {
  const ns = session.ns;
  if (ns.settings.public || ns.settings.password === undefined) {
    return reply.error('Flushing public namespace denied');
  }
  ns.flush();
  return reply.ok();
};

export const namespaceCommands: CommandTable = {
  NSNEW: nsnew,
  NSDEL: nsdel,
  NSSET: nsset,
  NSINFO: nsinfo,
  NSLIST: nslist,
  SELECT: select,
  DBSIZE: dbsize,
  FLUSH: flush,
};
