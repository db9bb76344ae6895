import WebSocket from 'ws';
import { Envelope, JSON_SCHEMA, nowSeconds, signEnvelope } from '../../clients/rmb/envelope';
import { RmbIdentity } from '../../clients/rmb/identity';
import { createRelayToken } from '../../clients/rmb/jwt';
import { Relay, startRelay } from './relay';
import { RawPeer, TestTwin, directoryOf, makeTwin, rawPeer } from './testing/test-twins';

const user = makeTwin(10, 'sr25519');
const node = makeTwin(20, 'ed25519');
const offline = makeTwin(40, 'sr25519');

/** The HTTP status and body a relay answers a websocket handshake with. */
function handshake(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
        ws.terminate();
      });
    });
    ws.on('open', () => {
      ws.terminate();
      reject(new Error('handshake unexpectedly accepted'));
    });
    ws.on('error', () => undefined);
  });
}

function request(from: TestTwin, to: number, uid: string, extra: Partial<Envelope> = {}): Envelope {
  const env: Envelope = {
    uid,
    timestamp: nowSeconds(),
    expiration: 30,
    source: { twin: from.id },
    destination: { twin: to },
    request: { command: 'zos.statistics.get' },
    schema: JSON_SCHEMA,
    plain: Buffer.from('{}'),
    ...extra,
  };
  return signEnvelope(env, from.identity);
}

