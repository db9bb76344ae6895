/**
 * Billing through our client on the dev chain: a node contract's reserved public IP is billed from
 * its owner's balance every block, and an owner that cannot pay puts the contract in grace period.
 */
import { mnemonicGenerate } from '@polkadot/util-crypto';
import type { TfchainClient } from './tfchain-client';
import { createFarm, createNode, settleAfterDisconnect, startTestChain, type TestChain } from './test-chain';

jest.setTimeout(60_000);
afterAll(settleAfterDisconnect);

const TFT = 10_000_000n;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('billing', () => {
  let t: TestChain;
  let farmer: TfchainClient;
  let nodeId: number;

  beforeAll(async () => {
    t = await startTestChain();
    farmer = await t.client({ mnemonic: '//Charlie' });
    await farmer.ensureTwin('127.0.0.1');
    const farmId = await createFarm(farmer, 'billingfarm', [
      { ip: '203.0.113.10/24', gw: '203.0.113.1' },
      { ip: '203.0.113.11/24', gw: '203.0.113.1' },
    ]);
    const nodeOwner = await t.client({ mnemonic: '//Eve' });
    await nodeOwner.ensureTwin('127.0.0.1');
    nodeId = await createNode(nodeOwner, farmId);
  });
  afterAll(() => t?.close());

  /** A new account funded with `tft`, with a twin. */
  async function account(tft: bigint): Promise<TfchainClient> {
    const c = await t.client({ mnemonic: mnemonicGenerate(12) });
    await t.alice.run(t.alice.calls.transfer(c.address, tft));
    await c.ensureTwin('127.0.0.1');
    return c;
  }

  /** Produces blocks until `done` or ~10 s of chain time. */
  async function blocksUntil(done: () => Promise<boolean>): Promise<boolean> {
    for (let i = 0; i < 20; i++) {
      await sleep(500);
      await t.chain.produceBlock();
      if (await done()) return true;
    }
    return false;
  }

  it("bills a contract's public IP from the owner's balance as blocks pass", async () => {
    const owner = await account(100n * TFT);
    const id = await owner.createNodeContract({
      nodeId,
      deploymentHash: '0123456789abcdef0123456789abcdef',
      deploymentData: '',
      publicIps: 1,
    });
    const before = (await owner.getBalance()).free;
    const billed = await blocksUntil(async () => (await owner.getBalance()).free < before);
    expect(billed).toBe(true);
    expect((await owner.getContract(id))?.state).toBe('created');
    await owner.cancelContract(id);
  });

  it('puts the contract in grace period when the owner cannot pay, and the IP stays reserved', async () => {
    const poor = await account(TFT);
    const id = await poor.createNodeContract({
      nodeId,
      deploymentHash: 'fedcba9876543210fedcba9876543210',
      deploymentData: '',
      publicIps: 1,
    });
    // spend almost everything: what is left pays the transfer's fee and a moment of the IP, no more
    const free = (await poor.getBalance()).free;
    await poor.run(poor.calls.transfer(t.alice.address, free - 30_000n));
    const grace = await blocksUntil(async () => (await poor.getContract(id))?.state === 'grace');
    expect(grace).toBe(true);
    const c = await poor.getContract(id);
    expect(c?.publicIpsList).toHaveLength(1);
    expect(c?.graceSinceBlock).toBeGreaterThan(0);
  });
});
