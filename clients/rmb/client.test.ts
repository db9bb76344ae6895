import { Relay, startRelay } from '../../devgrid/relay/relay';
import { RawPeer, TestTwin, directoryOf, makeTwin, rawPeer } from '../../devgrid/relay/testing/test-twins';
import { RmbClient, RmbClientOptions } from './client';
import { JSON_SCHEMA, nowSeconds, signEnvelope } from './envelope';
import { RmbConnectionError, RmbError, RmbRemoteError, RmbTimeoutError } from './errors';
import { InMemoryTwinDirectory } from './twin-directory';

const user = makeTwin(10, 'sr25519');
const node = makeTwin(20, 'ed25519');
const plainNode = makeTwin(30, 'sr25519', false);
const offline = makeTwin(40, 'sr25519');
const FAST = { reconnectInitialDelayMs: 50, reconnectMaxDelayMs: 200, connectTimeoutMs: 5000 };

describe('RmbClient over the dev relay', () => {
  let relay: Relay;
  let twins: InMemoryTwinDirectory;
  const opened: { close(): Promise<void> }[] = [];

  async function client(twin: TestTwin, extra: Partial<RmbClientOptions> = {}): Promise<RmbClient> {
    const c = new RmbClient({
      relayUrls: [relay.url],
      twinId: twin.id,
      secret: twin.secret,
      keyType: twin.keyType,
      twins,
      ...FAST,
      ...extra,
    });
    opened.push(c);
    return c.connect();
  }
  async function raw(twin: TestTwin, sid?: string): Promise<RawPeer> {
    const p = await rawPeer(relay.url, twin, { sid });
    opened.push(p);
    return p;
  }

  beforeAll(async () => {
    twins = directoryOf(user, node, plainNode, offline);
    relay = await startRelay({ twins, offlineWaitMs: 300 });
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await relay.close();
  });

  it('exchanges a request and its response between two twins', async () => {
    const server = await client(node);
    const seen: unknown[] = [];
    server.handle('zos.statistics.get', (sender, payload) => {
      seen.push({ sender, payload });
      return { total: { cru: 8 }, used: { cru: 1 } };
    });
    server.handle('zos.deployment.delete', () => {
      throw Object.assign(new Error('deployment delete is not supported, cancel the contract instead'), {
        code: 7,
      });
    });
    const c = await client(user, { session: 'cli-1' });
    await expect(c.request(node.id, 'zos.statistics.get', { x: [1, 'two'] })).resolves.toEqual({
      total: { cru: 8 },
      used: { cru: 1 },
    });
    expect(seen).toEqual([{ sender: { twin: user.id, connection: 'cli-1' }, payload: { x: [1, 'two'] } }]);
    const err = await c
      .request(node.id, 'zos.deployment.delete', { contract_id: 1 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RmbRemoteError);
    expect(err).toMatchObject({
      code: 7,
      sourceTwin: node.id,
      command: 'zos.deployment.delete',
      remoteMessage: expect.stringMatching(/cancel the contract/),
    });
    await expect(c.request(node.id, 'zos.nothing')).rejects.toMatchObject({
      code: 0,
      remoteMessage: 'function is not found',
    });
    await expect(c.ping()).resolves.toBeUndefined();
  });

  it('matches concurrent requests by uid', async () => {
    const server = await client(node);
    server.handle('echo', async (_s, payload) => {
      const n = (payload as { n: number }).n;
      await new Promise((r) => setTimeout(r, (n * 7) % 40)); // answers come back out of order
      return { n, square: n * n };
    });
    const c = await client(user);
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, n) => c.request<{ n: number; square: number }>(node.id, 'echo', { n })),
    );
    expect(results).toEqual(Array.from({ length: 25 }, (_, n) => ({ n, square: n * n })));
  });

  it('encrypts the payload when both twins publish a pk (request and response)', async () => {
    const peer = await raw(node);
    const c = await client(user);
    const answer = c.request(node.id, 'zos.deployment.get', { contract_id: 9 });
    const req = await peer.next();
    expect(req.plain).toBeUndefined();
    expect(req.cipher).toBeDefined();
    expect(
      JSON.parse(Buffer.from(node.identity.payloadKey!.decrypt(user.info.pk!, req.cipher!)).toString()),
    ).toEqual({ contract_id: 9 });
    const cipher = node.identity.payloadKey!.encrypt(user.info.pk!, Buffer.from('{"version":3}'));
    peer.send(
      signEnvelope(
        {
          uid: req.uid,
          timestamp: nowSeconds(),
          expiration: 60,
          source: { twin: node.id },
          destination: { twin: user.id },
          response: {},
          schema: JSON_SCHEMA,
          cipher,
        },
        node.identity,
      ),
    );
    await expect(answer).resolves.toEqual({ version: 3 });
  });

  it('sends plain to a twin without pk, and when encryption is off', async () => {
    const peer = await raw(plainNode);
    const c = await client(user);
    void c.request(plainNode.id, 'x', { a: 1 }, { timeoutMs: 1000 }).catch(() => undefined);
    expect(Buffer.from((await peer.next()).plain!).toString()).toBe('{"a":1}');
    const c2 = await client(user, { session: 'plain', encrypt: false });
    const both = await raw(node);
    void c2.request(node.id, 'x', [1], { timeoutMs: 1000 }).catch(() => undefined);
    expect(Buffer.from((await both.next()).plain!).toString()).toBe('[1]');
  });

  it('refuses a request whose signature does not match, sent through the relay (which forwards it, as the public one)', async () => {
    const server = await client(node);
    const served: unknown[] = [];
    server.handle('zos.deployment.get', (_s, payload) => {
      served.push(payload);
      return { version: 0 };
    });
    const forger = await raw(user);
    const signed = signEnvelope(
      {
        uid: 'forged-req',
        timestamp: nowSeconds(),
        expiration: 60,
        source: { twin: user.id },
        destination: { twin: node.id },
        request: { command: 'zos.deployment.get' },
        schema: JSON_SCHEMA,
        plain: Buffer.from('{"contract_id":1}'),
      },
      user.identity,
    );
    // changed after signing, then sent unsigned: the relay routes both, the node refuses both
    forger.send({ ...signed, plain: Buffer.from('{"contract_id":2}') });
    const tampered = await forger.next();
    expect(tampered).toMatchObject({
      uid: 'forged-req',
      source: { twin: node.id },
      error: { code: 104, message: expect.stringMatching(/invalid envelope signature/) },
    });
    forger.send({ ...signed, uid: 'unsigned-req', signature: undefined });
    expect(await forger.next()).toMatchObject({
      uid: 'unsigned-req',
      source: { twin: node.id },
      error: { code: 104, message: expect.stringMatching(/invalid envelope signature: .*not signed/) },
    });
    expect(served).toEqual([]);
    // the genuine request is served
    forger.send(signed);
    expect(await forger.next()).toMatchObject({ uid: 'forged-req', source: { twin: node.id }, response: {} });
    expect(served).toEqual([{ contract_id: 1 }]);
  });

  it('rejects a response that is not signed by the destination twin', async () => {
    // the public relay does not check signatures: the client must
    const lax = await startRelay({ twins, verifyEnvelopes: false });
    opened.push(lax);
    const peer = await rawPeer(lax.url, node);
    opened.push(peer);
    const c = await client(user, { relayUrls: [lax.url] });
    const answer = c.request(node.id, 'zos.deployment.get', {}, { timeoutMs: 3000 });
    const req = await peer.next();
    const good = signEnvelope(
      {
        uid: req.uid,
        timestamp: nowSeconds(),
        expiration: 60,
        source: { twin: node.id },
        destination: { twin: user.id },
        response: {},
        plain: Buffer.from('{"ok":true}'),
      },
      node.identity,
    );
    // tampered after signing: the relay routes responses as they are, the client must catch it
    peer.send({ ...good, plain: Buffer.from('{"ok":false}') });
    await expect(answer).rejects.toThrow(/dropped the answer of twin 20.*verification failed \(104\)/);
  });

  it('fails with a typed error for an offline, silent or unknown twin', async () => {
    const c = await client(user);
    const offlineErr = await c
      .request(offline.id, 'zos.statistics.get', {}, { timeoutMs: 5000 })
      .catch((e: unknown) => e);
    expect(offlineErr).toBeInstanceOf(RmbRemoteError);
    expect(offlineErr).toMatchObject({ sourceTwin: 0, remoteMessage: 'destination offline' });
    await raw(plainNode); // connected but never answers
    const silent = await c
      .request(plainNode.id, 'zos.statistics.get', {}, { timeoutMs: 400 })
      .catch((e: unknown) => e);
    expect(silent).toBeInstanceOf(RmbTimeoutError);
    expect(silent).toMatchObject({
      destinationTwin: plainNode.id,
      command: 'zos.statistics.get',
      timeoutMs: 400,
    });
    await expect(c.request(777, 'x')).rejects.toThrow(/twin 777 not found/);
  });

  it('refuses to connect with a key that is not the twin account', async () => {
    const impostor = new RmbClient({
      relayUrls: [relay.url],
      twinId: node.id,
      secret: user.secret,
      twins,
      ...FAST,
    });
    const err = await impostor.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RmbConnectionError);
    expect((err as Error).message).toMatch(
      /every relay refused twin 20: .*HTTP 401 jwt: invalid signature for twin 20/,
    );
    expect((err as Error).message).not.toContain(user.secret.split(' ')[0] + ' ' + user.secret.split(' ')[1]);
    await expect(impostor.request(user.id, 'x')).rejects.toBeInstanceOf(RmbConnectionError);
  });

  it('reports an unreachable relay and rejects requests when closed', async () => {
    const dead = new RmbClient({
      relayUrls: ['ws://127.0.0.1:1'],
      twinId: user.id,
      secret: user.secret,
      twins,
      ...FAST,
      connectTimeoutMs: 300,
    });
    await expect(dead.connect()).rejects.toThrow(
      /no relay connection for twin 10: ws:\/\/127.0.0.1:1: .*ECONNREFUSED/,
    );
    const c = await client(user);
    const pending = c.request(node.id, 'never', {}, { timeoutMs: 5000 }).catch((e: unknown) => e);
    await c.close();
    expect(await pending).toBeInstanceOf(RmbConnectionError);
    expect(() => new RmbClient({ relayUrls: [], twinId: 1, secret: user.secret, twins })).toThrow(RmbError);
  });
});

