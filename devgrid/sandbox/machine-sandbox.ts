/**
 * The dev grid's stand-in for a zmachine VM: not a VM but a local sandbox reachable over SSH. An
 * SSH server (ssh2, pure JS) on loopback accepts public key auth for the machine's authorized keys
 * (its `SSH_KEY` env), any user name, and runs `exec` commands and shells with `/bin/sh` in the
 * machine's own directory. While the machine's contract is in its grace period the sandbox is
 * paused: running commands are frozen and new sessions are refused with a message saying why.
 */
import * as fs from 'fs';
import type { AddressInfo } from 'net';
import { Server, type Connection, type ServerChannel, type Session } from 'ssh2';
import { findAuthorizedKey, parseAuthorizedKeys, type AuthorizedKey } from './authorized-keys';
import { SandboxProcess } from './sandbox-process';
import { generateSshKeyPair, hostKeyPairFromSeed, publicKeyBlobOfLine, sshFingerprint } from './ssh-keys';

/** Exit code of a session refused because the machine is paused (ssh's own error code). */
export const PAUSED_EXIT_CODE = 255;

/** The message a client gets for a new session while the machine is paused. */
export const PAUSED_MESSAGE =
  'machine is paused: its contract is in the grace period (the twin ran out of funds); fund the twin and the machine resumes';

export interface MachineSandboxOptions {
  /** the machine's own directory: commands run here and HOME points here; created if missing */
  readonly dir: string;
  /** OpenSSH public key lines (ed25519, RSA, ECDSA) that may log in, e.g. the lines of the `SSH_KEY` env */
  readonly authorizedKeys: readonly string[];
  /** the machine's env, visible to every command (over the minimal PATH/HOME env) */
  readonly env: Readonly<Record<string, string>>;
  /** derive the host key from this seed so a restarted node keeps its host key; @default a fresh random key */
  readonly hostKeySeed?: string;
  /** address to listen on; @default '127.0.0.1' */
  readonly host?: string;
  /** TCP port; @default 0 (an ephemeral port) */
  readonly port?: number;
  /** receives every command, its output lines and exit status (the machine's console, for zlogs) */
  readonly consoleLog?: (line: string) => void;
  /** an `exec` command is killed after this many milliseconds (exit code 124); @default 600000 (10 min) */
  readonly execTimeoutMs?: number;
}

/** A running machine sandbox. */
export interface MachineSandbox {
  readonly host: string;
  readonly port: number;
  /** OpenSSH fingerprint of the host key, `SHA256:...` */
  readonly hostKeyFingerprint: string;
  /** the host's public key line, for a known_hosts entry */
  readonly hostPublicKey: string;
  /** true while paused (grace period) */
  readonly paused: boolean;
  /** stops the server, kills all commands and closes all connections */
  close(): Promise<void>;
  /** freezes running commands and refuses new sessions */
  pause(): void;
  resume(): void;
  /** replaces the authorized keys; applies to the next login */
  updateKeys(keys: readonly string[]): void;
}

const DEFAULT_EXEC_TIMEOUT_MS = 600_000;
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** How long close() waits for clients to hang up before dropping their sockets. */
const CLOSE_GRACE_MS = 1000;

