/**
 * TLS material for the dev relay's `wss://` listener: a certificate authority made for one grid
 * (kept in its data dir, so a restarted grid keeps it) and a server certificate it signs for
 * 127.0.0.1 and localhost. Clients that only speak `wss://` (ThreeFold's SDK derives the twin's relay
 * host from a `wss://<host>/` URL) trust the grid by adding the CA, e.g.
 * `NODE_EXTRA_CA_CERTS=<data-dir>/relay-tls/ca.pem`. Made with the `openssl` command line tool.
 */
import { execFileSync } from 'child_process';
import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export interface RelayTlsFiles {
  /** the grid's CA certificate (PEM): what clients trust */
  readonly caFile: string;
  /** the relay's certificate (PEM), signed by the CA, for IP 127.0.0.1 and DNS localhost */
  readonly certFile: string;
  /** the relay's private key (PEM); never leaves the data dir */
  readonly keyFile: string;
}

/** Where a grid on `dataDir` keeps its relay's TLS files. */
export const relayTlsDir = (dataDir: string): string => path.join(dataDir, 'relay-tls');

/** Whether `e` (thrown by ensureRelayTls) says there is no `openssl` to run. */
export function isOpensslMissing(e: unknown): boolean {
  return ((e as { cause?: NodeJS.ErrnoException }).cause?.code ?? '') === 'ENOENT';
}

/** Certificates stay valid this long (days); a grid older than that gets new ones on start. */
const VALID_DAYS = 3650;

/** The TLS files in `dir`, made on first use (the CA's own key is removed once it signed). */
export function ensureRelayTls(dir: string): RelayTlsFiles {
  const files: RelayTlsFiles = {
    caFile: path.join(dir, 'ca.pem'),
    certFile: path.join(dir, 'relay.pem'),
    keyFile: path.join(dir, 'relay.key'),
  };
  if (Object.values(files).every((f) => fs.existsSync(f)) && stillValid(files.certFile)) return files;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caKey = path.join(dir, 'ca.key');
  const csr = path.join(dir, 'relay.csr');
  const ext = path.join(dir, 'relay.ext');
  const ossl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    ossl(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      caKey,
      '-out',
      files.caFile,
      '-days',
      String(VALID_DAYS),
      '-subj',
      '/CN=tfgrid dev grid relay CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    ossl('req', '-new', ...ec, '-keyout', files.keyFile, '-out', csr, '-subj', '/CN=127.0.0.1');
    fs.writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
    ossl(
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      files.caFile,
      '-CAkey',
      caKey,
      '-CAcreateserial',
      '-out',
      files.certFile,
      '-days',
      String(VALID_DAYS),
      '-extfile',
      ext,
    );
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(
      `could not make the dev relay's TLS certificate in ${dir} with openssl: ${stderr || (e as Error).message}` +
        ' (install openssl, or start the dev grid without the TLS relay)',
      { cause: e },
    );
  } finally {
    for (const f of [caKey, csr, ext, path.join(dir, 'ca.srl')]) fs.rmSync(f, { force: true });
  }
  fs.chmodSync(files.keyFile, 0o600);
  return files;
}

function stillValid(certFile: string): boolean {
  try {
    const cert = new X509Certificate(fs.readFileSync(certFile));
    return Date.parse(cert.validTo) > Date.now() + 24 * 3600_000;
  } catch {
    return false;
  }
}
