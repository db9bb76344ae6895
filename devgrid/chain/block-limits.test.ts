/* eslint-disable @typescript-eslint/no-explicit-any -- decoded chain values are read loosely in assertions */
/**
 * Integration tests: the dev chain serves TFChain's block limits (`system.blockWeights`,
 * `system.blockLength`) and call weights (payment_queryInfo, TransactionPaymentApi), and enforces
 * them as frame_system's CheckWeight does: an extrinsic over its class's limits is refused by the
 * pool, and a full block leaves the rest for the next one. An unmodified @polkadot/api talks to it
 * over WebSocket on 127.0.0.1.
 */
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import { startDevChain, type DevChain } from './chain';

// @polkadot/api releases its runtime-version subscription 1.75 s after disconnect (rxjs refCountDelay)
afterAll(() => new Promise((resolve) => setTimeout(resolve, 2000)));

/** Signs and sends; resolves with the hash of the block that included it. */
function inBlock(tx: SubmittableExtrinsic<'promise'>, pair: KeyringPair, nonce = -1): Promise<string> {
  return new Promise((resolve, reject) => {
    tx.signAndSend(pair, { nonce }, (r) => {
      if (r.status.isInBlock) resolve(r.status.asInBlock.toHex());
    }).catch(reject);
  });
}

describe('dev chain block limits: TFChain runtime values', () => {
  let chain: DevChain;
  let api: ApiPromise;
  let provider: WsProvider;
  let alice: KeyringPair;

  beforeAll(async () => {
    chain = await startDevChain();
    provider = new WsProvider(chain.url);
    api = await ApiPromise.create({ provider, noInitWarn: true });
    alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  });

  afterAll(async () => {
    await api?.disconnect();
    await chain?.close();
  });

  it('serves BlockWeights and BlockLength as TFChain builds them (2 s, 5 MiB, 75 % normal)', () => {
    const w = api.consts.system.blockWeights.toJSON() as any;
    expect(BigInt(w.maxBlock.refTime)).toBe(2_000_000_000_000n);
    expect(BigInt(w.maxBlock.proofSize)).toBe(2n ** 64n - 1n);
    expect(BigInt(w.perClass.normal.maxTotal.refTime)).toBe(1_500_000_000_000n);
    const base = BigInt(w.perClass.normal.baseExtrinsic.refTime);
    expect(base).toBe(124_414_000n);
    // max_total - 10 % of the block for initialization - the extrinsic base weight
    expect(BigInt(w.perClass.normal.maxExtrinsic.refTime)).toBe(1_500_000_000_000n - 200_000_000_000n - base);
    expect(BigInt(w.perClass.operational.reserved.refTime)).toBe(500_000_000_000n);
    expect(w.perClass.mandatory.maxTotal).toBeNull();
    const len = api.consts.system.blockLength.toJSON() as any;
    expect(len.max).toEqual({ normal: 3_932_160, operational: 5_242_880, mandatory: 5_242_880 });
    expect((api.consts.system.dbWeight.toJSON() as any).write).toBe(100_000_000);
  });

  it('answers the weight of a call from TFChain weights.rs, for batches the sum plus the batch part', async () => {
    const contract = api.tx.smartContractModule.createNodeContract(1, '0x' + 'ab'.repeat(32), '0x', 0, null);
    // create_node_contract: 104_197_000 ps + 12 reads * 25 µs + 8 writes * 100 µs; proof 4333 bytes
    const one = await contract.paymentInfo(alice);
    expect(one.weight.refTime.toBigInt()).toBe(1_204_197_000n);
    expect(one.weight.proofSize.toBigInt()).toBe(4333n);
    expect(one.class.toString()).toBe('Normal');
    const batch = await api.tx.utility.batchAll([contract, contract, contract]).paymentInfo(alice);
    expect(batch.weight.refTime.toBigInt()).toBe(3n * 1_204_197_000n + 16_448_433n + 3n * 4_796_983n);
    // the same through the deprecated RPC
    const signed = api.tx.utility.batchAll([contract, contract]);
    await signed.signAsync(alice, { nonce: -1 });
    // (@polkadot/api reads this RPC's answer with the pre-v2 weight type: ask the provider itself)
    const rpc = (await provider.send('payment_queryInfo', [signed.toHex()])) as any;
    expect(BigInt(rpc.weight.refTime)).toBe(2n * 1_204_197_000n + 16_448_433n + 2n * 4_796_983n);
    // DAO calls are Operational in TFChain
    const vote = await api.tx.dao.vote(1, '0x' + '11'.repeat(32), true).paymentInfo(alice);
    expect(vote.class.toString()).toBe('Operational');
  });

  it('records the real weight in ExtrinsicSuccess', async () => {
    const events = await new Promise<any[]>((resolve, reject) => {
      api.tx.tfkvStore
        .set('weights-test', 'v')
        .signAndSend(alice, { nonce: -1 }, (r) => {
          if (r.status.isInBlock) resolve(r.events.map((e) => e.event.toJSON()));
        })
        .catch(reject);
    });
    const success = events.find((e) => JSON.stringify(e).includes('refTime'));
    expect(JSON.stringify(success)).toContain(String(11_722_000 + 100_000_000));
  });
});

