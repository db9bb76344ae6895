/**
 * Server commands: PING, TIME, INFO, AUTH (plain and SECURE challenge), WAIT. 0-db has no QUIT.
 */
import * as crypto from 'crypto';
import { reply } from '../resp';
import { FORMAT_VERSION } from '../store/record-format';
import { checkArgs, text } from './args';
import { CommandHandler, CommandTable } from './command-context';
import { secureHash } from './namespace-commands';

const SHA1_HEX_LENGTH = 40;
const WAIT_DEFAULT_MS = 5000;
const WAIT_MIN_MS = 100;
const WAIT_MAX_MS = 30 * 60 * 1000;

/** Revision INFO reports (ours, not 0-db's). */
export const ZDB_SERVER_REVISION = 'tfgrid-devgrid-zdb 2.0.x-compatible';

const ping: CommandHandler = () => reply.simple('PONG');

const time: CommandHandler = () => {
  const ms = Date.now();
  // [seconds, microseconds], both as strings like redis
  return reply.array([reply.bulk(String(Math.floor(ms / 1000))), reply.bulk(String((ms % 1000) * 1000))]);
};

const info: CommandHandler = (ctx) => {
  const now = Math.floor(Date.now() / 1000);
  const s = ctx.stats;
  const io = ctx.store.io;
  const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(2);
  // 0-db's fields in its order (zdbd/commands_system.c); the dev server has no disk errors to count
  const lines = [
    '# server',
    'server_name: 0-db (zdb)',
    `server_revision: ${ZDB_SERVER_REVISION}`,
    `engine_revision: ${ZDB_SERVER_REVISION}`,
    `instance_id: ${s.instanceId}`,
    `boot_time: ${s.bootTime}`,
    `uptime: ${now - s.bootTime}`,
    '',
    '# clients',
    `clients_lifetime: ${s.clientsLifetime}`,
    '',
    '# internals',
    'sequential_key_size: 8',
    // the files' format version: the dev server's own format, not 0-db's (3 and 4)
    `data_version: ${FORMAT_VERSION}`,
    `index_version: ${FORMAT_VERSION}`,
    '',
    '# stats',
    `commands_executed: ${s.commandsExecuted}`,
    `commands_failed: ${s.commandsFailed}`,
    `commands_unauthorized: ${s.commandsUnauthorized}`,
    'index_disk_read_failed: 0',
    'index_disk_write_failed: 0',
    'data_disk_read_failed: 0',
    'data_disk_write_failed: 0',
    `index_disk_read_bytes: ${io.indexRead}`,
    `index_disk_read_mb: ${mb(io.indexRead)}`,
    `index_disk_write_bytes: ${io.indexWrite}`,
    `index_disk_write_mb: ${mb(io.indexWrite)}`,
    `data_disk_read_bytes: ${io.dataRead}`,
    `data_disk_read_mb: ${mb(io.dataRead)}`,
    `data_disk_write_bytes: ${io.dataWrite}`,
    `data_disk_write_mb: ${mb(io.dataWrite)}`,
    `network_rx_bytes: ${s.networkRx}`,
    `network_rx_mb: ${mb(s.networkRx)}`,
    `network_tx_bytes: ${s.networkTx}`,
    `network_tx_mb: ${mb(s.networkTx)}`,
  ];
  return reply.bulk(`${lines.join('\n')}\n`);
};

/** AUTH password | AUTH SECURE CHALLENGE | AUTH SECURE sha1hex(nonce:password) */
const auth: CommandHandler = (ctx, session, args) => {
  if (args.length === 2) {
    if (ctx.adminPassword === undefined) return reply.error('Authentication disabled');
    const refused = checkArgs(args, 2);
    if (refused) return refused;
    if (args[1].length > 128) return reply.error('Password too long');
    if (text(args[1]) !== ctx.adminPassword) return reply.error('Access denied');
    session.admin = true;
    return reply.ok();
  }
  if (args.length !== 3) return reply.error('Unexpected arguments');
  const refused = checkArgs(args, 3);
  if (refused) return refused;
  if (text(args[1]).toUpperCase() !== 'SECURE') return reply.error('Only SECURE extra method supported');
  if (text(args[2]).toUpperCase() === 'CHALLENGE') {
    // one nonce per connection; a new challenge replaces the previous one
    session.nonce = crypto.randomBytes(8).toString('hex');
    return reply.simple(session.nonce);
  }
  if (ctx.adminPassword === undefined) return reply.error('Authentication disabled');
  if (session.nonce === undefined) {
    return reply.error('No CHALLENGE requested, secure authentication not available');
  }
  if (args[2].length !== SHA1_HEX_LENGTH) return reply.error('Invalid hash length');
  const granted = text(args[2]) === secureHash(session.nonce, ctx.adminPassword);
  // the nonce is spent either way (no replay)
  session.nonce = undefined;
  if (!granted) return reply.error('Access denied');
  session.admin = true;
  return reply.ok();
};

/** WAIT command|* [timeout-ms]: block until another client of this namespace runs that command. */
const wait: CommandHandler = (ctx, session, args) => {
  if (args.length !== 2 && args.length !== 3) return reply.error('Invalid arguments');
  const command = ctx.servedCommand(text(args[1]));
  if (command === undefined) return reply.error('Unknown command to watch');
  let timeoutMs = WAIT_DEFAULT_MS;
  if (args.length === 3) {
    if (args[2].length > 16) return reply.error('Invalid timeout');
    timeoutMs = Number.parseInt(text(args[2]), 10);
    if (!Number.isFinite(timeoutMs) || timeoutMs < WAIT_MIN_MS || timeoutMs > WAIT_MAX_MS) {
      return reply.error('Invalid timeout');
    }
  }
  return ctx.waiters.wait(session.id, () => session.ns, command, timeoutMs);
};

export const systemCommands: CommandTable = {
  PING: ping,
  TIME: time,
  INFO: info,
  AUTH: auth,
  WAIT: wait,
};
