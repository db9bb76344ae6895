/**
 * What a command handler sees: the server-wide context and the calling connection's session.
 */
import { RespReply } from '../resp';
import { Namespace } from '../store/namespace';
import { ZdbStore } from '../store/zdb-store';
import { WaitRegistry } from './wait-registry';

/** Per-connection state, as 0-db keeps it per client. */
export interface ZdbSession {
  /** connection number (for logs and WAIT bookkeeping) */
  readonly id: number;
  /** the SELECTed namespace (starts at `default`) */
  ns: Namespace;
  /** false after a password-less SELECT of a public, password-protected namespace */
  writable: boolean;
  /** true after AUTH, or always when the server has no admin password */
  admin: boolean;
  /** pending AUTH SECURE CHALLENGE nonce */
  nonce?: string;
  /** set when a removed namespace's client is told so: close once the reply is written */
  closeAfterReply?: boolean;
}

/** Counters reported by INFO. */
export interface ZdbStats {
  /** unix seconds */
  readonly bootTime: number;
  clientsLifetime: number;
  commandsExecuted: number;
  commandsFailed: number;
  commandsUnauthorized: number;
  /** random at each start, as 0-db's instance id (clients see a restart by it) */
  readonly instanceId: number;
  /** bytes received from and sent to clients */
  networkRx: number;
  networkTx: number;
}

export interface CommandContext {
  readonly store: ZdbStore;
  /** undefined: no admin password, every client is admin (0-db's behaviour) */
  readonly adminPassword?: string;
  readonly stats: ZdbStats;
  /** most entries one SCAN/RSCAN reply carries */
  readonly scanBatchSize: number;
  readonly waiters: WaitRegistry;
  /** the served command a sent name runs (0-db's prefix rule; WAIT refuses others) */
  readonly servedCommand: (sent: string) => string | undefined;
}

export type CommandResult = RespReply | Promise<RespReply>;

/** `args[0]` is the command name, as sent. */
export type CommandHandler = (ctx: CommandContext, session: ZdbSession, args: Buffer[]) => CommandResult;

/** Command name (upper case) -> handler. */
export type CommandTable = Readonly<Record<string, CommandHandler>>;
