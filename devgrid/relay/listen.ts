/**
 * Listening on a fixed port that another process may hold for a while (the dev relay's TLS
 * listener on 443 while another dev grid runs): retries until the port frees up or the wait ends,
 * leaving no listener behind on the server after a failed try.
 */
import type { Server } from 'net';

/** Time between two tries while the port is taken, in ms. */
export const LISTEN_RETRY_MS = 250;

/** Listens on host:port; while the port is taken, tries again every LISTEN_RETRY_MS for up to `waitMs` (ms; 0 = once). */
export async function listenWaiting(
  server: Server,
  port: number,
  host: string,
  waitMs: number,
): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await listenOnce(server, port, host);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' || Date.now() >= deadline) {
        const why =
          code === 'EADDRINUSE'
            ? 'the port is taken (another dev grid with a TLS relay?)'
            : code === 'EACCES'
              ? 'ports below 1024 need root or CAP_NET_BIND_SERVICE'
              : (e as Error).message;
        throw new Error(`the dev relay cannot listen on ${host}:${port}: ${why}`);
      }
      await new Promise((r) => setTimeout(r, LISTEN_RETRY_MS));
    }
  }
}

/** One try; removes both its 'listening' and 'error' listeners whichever comes first. */
function listenOnce(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    server.once('listening', onListening);
    server.once('error', onError);
    server.listen(port, host);
  });
}
