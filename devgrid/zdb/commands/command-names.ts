/**
 * How 0-db finds a command's handler (zdbd/commands.c): it walks its handler table in order and
 * takes the first name whose beginning matches the sent name, case-insensitively, over the sent
 * name's length. So any prefix is a command: `PIN` runs PING, `GE` runs GET, `S` runs SET, `D` runs
 * DATA (not DEL), an empty name runs the `*` placeholder. A name longer than the handler's never
 * matches (`FLUSHALL` is not FLUSH). There is no QUIT: 0-db answers it "Command not supported".
 */

/** 0-db's handler table, in its order (the order decides which command a prefix runs). */
export const ZDB_COMMAND_ORDER: readonly string[] = [
  '*', // placeholder WAIT * matches; run as a command it is refused
  'WAIT',
  'MIRROR',
  'MASTER',
  'PING',
  'TIME',
  'AUTH',
  'HOOKS',
  'INDEX',
  'DATA',
  'SET',
  'SETX',
  'GET',
  'MGET',
  'DEL',
  'EXISTS',
  'CHECK',
  'SCAN',
  'SCANX',
  'RSCAN',
  'KSCAN',
  'HISTORY',
  'KEYCUR',
  'LENGTH',
  'KEYTIME',
  'INFO',
  'STOP',
  'DBSIZE',
  'NSNEW',
  'NSDEL',
  'NSLIST',
  'NSSET',
  'NSINFO',
  'NSJUMP',
  'SELECT',
  'RELOAD',
  'FLUSH',
];

/** The 0-db command a sent name runs (upper case), or undefined when 0-db has none. */
export function resolveCommand(sent: string): string | undefined {
  const name = sent.toUpperCase();
  return ZDB_COMMAND_ORDER.find((c) => c.startsWith(name));
}
