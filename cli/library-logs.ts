/**
 * Libraries log through `console` (@polkadot/api prints a line per failed reconnect: fifteen
 * `API-WS: disconnected` lines before our own message when a chain is unreachable). The CLI's own
 * output never uses `console`, so in the CLI process console goes nowhere, or to stderr marked
 * `debug:` with TFGRID_DEBUG set. Our own message says what failed.
 */
import { format } from 'util';

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

export function routeLibraryLogs(debug = !!process.env.TFGRID_DEBUG): void {
  for (const m of METHODS) {
    console[m] = debug
      ? (...args: unknown[]) => void process.stderr.write(`debug: ${format(...args)}\n`)
      : () => undefined;
  }
}
