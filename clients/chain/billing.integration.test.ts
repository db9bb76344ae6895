/**
 * Billing as TFChain does it, through our client on the dev chain with a short cycle (3 blocks):
 * the validator's offchain worker sends `billContractForBlock`; a bill locks the amount (frozen
 * rises, ContractLock grows) without moving tokens; cancelling pays the lock out (10% foundation,
 * 5% staking pool, 50% sales, 35% burned); a twin that cannot cover its locks enters grace in the
 * billing extrinsic and leaves it only once its usable balance exceeds what is locked.
 */
import { Keyring } from '@polkadot/keyring';
import type { EventRecord } from '@polkadot/types/interfaces';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import {
  SALES_ACCOUNT,
  STAKING_POOL_ACCOUNT,
  FOUNDATION_ACCOUNT,
} from '../../devgrid/chain/pallets/tfgrid-genesis';
import { VALIDATOR_URI } from '../../devgrid/chain/runtime/genesis';
import { percentOf } from '../../devgrid/chain/pallets/billing';
import type { TfchainClient } from './tfchain-client';
import { createFarm, createNode, settleAfterDisconnect, startTestChain, type TestChain } from '../../integration/support/test-chain';

jest.setTimeout(90_000);
afterAll(settleAfterDisconnect);

const TFT = 10_000_000n;
const CYCLE = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface BilledExtrinsic {
  signer: string;
  call: string;
  events: string[];
}

