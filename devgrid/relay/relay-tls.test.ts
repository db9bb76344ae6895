/**
 * The dev relay's TLS listener: a CA made once per data dir, a certificate for 127.0.0.1 that a
 * client trusting that CA accepts (and one that does not refuses), and a clear error when the port
 * is taken.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import WebSocket from 'ws';
import { createRelayToken } from '../../clients/rmb/jwt';
import { startRelay } from './relay';
import { ensureRelayTls } from './relay-tls';
import { directoryOf, makeTwin } from './testing/test-twins';

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-tls-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function open(url: string, ca?: Buffer): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ca ? { ca } : {});
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('dev relay over TLS', () => {
  it('makes the CA once per dir and keeps no CA key', () => {
    const first = ensureRelayTls(dir);
    const ca = fs.readFileSync(first.caFile, 'utf8');
    expect(ca).toMatch(/BEGIN CERTIFICATE/);
    expect(fs.readdirSync(dir).sort()).toEqual(['ca.pem', 'relay.key', 'relay.pem']);
    expect(fs.statSync(first.keyFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(ensureRelayTls(dir).caFile, 'utf8')).toBe(ca);
  });

  it('accepts a client that trusts the grid CA on wss://, and refuses one that does not', async () => {
    const files = ensureRelayTls(dir);
    const twin = makeTwin(7, 'sr25519');
    const relay = await startRelay({
      twins: directoryOf(twin),
      tls: { cert: fs.readFileSync(files.certFile), key: fs.readFileSync(files.keyFile), port: 0 },
    });
    try {
      expect(relay.tlsUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/$/);
      const url = `${relay.tlsUrl}?${createRelayToken(twin.identity, twin.id)}`;
      await expect(open(url)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
      const ws = await open(url, fs.readFileSync(files.caFile));
      expect(relay.sessions()).toEqual(['7']);
      ws.terminate();
    } finally {
      await relay.close();
    }
  });

  it('names the port when another listener holds it', async () => {
    const files = ensureRelayTls(dir);
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      await expect(
        startRelay({
          twins: directoryOf(),
          tls: { cert: fs.readFileSync(files.certFile), key: fs.readFileSync(files.keyFile), port },
        }),
      ).rejects.toThrow(`the dev relay cannot listen on 127.0.0.1:${port}: the port is taken`);
    } finally {
      holder.close();
    }
  });
});