/** Starts a machine sandbox and resolves once it listens. */
export async function startMachineSandbox(opts: MachineSandboxOptions): Promise<MachineSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.consoleLog ?? (() => undefined);
  const execTimeoutMs = opts.execTimeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  await fs.promises.mkdir(opts.dir, { recursive: true });

  const hostKey =
    opts.hostKeySeed !== undefined
      ? hostKeyPairFromSeed(opts.hostKeySeed)
      : generateSshKeyPair('devgrid-host');
  const hostKeyFingerprint = sshFingerprint(publicKeyBlobOfLine(hostKey.publicKeyLine));
  let keys: AuthorizedKey[] = [];
  const setKeys = (lines: readonly string[]) => {
    const parsed = parseAuthorizedKeys(lines);
    for (const s of parsed.skipped) log(`[ssh] ignoring ${s}`);
    if (parsed.keys.length === 0)
      log('[ssh] no authorized keys: nobody can log in; set SSH_KEY in the machine env');
    keys = parsed.keys;
  };
  setKeys(opts.authorizedKeys);

  let paused = false;
  let closing = false;
  const connections = new Set<Connection>();
  const processes = new Set<SandboxProcess>();
  // process groups of every command: a command's background jobs (`server &`) outlive its shell
  // and must still be paused with the machine and killed when it goes
  const groups = new Set<number>();
  const signalGroups = (sig: NodeJS.Signals) => {
    for (const g of groups) {
      try {
        process.kill(-g, sig);
      } catch {
        groups.delete(g); // the group is gone
      }
    }
  };

  const run = async (
    channel: ServerChannel,
    command: string | undefined,
    user: string,
    sessionEnv: Record<string, string>,
  ) => {
    if (paused || closing) {
      log(`[ssh] refused ${command === undefined ? 'shell' : 'command'} for ${user}: machine is paused`);
      channel.stderr.write(`${closing ? 'machine is shutting down' : PAUSED_MESSAGE}\n`);
      channel.exit(PAUSED_EXIT_CODE);
      channel.end();
      return;
    }
    log(command === undefined ? `[ssh] shell opened by ${user}` : `$ ${command}`);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? DEFAULT_PATH,
      HOME: opts.dir,
      PWD: opts.dir,
      USER: user,
      LOGNAME: user,
      SHELL: '/bin/sh',
      ...sessionEnv,
      ...opts.env,
    };
    const proc = new SandboxProcess({
      command,
      cwd: opts.dir,
      env,
      timeoutMs: command === undefined ? 0 : execTimeoutMs,
      io: { stdin: channel, stdout: channel, stderr: channel.stderr },
      log,
    });
    processes.add(proc);
    if (proc.pid !== undefined) groups.add(proc.pid);
    // A client that hangs up takes its command with it, as sshd does: no orphans in the sandbox.
    channel.on('close', () => void proc.kill());
    const exit = await proc.exited;
    processes.delete(proc);
    log(command === undefined ? `[ssh] shell closed (exit ${exit.code})` : `[exit ${exit.code}]`);
    if (!channel.destroyed) {
      channel.exit(exit.code);
      channel.end();
    }
  };

  const onSession = (session: Session, user: string) => {
    const sessionEnv: Record<string, string> = {};
    session.on('env', (accept, _reject, info) => {
      sessionEnv[info.key] = info.val;
      accept?.();
    });
    // No pty here: accepting the request lets `ssh -t` clients work with a plain pipe.
    session.on('pty', (accept) => accept?.());
    session.on('window-change', (accept) => accept?.());
    session.on('exec', (accept, _reject, info) => void run(accept(), info.command, user, sessionEnv));
    session.on('shell', (accept) => void run(accept(), undefined, user, sessionEnv));
    session.on('sftp', (_accept, reject) => reject?.());
    session.on('subsystem', (_accept, reject) => reject?.());
  };

  const onConnection = (client: Connection, info: { ip: string }) => {
    if (closing) {
      client.end();
      return;
    }
    connections.add(client);
    let user = 'root';
    client.on('close', () => connections.delete(client));
    // Resets and protocol errors of one client concern that client only.
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
      const key = findAuthorizedKey(keys, ctx.key.data);
      if (!key) {
        log(`[ssh] rejected unknown key for ${ctx.username} from ${info.ip}`);
        return ctx.reject(['publickey']);
      }
      // Without a signature the client only asks whether the key would do; it signs next.
      if (!ctx.signature) return ctx.accept();
      if (!ctx.blob || key.parsed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) {
        log(`[ssh] rejected bad signature for ${ctx.username} from ${info.ip}`);
        return ctx.reject(['publickey']);
      }
      user = ctx.username || 'root';
      log(`[ssh] ${user} logged in from ${info.ip} with ${key.type} ${sshFingerprint(key.blob)}`);
      ctx.accept();
    });
    client.on('ready', () => client.on('session', (accept) => onSession(accept(), user)));
  };

  const server = new Server(
    { hostKeys: [hostKey.privateKey], ident: 'tfgrid-devgrid-sandbox' },
    onConnection,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: Error) =>
      reject(
        new Error(
          `machine sandbox cannot listen on ${host}:${opts.port ?? 0}: ${e.message}; choose another port or use 0`,
        ),
      ),
    );
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  server.on('error', (e: Error) => log(`[ssh] server error: ${e.message}`));
  const port = (server.address() as AddressInfo).port;

  return {
    host,
    port,
    hostKeyFingerprint,
    hostPublicKey: hostKey.publicKeyLine,
    get paused() {
      return paused;
    },
    async close() {
      if (closing) return;
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...processes].map((p) => p.kill()));
      signalGroups('SIGCONT');
      signalGroups('SIGKILL');
      for (const c of connections) c.end();
      // A client that does not answer the disconnect must not keep close() waiting.
      const timer = setTimeout(() => {
        for (const c of connections) (c as unknown as { _sock?: { destroy(): void } })._sock?.destroy();
      }, CLOSE_GRACE_MS);
      await closed;
      clearTimeout(timer);
    },
    pause() {
      if (paused) return;
      paused = true;
      log('[machine] paused (grace period)');
      for (const p of processes) p.pause();
      signalGroups('SIGSTOP');
    },
    resume() {
      if (!paused) return;
      paused = false;
      log('[machine] resumed');
      for (const p of processes) p.resume();
      signalGroups('SIGCONT');
    },
    updateKeys(lines) {
      setKeys(lines);
      log(`[ssh] authorized keys updated (${keys.length} key${keys.length === 1 ? '' : 's'})`);
    },
  };
}