describe('billing in cycles with locks', () => {
  let t: TestChain;
  let nodeId: number;
  const validator = new Keyring({ type: 'sr25519' }).addFromUri(VALIDATOR_URI);

  beforeAll(async () => {
    t = await startTestChain({ billingFrequency: CYCLE });
    const farmer = await t.client({ mnemonic: '//Charlie' });
    await farmer.ensureTwin('relay.dev');
    const farmId = await createFarm(farmer, 'billingfarm', [
      { ip: '185.69.166.10/24', gw: '185.69.166.1' },
      { ip: '185.69.166.11/24', gw: '185.69.166.1' },
    ]);
    nodeId = await createNode(farmer, farmId);
  });
  afterAll(() => t?.close());

  /** A new account funded with `tft`, with a twin. */
  async function account(tft: bigint): Promise<TfchainClient> {
    const c = await t.client({ mnemonic: mnemonicGenerate(12) });
    await t.alice.run(t.alice.calls.transfer(c.address, tft));
    await c.ensureTwin('relay.dev');
    return c;
  }

  /** Makes blocks (a second apart, so a bill has time to accrue) until `done`, at most ~3 cycles. */
  async function blocksUntil<T>(done: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < CYCLE * 3 + 2; i++) {
      await sleep(1000);
      t.chain.produceBlock();
      await sleep(50);
      const v = await done();
      if (v !== undefined) return v;
    }
    throw new Error('not reached within three billing cycles');
  }

  /** The extrinsics of the latest block that billed `contractId`, with their events. */
  async function billingExtrinsics(contractId: number): Promise<BilledExtrinsic[]> {
    const api = t.alice.api;
    const hash = await api.rpc.chain.getBlockHash();
    const block = await api.rpc.chain.getBlock(hash);
    const events = (await (await api.at(hash)).query.system.events()) as unknown as EventRecord[];
    return block.block.extrinsics.flatMap((ext, i) => {
      if (ext.method.section !== 'smartContractModule' || ext.method.method !== 'billContractForBlock')
        return [];
      if (Number(ext.method.args[0].toString()) !== contractId) return [];
      return [
        {
          signer: ext.signer.toString(),
          call: `${ext.method.section}.${ext.method.method}`,
          events: events
            .filter((e: EventRecord) => e.phase.isApplyExtrinsic && e.phase.asApplyExtrinsic.toNumber() === i)
            .map((e: EventRecord) => `${e.event.section}.${e.event.method}`),
        },
      ];
    });
  }

  const lockOf = async (id: number) =>
    (await t.alice.api.query.smartContractModule.contractLock(id)).toJSON() as {
      amountLocked: number;
      cycles: number;
    };
  const freeOf = async (who: string) => (await t.alice.getBalance(who)).free;

  it("locks each cycle's bill on the twin (frozen, ContractLock) from the validator's billing extrinsic", async () => {
    const owner = await account(100n * TFT);
    const id = await owner.createNodeContract({
      nodeId,
      deploymentHash: '0123456789abcdef0123456789abcdef',
      publicIps: 1,
    });
    const start = await owner.getBalance();
    expect(start.frozen).toBe(0n);

    const billed = await blocksUntil(async () => {
      const xs = await billingExtrinsics(id);
      return xs.length ? xs : undefined;
    });
    expect(billed).toEqual([
      expect.objectContaining({
        signer: validator.address,
        call: 'smartContractModule.billContractForBlock',
      }),
    ]);
    expect(billed[0].events).toEqual(
      expect.arrayContaining([
        'balances.Locked',
        'smartContractModule.ContractBilled',
        'system.ExtrinsicSuccess',
      ]),
    );
    const after = await owner.getBalance();
    const lock = await lockOf(id);
    expect(lock.cycles).toBe(1);
    expect(BigInt(lock.amountLocked)).toBeGreaterThan(0n);
    // nothing moved: the owner's free balance is what it was, and the bill is frozen in it
    expect(after.free).toBe(start.free);
    expect(after.frozen).toBe(BigInt(lock.amountLocked));
    expect(after.spendable).toBe(after.free - after.frozen);
    expect((await owner.getContract(id))?.state).toBe('created');

    // a second cycle adds to the same lock
    await blocksUntil(async () => ((await lockOf(id)).cycles === 2 ? true : undefined));
    const twice = await lockOf(id);
    expect(BigInt(twice.amountLocked)).toBeGreaterThan(BigInt(lock.amountLocked));
    expect((await owner.getBalance()).frozen).toBe(BigInt(twice.amountLocked));

    // cancelling pays the lock out: 10% foundation, 5% staking pool, 50% sales, 35% burned; what
    // accrued since the last cycle is reported in the final ContractBilled but not collected (as on TFChain)
    const locked = BigInt((await lockOf(id)).amountLocked);
    const [foundation, staking, sales] = await Promise.all(
      [FOUNDATION_ACCOUNT, STAKING_POOL_ACCOUNT, SALES_ACCOUNT].map((a) => freeOf(a)),
    );
    const issuance = BigInt((await t.alice.api.query.balances.totalIssuance()).toString());
    const outcome = await owner.run({
      tx: owner.api.tx.smartContractModule.cancelContract(id),
      result: async (events) => events,
    });
    const burned = outcome.find((e) => e.method === 'TokensBurned');
    expect(outcome.map((e) => e.method)).toContain('ContractBilled');
    const total = locked;
    const tenth = percentOf(total, 10);
    const twentieth = percentOf(total, 5);
    const half = percentOf(total, 50);
    expect(burned?.data).toEqual([id, Number(half - tenth - twentieth)]);
    expect((await freeOf(FOUNDATION_ACCOUNT)) - foundation).toBe(tenth);
    expect((await freeOf(STAKING_POOL_ACCOUNT)) - staking).toBe(twentieth);
    expect((await freeOf(SALES_ACCOUNT)) - sales).toBe(half);
    const fee = BigInt(
      (outcome.find((e) => e.method === 'TransactionFeePaid')?.data[1] as number | string | undefined) ?? 0,
    );
    expect(BigInt((await t.alice.api.query.balances.totalIssuance()).toString())).toBe(
      issuance - (half - tenth - twentieth),
    );
    const end = await owner.getBalance();
    expect(end.frozen).toBe(0n);
    expect(end.free).toBe(start.free - half - half - fee);
    expect((await t.alice.api.query.smartContractModule.contractLock(id)).toJSON()).toMatchObject({
      cycles: 0,
      amountLocked: 0,
    });
    expect(await owner.getContract(id)).toBeUndefined();
  });

  it('enters grace in the billing extrinsic when the usable balance cannot cover the lock, and leaves it only once it can', async () => {
    const poor = await account(TFT);
    const id = await poor.createNodeContract({
      nodeId,
      deploymentHash: 'fedcba9876543210fedcba9876543210',
      publicIps: 1,
    });
    // give everything away but a little: the next bill reaches the usable balance
    const spendable = (await poor.getBalance()).spendable;
    await poor.run(poor.calls.transfer(t.alice.address, spendable - 30_000n));
    const graced = await blocksUntil(async () => {
      const xs = await billingExtrinsics(id);
      return xs.some((x) => x.events.includes('smartContractModule.ContractGracePeriodStarted'))
        ? xs
        : undefined;
    });
    expect(graced[0].signer).toBe(validator.address);
    const c = await poor.getContract(id);
    expect(c?.state).toBe('grace');
    expect(c?.publicIpsList).toHaveLength(1);
    // in grace nothing more is locked on the account, but the contract's lock keeps counting what is due
    const frozenAtGrace = (await poor.getBalance()).frozen;
    const dueAtGrace = await lockOf(id);
    await blocksUntil(async () => ((await lockOf(id)).cycles > dueAtGrace.cycles ? true : undefined));
    expect((await poor.getBalance()).frozen).toBe(frozenAtGrace);
    expect(BigInt((await lockOf(id)).amountLocked)).toBeGreaterThan(BigInt(dueAtGrace.amountLocked));

    // a little money is not enough: grace ends only when the usable balance exceeds what is locked
    await t.alice.run(t.alice.calls.transfer(poor.address, 1_000n));
    const before = (await lockOf(id)).cycles;
    await blocksUntil(async () => ((await lockOf(id)).cycles > before ? true : undefined));
    expect((await poor.getContract(id))?.state).toBe('grace');

    await t.alice.run(t.alice.calls.transfer(poor.address, 10n * TFT));
    const ended = await blocksUntil(async () => {
      const xs = await billingExtrinsics(id);
      return xs.some((x) => x.events.includes('smartContractModule.ContractGracePeriodEnded'))
        ? xs
        : undefined;
    });
    expect(ended[0].events).toContain('smartContractModule.ContractBilled');
    expect((await poor.getContract(id))?.state).toBe('created');
    expect((await poor.getBalance()).frozen).toBeGreaterThan(0n);
    await poor.cancelContract(id);
    expect((await poor.getBalance()).frozen).toBe(0n);
  });
});
