/**
 * One command (or interactive shell) of a machine sandbox: `/bin/sh` in the machine's directory, in
 * its own process group so a grace period can stop the whole command (SIGSTOP) and a timeout or
 * contract cancellation can kill it with all its children.
 */
import { spawn } from 'child_process';
import type { Readable, Writable } from 'stream';

/** Exit code reported when a command runs past its timeout (as coreutils' `timeout`). */
export const TIMEOUT_EXIT_CODE = 124;

/** Where a sandbox process reads and writes: the SSH channel's streams. */
export interface SandboxIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

export interface SandboxProcessOptions {
  /** the command for `/bin/sh -c`; undefined starts an interactive shell (`/bin/sh -i`) */
  readonly command?: string;
  /** working directory: the machine's directory */
  readonly cwd: string;
  /** the full environment of the process */
  readonly env: Record<string, string>;
  /** the process group is killed after this many milliseconds; 0 = no limit */
  readonly timeoutMs: number;
  readonly io: SandboxIo;
  /** receives each complete output line (and shell input lines), for the machine's console log */
  readonly log: (line: string) => void;
}

/** How a sandbox process ended. */
export interface SandboxExit {
  /** exit code; 124 on timeout, 128+n when killed by signal n */
  readonly code: number;
  readonly signal?: NodeJS.Signals;
  readonly timedOut: boolean;
}

/** Splits a byte stream into lines for the console log, keeping a partial last line until flushed. */
export class LineSplitter {
  private partial = '';

  constructor(
    private readonly prefix: string,
    private readonly emit: (line: string) => void,
  ) {}

  write(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const p of parts) this.emit(this.prefix + p);
  }

  flush(): void {
    if (this.partial !== '') this.emit(this.prefix + this.partial);
    this.partial = '';
  }
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGTERM: 15,
};

/** A running sandbox process. */
export class SandboxProcess {
  /** resolves once the process exited and its output was written */
  readonly exited: Promise<SandboxExit>;
  /** the process group id (the shell's pid); background jobs of the command stay in it */
  readonly pid: number | undefined;
  private finished = false;
  private timedOut = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(opts: SandboxProcessOptions) {
    const args = opts.command === undefined ? ['-i'] : ['-c', opts.command];
    const child = spawn('/bin/sh', args, {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.pid = child.pid;
    const out = new LineSplitter('', opts.log);
    const err = new LineSplitter('', opts.log);
    const input = new LineSplitter('$ ', opts.log);

    child.stdout.on('data', (d: Buffer) => {
      out.write(d);
      writeSafe(opts.io.stdout, d);
    });
    child.stderr.on('data', (d: Buffer) => {
      err.write(d);
      writeSafe(opts.io.stderr, d);
    });
    // The client may close its side early; a write to a dead stdin is not an error of the sandbox.
    child.stdin.on('error', () => undefined);
    opts.io.stdin.on('data', (d: Buffer) => {
      if (opts.command === undefined) input.write(d);
      if (!child.stdin.destroyed) child.stdin.write(d);
    });
    opts.io.stdin.on('end', () => child.stdin.end());

    if (opts.timeoutMs > 0) {
      this.timer = setTimeout(() => {
        this.timedOut = true;
        this.signal('SIGKILL');
      }, opts.timeoutMs);
    }

    this.exited = new Promise<SandboxExit>((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
        if (this.finished) return;
        this.finished = true;
        if (this.timer) clearTimeout(this.timer);
        out.flush();
        err.flush();
        input.flush();
        if (spawnError) {
          const msg = `cannot start /bin/sh in ${opts.cwd}: ${spawnError.message}`;
          opts.log(msg);
          writeSafe(opts.io.stderr, msg + '\n');
          resolve({ code: 127, timedOut: false });
          return;
        }
        if (this.timedOut) {
          const msg = `command timed out after ${opts.timeoutMs} ms and was killed`;
          opts.log(msg);
          writeSafe(opts.io.stderr, msg + '\n');
          resolve({ code: TIMEOUT_EXIT_CODE, signal: signal ?? undefined, timedOut: true });
          return;
        }
        const fromSignal = signal ? 128 + (SIGNAL_NUMBERS[signal] ?? 0) : 0;
        resolve({ code: code ?? fromSignal, signal: signal ?? undefined, timedOut: false });
      };
      // 'close' waits for stdout/stderr to drain, so all output is written before the exit status.
      child.on('close', (code, signal) => finish(code, signal));
      child.on('error', (e) => finish(null, null, e));
    });
  }

  /** Sends a signal to the process group (the shell and everything it started). */
  signal(sig: NodeJS.Signals): void {
    if (this.finished || this.pid === undefined) return;
    try {
      process.kill(-this.pid, sig);
    } catch {
      // the group is already gone
    }
  }

  /** Freezes the process group: a paused machine does not run. */
  pause(): void {
    this.signal('SIGSTOP');
  }

  resume(): void {
    this.signal('SIGCONT');
  }

  /** Kills the process group and waits for the exit. */
  async kill(): Promise<SandboxExit> {
    this.signal('SIGCONT');
    this.signal('SIGKILL');
    return this.exited;
  }
}

function writeSafe(stream: Writable, data: Buffer | string): void {
  if (!stream.destroyed && !stream.writableEnded) stream.write(data);
}
