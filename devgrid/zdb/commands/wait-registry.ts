/**
 * WAIT: connections blocked until another client on the same namespace runs a command.
 */
import { reply, RespReply } from '../resp';
import { Namespace } from '../store/namespace';

interface Waiter {
  readonly sessionId: number;
  readonly ns: () => Namespace;
  /** upper-case command name, or `*` for any */
  readonly command: string;
  readonly resolve: (r: RespReply) => void;
  readonly timer: NodeJS.Timeout;
}

export class WaitRegistry {
  private waiters: Waiter[] = [];

  /**
   * Block until `command` runs elsewhere on the waiter's namespace (`+COMMAND`), or `-Timeout`.
   * @param ns reads the waiter's current namespace when an event fires
   */
  wait(sessionId: number, ns: () => Namespace, command: string, timeoutMs: number): Promise<RespReply> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        resolve(reply.error('Timeout'));
      }, timeoutMs);
      this.waiters.push({ sessionId, ns, command, resolve, timer });
    });
  }

  /** A command finished: wake the matching waiters of other sessions on the same namespace. */
  notify(sessionId: number, ns: Namespace, command: string): void {
    if (this.waiters.length === 0) return;
    const woken = this.waiters.filter(
      (w) => w.sessionId !== sessionId && w.ns() === ns && (w.command === '*' || w.command === command),
    );
    if (woken.length === 0) return;
    this.waiters = this.waiters.filter((w) => !woken.includes(w));
    for (const w of woken) {
      clearTimeout(w.timer);
      w.resolve(reply.simple(command));
    }
  }

  /** Drop the waits of a closed connection. */
  cancelSession(sessionId: number): void {
    for (const w of this.waiters.filter((x) => x.sessionId === sessionId)) clearTimeout(w.timer);
    this.waiters = this.waiters.filter((w) => w.sessionId !== sessionId);
  }

  /** Drop every wait (server shutdown). */
  cancelAll(): void {
    for (const w of this.waiters) clearTimeout(w.timer);
    this.waiters = [];
  }
}
