/**
 * `tfgrid devgrid up --relay-tls [--relay-tls-port P]`: the dev relay's `wss://` listener for clients
 * that only take a `wss://<host>/` relay (ThreeFold's SDK). Reads the flags, makes the grid's CA
 * before anything starts (so a missing `openssl` or a taken port is said at once, naming the flag),
 * and words what a user needs to trust it: `NODE_EXTRA_CA_CERTS=<ca file>`.
 */
import * as net from 'net';
import { UsageError } from '../args';
import { CommandFailure, ExitCode } from '../output';
import { ensureRelayTls, isOpensslMissing, relayTlsDir } from '../../devgrid/relay/relay-tls';

/** The port ThreeFold's SDK needs: it derives the twin's relay host from `wss://<host>/`. */
export const SDK_RELAY_TLS_PORT = 443;

export interface RelayTlsFlags {
  /** the TLS relay's port; 0 is any free port */
  readonly port: number;
}

/** The TLS relay the flags ask for (undefined without `--relay-tls`). */
export function relayTlsFlags(flags: Readonly<Record<string, string | boolean>>): RelayTlsFlags | undefined {
  const raw = flags['relay-tls-port'];
  if (raw !== undefined && !flags['relay-tls'])
    throw new UsageError(`--relay-tls-port ${String(raw)} sets the TLS relay's port: add --relay-tls`);
  if (!flags['relay-tls']) return undefined;
  if (raw === undefined) return { port: SDK_RELAY_TLS_PORT };
  const port = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || port > 65535)
    throw new UsageError(
      `--relay-tls-port must be a TCP port, 0 to 65535, got '${String(raw)}': use 443 (what ThreeFold's SDK needs) or 0 (any free port)`,
    );
  return { port };
}

/** `--relay-tls-port P` (or the default) as the flag a user would change. */
const portFlag = (port: number) =>
  port === SDK_RELAY_TLS_PORT ? `--relay-tls (port ${port})` : `--relay-tls-port ${port}`;

/** The failure for a TLS relay that cannot listen on `port`, with the fix. */
function portFailure(port: number, why: string): CommandFailure {
  return new CommandFailure(
    ExitCode.gridError,
    `${portFlag(port)}: the dev relay cannot listen on 127.0.0.1:${port}: ${why}: stop what holds it (another dev grid with --relay-tls?), or pick another port with --relay-tls-port P (0: any free one; ThreeFold's SDK needs 443)`,
  );
}

/** Whether 127.0.0.1:port can be listened on now; throws the failure naming the flag if not. */
async function checkPort(port: number): Promise<void> {
  if (port === 0) return;
  const server = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw portFailure(
      port,
      code === 'EADDRINUSE'
        ? 'the port is taken'
        : code === 'EACCES'
          ? 'ports below 1024 need root or CAP_NET_BIND_SERVICE'
          : (e as Error).message,
    );
  } finally {
    await new Promise((r) => server.close(r));
  }
}

/**
 * Before the grid starts: the CA and the relay's certificate in `<dataDir>/relay-tls` (made once,
 * with openssl), and the port free. Throws a CommandFailure naming the flag and the fix.
 */
export async function prepareRelayTls(dataDir: string, tls: RelayTlsFlags): Promise<void> {
  try {
    ensureRelayTls(relayTlsDir(dataDir));
  } catch (e) {
    throw new CommandFailure(
      ExitCode.gridError,
      isOpensslMissing(e)
        ? `--relay-tls: the dev relay's CA and certificate are made with the openssl command, which is not installed (not on PATH): install openssl (e.g. apt-get install openssl), or start the dev grid without --relay-tls`
        : `--relay-tls: ${(e as Error).message}`,
    );
  }
  await checkPort(tls.port);
}

/** A start failure of the TLS listener (a race after prepareRelayTls) worded as the flag's; other errors as they are. */
export function relayTlsStartFailure(e: unknown, tls: RelayTlsFlags): unknown {
  const m = /^the dev relay cannot listen on [^:]+:\d+: (.*)$/.exec((e as Error)?.message ?? '');
  return m ? portFailure(tls.port, m[1].replace(/ \(another dev grid with a TLS relay\?\)$/, '')) : e;
}

/** `NODE_EXTRA_CA_CERTS=<file>` as a shell line (quoted when the path needs it). */
export function nodeExtraCaCertsLine(caFile: string): string {
  const quoted = /^[\w@%+=:,./-]+$/.test(caFile) ? caFile : `'${caFile.replace(/'/g, `'\\''`)}'`;
  return `NODE_EXTRA_CA_CERTS=${quoted}`;
}

/** The lines `devgrid up`/`status` print for the TLS relay. */
export function describeRelayTls(relayTlsUrl: string, caFile: string): string[] {
  const sdkPort = new URL(relayTlsUrl).port === '';
  return [
    `  relay    ${relayTlsUrl}  (TLS, certificate signed by the grid's CA ${caFile})`,
    `  for ThreeFold's SDK (Node reads it at start): ${nodeExtraCaCertsLine(caFile)}`,
    ...(sdkPort
      ? []
      : [
          `  (ThreeFold's SDK takes only a relay on port ${SDK_RELAY_TLS_PORT}: this one serves other wss:// clients)`,
        ]),
  ];
}