describe('dev chain block limits: enforced (a test chain with 1/1000 of the weight, 4 KB blocks)', () => {
  let chain: DevChain;
  let api: ApiPromise;
  let alice: KeyringPair, bob: KeyringPair;
  const sets = (who: string, n: number) =>
    api.tx.utility.batchAll(Array.from({ length: n }, (_, i) => api.tx.tfkvStore.set(`${who}-${i}`, 'v')));

  beforeAll(async () => {
    // 2e9 ps per block: normal total 1.5e9, max extrinsic 1.5e9 - 0.2e9 - base = 1.1756e9;
    // a kvStore.set weighs 111_722_000 and costs 4_796_983 more in a batch: 9 fit, 10 do not
    chain = await startDevChain({
      blockTimeMs: 600_000,
      blockLimits: { maxBlockRefTime: 2_000_000_000, maxBlockLength: 4000 },
    });
    api = await ApiPromise.create({ provider: new WsProvider(chain.url), noInitWarn: true });
    const keyring = new Keyring({ type: 'sr25519' });
    [alice, bob] = ['Alice', 'Bob'].map((n) => keyring.addFromUri(`//${n}`));
  });

  afterAll(async () => {
    await api?.disconnect();
    await chain?.close();
  });

  it('serves the lowered limits in the metadata it enforces', () => {
    const w = api.consts.system.blockWeights.toJSON() as any;
    expect(BigInt(w.perClass.normal.maxExtrinsic.refTime)).toBe(1_500_000_000n - 200_000_000n - 124_414_000n);
    expect((api.consts.system.blockLength.toJSON() as any).max.normal).toBe(3000);
  });

  it('refuses an over-weight extrinsic with ExhaustsResources and accepts one that fits', async () => {
    await expect(sets('alice', 10).signAndSend(alice, { nonce: -1 })).rejects.toThrow(
      '1010: Invalid Transaction: Transaction would exhaust the block limits',
    );
    const hash = inBlock(sets('alice', 9), alice);
    await new Promise((r) => setTimeout(r, 300));
    chain.produceBlock();
    expect(await hash).toMatch(/^0x/);
  });

  it('refuses an extrinsic longer than a normal block', async () => {
    await expect(api.tx.system.remark('x'.repeat(3100)).signAndSend(bob, { nonce: -1 })).rejects.toThrow(
      'Transaction would exhaust the block limits',
    );
  });

  it('fills a block up to the normal class total and leaves the rest for the next block', async () => {
    // two batches of 9 sets: 1.19e9 each with the base weight, only one fits in 1.5e9
    const ready = (tx: SubmittableExtrinsic<'promise'>, pair: KeyringPair) =>
      // resolves (once in the pool) with the promise of its block, wrapped so it is not adopted
      new Promise<{ included: Promise<string> }>((resolveReady, reject) => {
        const included: Promise<string> = new Promise<string>((resolveIn) => {
          tx.signAndSend(pair, { nonce: -1 }, (r) => {
            if (r.status.isReady) resolveReady({ included });
            // two blocks in a row: @polkadot/api may skip the first one's in-block status for its finality
            if (r.status.isInBlock) resolveIn(r.status.asInBlock.toHex());
            if (r.status.isFinalized) resolveIn(r.status.asFinalized.toHex());
          }).catch(reject);
        });
      });
    const first = await ready(sets('a2', 9), alice);
    const second = await ready(sets('b2', 9), bob);
    const before = chain.node.best.number;
    chain.produceBlock();
    chain.produceBlock();
    const blocks = await Promise.all([first.included, second.included]);
    const numbers = blocks.map((h) => chain.node.block(h)!.number).sort();
    expect(numbers).toEqual([before + 1, before + 2]);
    // both landed: all 18 entries are stored
    const stored = await api.query.tfkvStore.tfkvStore.entries(alice.address);
    expect(stored.filter(([k]) => k.toHuman()!.toString().includes('a2-')).length).toBe(9);
  });
});