describe('RmbClient reconnect', () => {
  it('reconnects after the relay restarts and serves again', async () => {
    const twins = directoryOf(user, node);
    let relay = await startRelay({ twins });
    const port = relay.port;
    const server = new RmbClient({
      relayUrls: [relay.url],
      twinId: node.id,
      secret: node.secret,
      keyType: 'ed25519',
      twins,
      ...FAST,
    });
    const c = new RmbClient({ relayUrls: [relay.url], twinId: user.id, secret: user.secret, twins, ...FAST });
    try {
      server.handle('count', (_s, p) => (p as number) + 1);
      await server.connect();
      await c.connect();
      await expect(c.request(node.id, 'count', 1)).resolves.toBe(2);
      await relay.close();
      for (let i = 0; i < 250 && (c.connected || server.connected); i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(c.connected || server.connected).toBe(false);
      // a request made while the link is down waits for the reconnect within its deadline
      const answer = c.request(node.id, 'count', 41, { timeoutMs: 10_000 }).catch((e: unknown) => e);
      relay = await startRelay({ twins, port });
      expect(await answer).toBe(42);
      expect(relay.sessions()).toEqual(['10', '20']);
      await expect(c.ping()).resolves.toBeUndefined();
    } finally {
      await Promise.all([c.close(), server.close()]);
      await relay.close();
    }
  });
});
