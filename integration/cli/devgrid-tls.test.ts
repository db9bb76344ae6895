/**
 * `tfgrid devgrid up --relay-tls` through the real CLI: a detached grid whose relay also listens
 * with TLS, which a websocket trusting only the grid's CA reaches (and one without it does not);
 * devgrid.json and `devgrid status` name the TLS url and the CA file and print the
 * NODE_EXTRA_CA_CERTS line; a taken port and a missing openssl are refused naming the flag.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import WebSocket from 'ws';
import { encodeAddress } from '@polkadot/util-crypto';
import { RmbIdentity } from '../../clients/rmb/identity';
import { createRelayToken } from '../../clients/rmb/jwt';
import { DEV_ACCOUNT } from '../../model/config/networks';
import { runTfgrid, type CliRun } from '../support/cli';

jest.setTimeout(180_000);

let dir: string;
let gridDir: string;
let env: NodeJS.ProcessEnv;
const tfgrid = (...args: string[]): CliRun => runTfgrid(env, ...args);

/** A loopback port held by a plain TCP listener until `close`. */
async function holdPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((r) => server.close(() => r())) };
}

function open(url: string, ca?: Buffer): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    // only the grid's CA (or, without it, Node's default roots)
    const ws = new WebSocket(url, ca ? { ca } : {});
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-relay-tls-'));
  gridDir = path.join(dir, 'devgrid');
  env = { ...process.env, TFGRID_DEVGRID_DIR: gridDir };
  delete env.NODE_EXTRA_CA_CERTS;
});

afterAll(() => {
  tfgrid('devgrid', 'down', '--data-dir', gridDir);
  fs.rmSync(dir, { recursive: true, force: true });
});

it('up --detach --relay-tls serves wss:// with the grid CA; devgrid.json and status name it; down stops it', async () => {
  // port 0: any free port (443, what the SDK needs, may be another test's)
  const up = tfgrid(
    'devgrid',
    'up',
    '--detach',
    '--nodes',
    '1',
    '--relay-tls',
    '--relay-tls-port',
    '0',
    '--json',
  );
  expect(up.stderr).toBe('');
  expect(up.code).toBe(0);
  const info = JSON.parse(up.stdout) as { relayTlsUrl: string; relayCaFile: string; proxyUrl: string };
  expect(info.relayTlsUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/$/);
  expect(info.relayCaFile).toBe(path.join(gridDir, 'relay-tls', 'ca.pem'));
  const onDisk = JSON.parse(fs.readFileSync(path.join(gridDir, 'devgrid.json'), 'utf8'));
  expect(onDisk).toMatchObject({ relayTlsUrl: info.relayTlsUrl, relayCaFile: info.relayCaFile });

  const status = tfgrid('devgrid', 'status');
  expect(status.code).toBe(0);
  expect(status.stdout).toContain(
    `${info.relayTlsUrl}  (TLS, certificate signed by the grid's CA ${info.relayCaFile})`,
  );
  expect(status.stdout).toMatch(
    new RegExp(
      `^ {2}for ThreeFold's SDK .*: NODE_EXTRA_CA_CERTS=${info.relayCaFile.replace(/[.]/g, '\\.')}$`,
      'm',
    ),
  );
  expect(JSON.parse(tfgrid('devgrid', 'status', '--json').stdout)).toMatchObject({
    relayTlsUrl: info.relayTlsUrl,
    relayCaFile: info.relayCaFile,
  });

  // the dev account's twin, authenticated by the relay over TLS
  const alice = RmbIdentity.fromSecret(DEV_ACCOUNT);
  const account = encodeAddress(alice.accountPublicKey);
  const twins = (await (await fetch(`${info.proxyUrl}/twins?account_id=${account}`)).json()) as {
    twinId: number;
  }[];
  expect(twins).toHaveLength(1);
  const twinId = twins[0].twinId;
  const url = `${info.relayTlsUrl}?${createRelayToken(alice, twinId)}`;
  await expect(open(url)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
  const ws = await open(url, fs.readFileSync(info.relayCaFile));
  expect(ws.readyState).toBe(WebSocket.OPEN);
  ws.terminate();

  expect(tfgrid('devgrid', 'down').code).toBe(0);
  expect(tfgrid('devgrid', 'status').code).toBe(1);
});

it('refuses a taken TLS port, naming the flag, the port and the fix', async () => {
  const held = await holdPort();
  try {
    const r = tfgrid(
      'devgrid',
      'up',
      '--relay-tls',
      '--relay-tls-port',
      String(held.port),
      '--data-dir',
      path.join(dir, 'taken'),
    );
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(
      `tfgrid devgrid: --relay-tls-port ${held.port}: the dev relay cannot listen on 127.0.0.1:${held.port}: the port is taken: stop what holds it`,
    );
    expect(r.stderr).toContain('pick another port with --relay-tls-port P');
    // nothing started: no grid file, no lock
    expect(fs.existsSync(path.join(dir, 'taken', 'devgrid.json'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'taken', 'devgrid.lock'))).toBe(false);
  } finally {
    await held.close();
  }
});

it('says openssl is missing, with the fix, when it is not on PATH', () => {
  const noTools = fs.mkdtempSync(path.join(dir, 'empty-path-'));
  const r = runTfgrid(
    { ...env, PATH: noTools },
    'devgrid',
    'up',
    '--detach',
    '--relay-tls',
    '--relay-tls-port',
    '0',
    '--data-dir',
    path.join(dir, 'no-openssl'),
  );
  expect(r.code).toBe(4);
  expect(r.stderr).toMatch(
    /^tfgrid devgrid: --relay-tls: .*openssl command, which is not installed .*: install openssl .*, or start the dev grid without --relay-tls$/m,
  );
  expect(fs.existsSync(path.join(dir, 'no-openssl', 'devgrid.json'))).toBe(false);
});

it('--relay-tls-port without --relay-tls, or out of range, is a usage error', () => {
  const alone = tfgrid('devgrid', 'up', '--relay-tls-port', '8443', '--data-dir', path.join(dir, 'unused'));
  expect(alone.code).toBe(2);
  expect(alone.stderr).toMatch(
    /^tfgrid devgrid: --relay-tls-port 8443 sets the TLS relay's port: add --relay-tls$/m,
  );
  const bad = tfgrid(
    'devgrid',
    'up',
    '--relay-tls',
    '--relay-tls-port',
    '65536',
    '--data-dir',
    path.join(dir, 'unused'),
  );
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/--relay-tls-port must be a TCP port, 0 to 65535, got '65536'/);
});