describe('dev relay', () => {
  let relay: Relay;
  const peers: RawPeer[] = [];
  const connect = async (twin: TestTwin, opts?: Parameters<typeof rawPeer>[2]) => {
    const p = await rawPeer(relay.url, twin, opts);
    peers.push(p);
    return p;
  };

  beforeAll(async () => {
    relay = await startRelay({ twins: directoryOf(user, node, offline), offlineWaitMs: 300 });
  });
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((p) => p.close()));
  });
  afterAll(async () => {
    await relay.close();
  });

  it('binds loopback on an ephemeral port', () => {
    expect(relay.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(relay.port).toBeGreaterThan(0);
  });

  it('routes a signed envelope unchanged to the destination twin and session', async () => {
    const a = await connect(user, { sid: 's1' });
    const b = await connect(node);
    expect(relay.sessions()).toEqual(['10:s1', '20']);
    const env = request(user, node.id, 'u-1', { source: { twin: user.id, connection: 's1' } });
    a.send(env);
    expect(await b.next()).toEqual(env);
    const reply = signEnvelope(
      {
        uid: 'u-1',
        timestamp: nowSeconds(),
        expiration: 60,
        source: { twin: node.id },
        destination: { twin: user.id, connection: 's1' },
        response: {},
        plain: Buffer.from('1'),
      },
      node.identity,
    );
    b.send(reply);
    expect(await a.next()).toEqual(reply);
  });

  it('refuses a bad, expired or missing JWT and an unknown twin', async () => {
    const wrongKey = createRelayToken(RmbIdentity.fromSecret('//Mallory'), user.id);
    expect(await handshake(`${relay.url}/?${wrongKey}`)).toEqual({
      status: 401,
      body: expect.stringMatching(/invalid signature for twin 10/),
    });
    const expired = createRelayToken(user.identity, user.id, { now: nowSeconds() - 100, ttlSeconds: 10 });
    expect(await handshake(`${relay.url}/?${expired}`)).toEqual({
      status: 401,
      body: expect.stringMatching(/expired/),
    });
    expect(await handshake(`${relay.url}/`)).toEqual({
      status: 400,
      body: expect.stringMatching(/missing jwt/),
    });
    expect(await handshake(`${relay.url}/?not-a-jwt`)).toEqual({
      status: 400,
      body: expect.stringMatching(/3 dot-separated parts/),
    });
    const stranger = createRelayToken(user.identity, 999);
    expect(await handshake(`${relay.url}/?${stranger}`)).toEqual({
      status: 404,
      body: expect.stringMatching(/twin 999 not found/),
    });
    expect(relay.sessions()).toEqual([]);
  });

  it("holds a token's lifetime to rmb-rs's rule: only an exp in the past is refused, however long the token lives", async () => {
    // rmb-rs (src/token/mod.rs, Claims::from_str) refuses `now > exp` with 'jwt has expired' and sets no
    // upper bound on exp - iat; its relay answers 401 'invalid jwt: jwt has expired' (src/relay/mod.rs)
    const year = 365 * 24 * 3600;
    const tenYears = createRelayToken(user.identity, user.id, { ttlSeconds: 10 * year });
    const p = await connect(user, { token: tenYears });
    expect(relay.sessions()).toEqual(['10']);
    await p.close();
    const justExpired = createRelayToken(user.identity, user.id, {
      now: nowSeconds() - 10 * year,
      ttlSeconds: 10 * year - 5,
    });
    expect(await handshake(`${relay.url}/?${justExpired}`)).toEqual({
      status: 401,
      body: expect.stringMatching(/^jwt has expired/),
    });
  });

  it('answers a forged source with an error envelope and does not deliver it', async () => {
    const a = await connect(user);
    const b = await connect(node);
    // signed correctly by the user, but claims to come from the node
    a.send(request(user, node.id, 'forged', { source: { twin: node.id } }));
    const err = await a.next();
    expect(err).toMatchObject({
      uid: 'forged',
      destination: { twin: user.id },
      error: { message: expect.stringMatching(/wrong source/) },
    });
    expect(err.source).toBeUndefined();
    expect(err.signature).toBeUndefined();
    // a session id counts too: the token had none
    a.send(request(user, node.id, 'forged-sid', { source: { twin: user.id, connection: 'x' } }));
    expect((await a.next()).error?.message).toMatch(/wrong source/);
    await expect(b.next(300)).rejects.toThrow(/no envelope/);
  });

  it('forwards a tampered or unsigned envelope as the public relay does (the receiving peer checks it)', async () => {
    const a = await connect(user);
    const b = await connect(node);
    const signed = request(user, node.id, 'tampered');
    const tampered = { ...signed, plain: Buffer.from('{"evil":1}') };
    a.send(tampered);
    expect(await b.next()).toEqual(tampered);
    const unsigned = { ...signed, uid: 'unsigned', signature: undefined };
    a.send(unsigned);
    expect(await b.next()).toEqual(unsigned);
    await expect(a.next(300)).rejects.toThrow(/no envelope/);
  });

  it('refuses an expired envelope', async () => {
    const a = await connect(user);
    const b = await connect(node);
    a.send(request(user, node.id, 'old', { timestamp: nowSeconds() - 100, expiration: 10 }));
    expect(await a.next()).toMatchObject({
      uid: 'old',
      error: { code: 102, message: 'message has expired' },
    });
    await expect(b.next(300)).rejects.toThrow(/no envelope/);
  });

  it('as a strict relay (verifyEnvelopes), refuses a tampered or unsigned envelope', async () => {
    const strict = await startRelay({ twins: directoryOf(user, node), verifyEnvelopes: true });
    try {
      const a = await rawPeer(strict.url, user);
      const b = await rawPeer(strict.url, node);
      peers.push(a, b);
      const signed = request(user, node.id, 'tampered');
      a.send({ ...signed, plain: Buffer.from('{"evil":1}') });
      expect(await a.next()).toMatchObject({
        uid: 'tampered',
        error: { code: 104, message: expect.stringMatching(/invalid envelope signature/) },
      });
      a.send({ ...signed, uid: 'unsigned', signature: undefined });
      expect((await a.next()).error?.message).toMatch(/message is not signed/);
      await expect(b.next(300)).rejects.toThrow(/no envelope/);
    } finally {
      await strict.close();
    }
  });

  it('answers an envelope ping with a pong', async () => {
    const a = await connect(user, { sid: 'p' });
    a.send({
      uid: 'ping-1',
      timestamp: nowSeconds(),
      expiration: 10,
      source: { twin: user.id, connection: 'p' },
      destination: { twin: 0 },
      ping: {},
    });
    const pong = await a.next();
    expect(pong).toMatchObject({ uid: 'ping-1', pong: {}, destination: { twin: user.id, connection: 'p' } });
    expect(pong.ping).toBeUndefined();
  });

  it('reports an unknown or offline destination, and delivers to a twin that connects in time', async () => {
    const a = await connect(user);
    a.send(request(user, 12345, 'nobody'));
    expect((await a.next()).error?.message).toBe('unknown twin destination');
    a.send(request(user, offline.id, 'offline'));
    expect(await a.next()).toMatchObject({ uid: 'offline', error: { message: 'destination offline' } });
    a.send(request(user, offline.id, 'fast', { tags: 'fail-fast' }));
    expect((await a.next()).error?.message).toBe('destination offline');
    a.send(request(user, offline.id, 'queued'));
    const late = await connect(offline);
    expect((await late.next()).uid).toBe('queued');
    await expect(a.next(400)).rejects.toThrow(/no envelope/);
  });

  it('replaces an older connection of the same session', async () => {
    const first = await connect(node);
    const closed = new Promise<number>((resolve) => first.ws.once('close', (code) => resolve(code)));
    const second = await connect(node);
    expect(await closed).toBe(4000);
    const a = await connect(user);
    a.send(request(user, node.id, 'to-second'));
    expect((await second.next()).uid).toBe('to-second');
  });

  it('drops a connection that sends text or garbage', async () => {
    const a = await connect(user);
    const closed = new Promise<number>((resolve) => a.ws.once('close', (code) => resolve(code)));
    a.ws.send('hello');
    expect(await closed).toBe(1003);
    const b = await connect(user);
    const closedB = new Promise<number>((resolve) => b.ws.once('close', (code) => resolve(code)));
    b.ws.send(Buffer.from([0x0a, 0x09, 0x01]));
    expect(await closedB).toBe(1007);
  });
});
