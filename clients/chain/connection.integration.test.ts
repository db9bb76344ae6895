/**
 * Connecting: failover past a dead URL, a bounded timeout naming the URLs, reconnecting after the
 * node restarts. Only 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevChain } from '../../devgrid/chain/chain';
import { createAccount } from './account';
import { plainCall, run } from './chain-call';
import { ChainError } from './chain-error';
import {
  ChainConnectionError,
  checkUrls,
  connectTfchain,
  disconnectTfchain,
  tfchainUrls,
} from './connection';
import { settleAfterDisconnect } from '../../integration/support/test-chain';

/** A loopback URL where nothing listens. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `ws://127.0.0.1:${port}`;
}

afterAll(settleAfterDisconnect);

describe('connectTfchain', () => {
  it('fails over from a dead URL to a live one', async () => {
    const chain = await startDevChain();
    const dead = await deadUrl();
    try {
      const api = await connectTfchain({
        urls: [dead, chain.url],
        connectTimeoutMs: 15_000,
        reconnectDelayMs: 100,
      });
      expect(api.runtimeVersion.specName.toString()).toBe('substrate-threefold');
      await disconnectTfchain(api);
      await disconnectTfchain(api);
    } finally {
      await chain.close();
    }
  });

  it('gives up after the timeout with an error naming the URLs tried', async () => {
    const dead = await deadUrl();
    const err = await connectTfchain({ urls: dead, connectTimeoutMs: 1_000, reconnectDelayMs: 200 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ChainConnectionError);
    expect((err as ChainConnectionError).urls).toEqual([dead]);
    expect((err as Error).message).toMatch(
      new RegExp(`^could not connect to TFChain within 1000 ms, tried ${dead}`),
    );
  });

  it('reconnects when the node comes back on the same address', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'chain-reconnect-'));
    try {
      const first = await startDevChain({ dataDir });
      const api = await connectTfchain({ urls: first.url, reconnectDelayMs: 100 });
      try {
        const genesis = api.genesisHash.toHex();
        const disconnected = new Promise((resolve) => api.once('disconnected', resolve));
        await first.close();
        await disconnected;
        const connected = new Promise((resolve) => api.once('connected', resolve));
        const second = await startDevChain({ dataDir, port: first.port });
        try {
          await connected;
          expect((await api.rpc.chain.getBlockHash(0)).toHex()).toBe(genesis);
        } finally {
          await second.close();
        }
      } finally {
        await disconnectTfchain(api);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('waiting for blocks', () => {
  it('a call that timed out before its extrinsic left holds the next call of the account until it is sent', async () => {
    const chain = await startDevChain({ blockTimeMs: 600_000 });
    const api = await connectTfchain({ urls: chain.url });
    try {
      const ctx = { api, signer: await createAccount({ mnemonic: '//Alice' }) };
      // 1 ms: the caller gives up while the extrinsic is still being signed and sent
      const first = run(ctx, plainCall(api.tx.system.remark('first')), { timeoutMs: 1 }).catch(
        (e: unknown) => e,
      );
      let settled = false;
      const second = run(ctx, plainCall(api.tx.system.remark('second'))).finally(() => (settled = true));
      expect(await first).toMatchObject({ kind: 'timeout' });
      for (let i = 0; i < 100 && !settled; i++) {
        await new Promise((r) => setTimeout(r, 50));
        chain.produceBlock();
      }
      // had the second asked for its nonce before the first was sent, both would hold the same
      // nonce and the pool would refuse the second (1014 Priority is too low)
      await expect(second).resolves.toBeUndefined();
    } finally {
      await disconnectTfchain(api);
      await chain.close();
    }
  });

  it('waits for finality on request, and reports a transaction never included as a timeout', async () => {
    // blocks only when the test asks for them
    const chain = await startDevChain({ blockTimeMs: 600_000 });
    const api = await connectTfchain({ urls: chain.url });
    try {
      const ctx = { api, signer: await createAccount({ mnemonic: '//Alice' }) };
      const pending = run(ctx, plainCall(api.tx.system.remark('waits')), { timeoutMs: 300 });
      const err = await pending.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChainError);
      expect(err).toMatchObject({ kind: 'timeout', call: 'system.remark', error: 'Timeout' });
      expect((err as Error).message).toMatch(
        /^system.remark was not included: Timeout \(no inclusion within 300 ms\): check the node/,
      );

      let settled = false;
      const finalized = run(ctx, plainCall(api.tx.system.remark('final')), { finalized: true }).finally(
        () => (settled = true),
      );
      // produce blocks until the remark is in one (it reaches the pool after an RPC round trip)
      for (let i = 0; i < 100 && !settled; i++) {
        await new Promise((r) => setTimeout(r, 50));
        chain.produceBlock();
      }
      await expect(finalized).resolves.toBeUndefined();
    } finally {
      await disconnectTfchain(api);
      await chain.close();
    }
  });
});

describe('the connection dropping', () => {
  it('a transaction waiting for its block when the node goes away: cut off at once, never "refused by the node"', async () => {
    // no block comes on its own, so the transaction is still waiting when the node goes away
    const chain = await startDevChain({ blockTimeMs: 600_000 });
    const api = await connectTfchain({ urls: chain.url, reconnectDelayMs: 60_000 });
    try {
      const ctx = { api, signer: await createAccount({ mnemonic: '//Alice' }) };
      // far longer than the test may take: only the dropped connection can end the wait
      const pending = run(ctx, plainCall(api.tx.system.remark('cut')), { timeoutMs: 600_000 }).catch(
        (e: unknown) => e,
      );
      await new Promise((r) => setTimeout(r, 500));
      await chain.close();
      const err = await pending;
      expect(err).toBeInstanceOf(ChainError);
      expect(err).toMatchObject({ kind: 'connection', call: 'system.remark', error: 'Disconnected' });
      expect((err as Error).message).toMatch(
        /^system.remark was cut off: Disconnected .*connection to TFChain dropped/,
      );

      // sent while the connection is down: the same kind, not a refusal
      const later = await run(ctx, plainCall(api.tx.system.remark('later'))).catch((e: unknown) => e);
      expect(later).toMatchObject({ kind: 'connection' });
      expect((later as Error).message).not.toMatch(/refused by the node/);
    } finally {
      await disconnectTfchain(api);
      await chain.close().catch(() => undefined);
    }
  }, 60_000);
});

describe('URLs and presets', () => {
  it('checks URLs and splits comma-separated lists', () => {
    expect(checkUrls('ws://127.0.0.1:9944, wss://tfchain.grid.tf/ws')).toEqual([
      'ws://127.0.0.1:9944',
      'wss://tfchain.grid.tf/ws',
    ]);
    expect(() => checkUrls([])).toThrow('no TFChain URL given');
    expect(() => checkUrls(['http://127.0.0.1:9944'])).toThrow(
      "TFChain URL 'http://127.0.0.1:9944' is not a WebSocket URL",
    );
  });

  it('knows the public networks (never contacted here)', () => {
    expect(tfchainUrls('main')).toEqual(['wss://tfchain.grid.tf/ws']);
    expect(tfchainUrls('dev')).toEqual(['wss://tfchain.dev.grid.tf/ws']);
    expect(tfchainUrls('qa')).toEqual(['wss://tfchain.qa.grid.tf/ws']);
    expect(tfchainUrls('test')).toEqual(['wss://tfchain.test.grid.tf/ws']);
    expect(() => tfchainUrls('x' as never)).toThrow("unknown network 'x'");
  });
});
