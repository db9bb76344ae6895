/* eslint-disable @typescript-eslint/no-explicit-any -- decoded chain values are read loosely in assertions */
/**
 * Integration tests: an unmodified @polkadot/api (no custom types) against the dev chain over
 * a real WebSocket on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import { compactFromU8a } from '@polkadot/util';
import { startDevChain, type DevChain } from './chain';

const GiB = 1024 ** 3;

interface Outcome {
  events: string[];
  error?: string;
}

/** Signs and sends, resolving in block (as TFChain's SDK does) with the event names and the decoded dispatch error. */
function send(api: ApiPromise, tx: SubmittableExtrinsic<'promise'>, pair: KeyringPair): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    tx.signAndSend(pair, { nonce: -1 }, (r) => {
      if (!r.status.isInBlock) return;
      let error: string | undefined;
      if (r.dispatchError) {
        if (r.dispatchError.isModule) {
          const meta = api.registry.findMetaError(r.dispatchError.asModule);
          error = `${meta.section}.${meta.name}`;
        } else error = r.dispatchError.toString();
      }
      resolve({ events: r.events.map((e) => `${e.event.section}.${e.event.method}`), error });
    }).catch(reject);
  });
}

// @polkadot/api releases its runtime-version subscription 1.75 s after disconnect (rxjs refCountDelay)
afterAll(() => new Promise((resolve) => setTimeout(resolve, 2000)));

describe('dev chain with an unmodified @polkadot/api', () => {
  let chain: DevChain;
  let api: ApiPromise;
  let alice: KeyringPair, bob: KeyringPair, charlie: KeyringPair, dave: KeyringPair;

  beforeAll(async () => {
    chain = await startDevChain();
    api = await ApiPromise.create({ provider: new WsProvider(chain.url), noInitWarn: true });
    const keyring = new Keyring({ type: 'sr25519' });
    [alice, bob, charlie, dave] = ['Alice', 'Bob', 'Charlie', 'Dave'].map((n) =>
      keyring.addFromUri(`//${n}`),
    );
  });

  afterAll(async () => {
    await api?.disconnect();
    await chain?.close();
  });

  it('connects and reads the chain identity and metadata', async () => {
    expect(api.runtimeVersion.specName.toString()).toBe('substrate-threefold');
    expect(api.genesisHash.toHex()).toBe(chain.genesisHash);
    expect(api.registry.chainDecimals[0]).toBe(7);
    expect(api.registry.chainTokens[0]).toBe('TFT');
    expect(typeof api.tx.smartContractModule.createNodeContract).toBe('function');
    expect(api.tx.tfgridModule.createTwin.callIndex).toEqual(new Uint8Array([25, 17]));
    const policy = (await api.query.tfgridModule.pricingPolicies(1)).toJSON() as { cu: { value: number } };
    expect(policy.cu.value).toBe(100000);
    expect((await api.query.tftPriceModule.tftPrice()).toString()).toBe('10');
  });

  it('reports a transaction in block, then finalized on a later notification, with its events both times', async () => {
    const seen: { status: string; events: number }[] = [];
    await new Promise<void>((resolve, reject) => {
      api.tx.system
        .remark('statuses')
        .signAndSend(alice, { nonce: -1 }, (r) => {
          if (!(r.status.isInBlock || r.status.isFinalized)) return;
          seen.push({ status: r.status.type, events: r.events.length });
          if (r.status.isFinalized) resolve();
        })
        .catch(reject);
    });
    expect(seen.map((s) => s.status)).toEqual(['InBlock', 'Finalized']);
    expect(seen.every((s) => s.events > 0)).toBe(true);
  });

  it('transfers TFT and charges a fee', async () => {
    const before = ((await api.query.system.account(bob.address)) as any).data.free.toBigInt();
    const out = await send(api, api.tx.balances.transferKeepAlive(bob.address, 5_000_000), alice);
    expect(out.error).toBeUndefined();
    expect(out.events).toEqual(
      expect.arrayContaining([
        'balances.Transfer',
        'transactionPayment.TransactionFeePaid',
        'system.ExtrinsicSuccess',
      ]),
    );
    const after = ((await api.query.system.account(bob.address)) as any).data.free.toBigInt();
    expect(after - before).toBe(5_000_000n);
  });

  it('requires terms and conditions before createTwin', async () => {
    const denied = await send(api, api.tx.tfgridModule.createTwin('relay.dev', null), alice);
    expect(denied.error).toBe('tfgridModule.UserDidNotSignTermsAndConditions');
    expect(denied.events).toContain('system.ExtrinsicFailed');
    for (const pair of [alice, bob, charlie, dave]) {
      const out = await send(
        api,
        api.tx.utility.batchAll([
          api.tx.tfgridModule.userAcceptTc('https://tc', 'hash'),
          api.tx.tfgridModule.createTwin('relay.dev', null),
        ]),
        pair,
      );
      expect(out.error).toBeUndefined();
      expect(out.events).toContain('tfgridModule.TwinStored');
    }
    const again = await send(api, api.tx.tfgridModule.createTwin('relay.dev', null), alice);
    expect(again.error).toBe('tfgridModule.TwinWithPubkeyExists');
    expect((await api.query.tfgridModule.twinIdByAccountID(bob.address)).toString()).toBe('2');
  });

  it('creates a farm and node, then node contracts with uniqueness and owner checks', async () => {
    const farm = await send(
      api,
      api.tx.tfgridModule.createFarm('alice_farm', [{ ip: '185.1.1.2/24', gw: '185.1.1.1' }]),
      alice,
    );
    expect(farm.events).toContain('tfgridModule.FarmStored');
    const resources = { hru: 4096 * GiB, sru: 1024 * GiB, cru: 16, mru: 64 * GiB };
    const location = { city: 'Ghent', country: 'Belgium', latitude: '51.05', longitude: '3.72' };
    const node = await send(
      api,
      api.tx.tfgridModule.createNode(1, resources, location, [], false, false, null),
      alice,
    );
    expect(node.events).toContain('tfgridModule.NodeStored');
    expect((await api.query.dao.farmWeight(1)).toString()).toBe('87');

    const hash = 'a'.repeat(32);
    const created = await send(
      api,
      api.tx.smartContractModule.createNodeContract(1, hash, 'data', 1, null),
      bob,
    );
    expect(created.events).toContain('smartContractModule.ContractCreated');
    // TFChain declares IPsReserved but never emits it
    expect(created.events).not.toContain('smartContractModule.IPsReserved');
    const id = (await api.query.smartContractModule.contractIDByNodeIDAndHash(1, hash)).toString();
    const contract = (await api.query.smartContractModule.contracts(id)).toJSON() as any;
    expect(contract.contractType.nodeContract.publicIpsList[0].ip).toBeDefined();
    expect(contract.state).toEqual({ created: null });

    const dup = await send(api, api.tx.smartContractModule.createNodeContract(1, hash, 'data', 0, null), bob);
    expect(dup.error).toBe('smartContractModule.ContractIsNotUnique');
    const noIp = await send(
      api,
      api.tx.smartContractModule.createNodeContract(1, 'b'.repeat(32), '', 1, null),
      bob,
    );
    expect(noIp.error).toBe('smartContractModule.FarmHasNotEnoughPublicIPsFree');
    const stranger = await send(api, api.tx.smartContractModule.cancelContract(id), charlie);
    expect(stranger.error).toBe('smartContractModule.TwinNotAuthorizedToCancelContract');
    const cancel = await send(api, api.tx.smartContractModule.cancelContract(id), bob);
    expect(cancel.events).toEqual(
      expect.arrayContaining([
        'smartContractModule.ContractBilled',
        'smartContractModule.NodeContractCanceled',
      ]),
    );
    expect(((await api.query.smartContractModule.contracts(id)) as any).isNone).toBe(true);
    expect((await api.query.smartContractModule.contractIDByNodeIDAndHash(1, hash)).toString()).toBe('0');
  });

  it('rolls back a failing batchAll and reports the inner error', async () => {
    const hash = 'c'.repeat(32);
    await send(api, api.tx.smartContractModule.createNodeContract(1, hash, '', 0, null), bob);
    const out = await send(
      api,
      api.tx.utility.batchAll([
        api.tx.smartContractModule.createNameContract('batchname'),
        api.tx.smartContractModule.createNodeContract(1, hash, '', 0, null),
      ]),
      bob,
    );
    expect(out.error).toBe('smartContractModule.ContractIsNotUnique');
    expect(out.events).not.toContain('smartContractModule.ContractCreated');
    expect((await api.query.smartContractModule.contractIDByNameRegistration('batchname')).toString()).toBe(
      '0',
    );
    const entries = await api.query.smartContractModule.contracts.entries();
    expect(entries.length).toBeGreaterThan(0);
  });

  it("stores a block's events once, in order, with System.EventCount matching", async () => {
    const blockHash = await new Promise<string>((resolve, reject) => {
      api.tx.utility
        .batch([api.tx.tfkvStore.set('ev-1', 'a'), api.tx.tfkvStore.set('ev-2', 'b')])
        .signAndSend(charlie, { nonce: -1 }, (r) => {
          if (r.status.isInBlock) resolve(r.status.asInBlock.toHex());
        })
        .catch(reject);
    });
    const at = await api.at(blockHash);
    const events = (await at.query.system.events()) as unknown as any[];
    expect(Number((await at.query.system.eventCount()).toString())).toBe(events.length);
    expect(events.map((e) => `${e.phase.toString()} ${e.event.section}.${e.event.method}`)).toEqual([
      '{"applyExtrinsic":0} system.ExtrinsicSuccess',
      '{"applyExtrinsic":1} balances.Withdraw',
      '{"applyExtrinsic":1} tfkvStore.EntrySet',
      '{"applyExtrinsic":1} utility.ItemCompleted',
      '{"applyExtrinsic":1} tfkvStore.EntrySet',
      '{"applyExtrinsic":1} utility.ItemCompleted',
      '{"applyExtrinsic":1} utility.BatchCompleted',
      '{"applyExtrinsic":1} balances.Deposit',
      '{"applyExtrinsic":1} transactionPayment.TransactionFeePaid',
      '{"applyExtrinsic":1} system.ExtrinsicSuccess',
    ]);
  });

  it('undoes nested transactions as FRAME does: a committed inner write goes when the outer one fails', async () => {
    const hash = 'd'.repeat(32);
    await send(api, api.tx.smartContractModule.createNodeContract(1, hash, '', 0, null), dave);
    // batch item 1 commits, item 2 fails and is undone alone: the batch stops, the extrinsic succeeds
    const interrupted = await send(
      api,
      api.tx.utility.batch([
        api.tx.tfkvStore.set('nested-kept', '1'),
        api.tx.utility.batchAll([
          api.tx.tfkvStore.set('nested-undone', '1'),
          api.tx.smartContractModule.createNodeContract(1, hash, '', 0, null),
        ]),
      ]),
      dave,
    );
    expect(interrupted.error).toBeUndefined();
    expect(interrupted.events).toContain('utility.BatchInterrupted');
    expect(interrupted.events.filter((e) => e === 'tfkvStore.EntrySet')).toHaveLength(1);
    // the inner batch commits its write into the outer transaction, which then fails as a whole
    const failed = await send(
      api,
      api.tx.utility.batchAll([
        api.tx.utility.batch([api.tx.tfkvStore.set('nested-committed-then-undone', '1')]),
        api.tx.smartContractModule.createNodeContract(1, hash, '', 0, null),
      ]),
      dave,
    );
    expect(failed.error).toBe('smartContractModule.ContractIsNotUnique');
    expect(failed.events).not.toContain('tfkvStore.EntrySet');
    const stored = async (key: string) => (await api.query.tfkvStore.tfkvStore(dave.address, key)).toHex();
    expect(await stored('nested-kept')).not.toBe('0x');
    expect(await stored('nested-undone')).toBe('0x');
    expect(await stored('nested-committed-then-undone')).toBe('0x');
  });

  it('rejects a forged signature and a replayed extrinsic like a Substrate node', async () => {
    const signed = await api.tx.system.remark('hello').signAsync(alice, { nonce: -1 });
    const bytes = signed.toU8a();
    const forged = new Uint8Array(bytes);
    // length prefix, version byte, MultiAddress (33), signature type byte, then the 64 signature bytes
    const [prefix] = compactFromU8a(bytes);
    forged[prefix + 1 + 33 + 1 + 10] ^= 0xff;
    await expect(api.rpc.author.submitExtrinsic(forged)).rejects.toThrow(
      '1010: Invalid Transaction: Transaction has a bad signature',
    );
    await api.rpc.author.submitExtrinsic(signed.toHex());
    await new Promise((r) => setTimeout(r, 50));
    await expect(api.rpc.author.submitExtrinsic(signed.toHex())).rejects.toThrow(
      '1010: Invalid Transaction: Transaction is outdated',
    );
  });

  it('runs a DAO proposal from propose to execution as root', async () => {
    const action = api.tx.tftPriceModule.setPrices(20, 1);
    const denied = await send(
      api,
      api.tx.dao.propose(1, action, 'raise price', 'https://forum', null),
      charlie,
    );
    expect(denied.error).toBe('dao.NotCouncilMember');
    const proposed = await send(
      api,
      api.tx.dao.propose(1, action, 'raise price', 'https://forum', null),
      alice,
    );
    expect(proposed.events).toContain('dao.Proposed');
    const [hash] = (await api.query.dao.proposalList()).toJSON() as string[];
    const notOwner = await send(api, api.tx.dao.vote(1, hash, true), bob);
    expect(notOwner.error).toBe('dao.NotAuthorizedToVote');
    const voted = await send(api, api.tx.dao.vote(1, hash, true), alice);
    expect(voted.events).toContain('dao.Voted');
    const twice = await send(api, api.tx.dao.vote(1, hash, true), alice);
    expect(twice.error).toBe('dao.DuplicateVote');
    const voting = (await api.query.dao.voting(hash)).toJSON() as any;
    expect(voting.ayes).toEqual([{ farmId: 1, weight: 87 }]);
    const closed = await send(api, api.tx.dao.close(hash, 0), alice);
    expect(closed.events).toEqual(expect.arrayContaining(['dao.Closed', 'dao.Approved', 'dao.Executed']));
    expect((await api.query.tftPriceModule.tftPrice()).toString()).toBe('20');
    expect((await api.query.dao.proposalList()).toJSON()).toEqual([]);
  });

  it('keeps TFKVStore entries per account, as TFChain does', async () => {
    expect(api.tx.tfkvStore.set.callIndex).toEqual(new Uint8Array([30, 0]));
    expect(api.tx.tfkvStore.delete.callIndex).toEqual(new Uint8Array([30, 1]));
    const set = await send(api, api.tx.tfkvStore.set('lease', 'token-1'), bob);
    expect(set.error).toBeUndefined();
    expect(set.events).toContain('tfkvStore.EntrySet');
    await send(api, api.tx.tfkvStore.set('other', 'x'), bob);
    expect((await api.query.tfkvStore.tfkvStore(bob.address, 'lease')).toHuman()).toBe('token-1');
    const mine = await api.query.tfkvStore.tfkvStore.entries(bob.address);
    expect(mine.map(([k]) => (k.args[1] as any).toHuman()).sort()).toEqual(['lease', 'other']);
    // another account cannot take Bob's entry: its own key is empty
    const stranger = await send(api, api.tx.tfkvStore.delete('lease'), charlie);
    expect(stranger.error).toBe('tfkvStore.NoValueStored');
    const tooLarge = await send(api, api.tx.tfkvStore.set('k'.repeat(513), 'v'), bob);
    expect(tooLarge.error).toBe('tfkvStore.KeyIsTooLarge');
    const valueTooLarge = await send(api, api.tx.tfkvStore.set('k', 'v'.repeat(2049)), bob);
    expect(valueTooLarge.error).toBe('tfkvStore.ValueIsTooLarge');
    const taken = await send(api, api.tx.tfkvStore.delete('lease'), bob);
    expect(taken.events).toContain('tfkvStore.EntryTaken');
    expect((await api.query.tfkvStore.tfkvStore(bob.address, 'lease')).toHex()).toBe('0x');
    const again = await send(api, api.tx.tfkvStore.delete('lease'), bob);
    expect(again.error).toBe('tfkvStore.NoValueStored');
  });

  it('puts a contract in the billing loop of a 600-block cycle and bills nothing before its turn', async () => {
    const out = await send(api, api.tx.smartContractModule.createNameContract('billed'), dave);
    expect(out.events).toContain('smartContractModule.ContractCreated');
    const id = Number((await api.query.smartContractModule.contractID()).toString());
    expect((await api.query.smartContractModule.billingFrequency()).toString()).toBe('600');
    expect((await api.query.smartContractModule.contractsToBillAt(id % 600)).toJSON()).toContain(id);
    expect((await api.query.smartContractModule.contractLock(id)).toJSON()).toMatchObject({
      cycles: 0,
      amountLocked: 0,
    });
    await new Promise((r) => setTimeout(r, 1100));
    chain.produceBlock();
    const account = ((await api.query.system.account(dave.address)) as any).data;
    expect(account.frozen.toBigInt()).toBe(0n);
    const events = ((await api.query.system.events()) as any).map(
      (e: any) => `${e.event.section}.${e.event.method}`,
    );
    expect(events).not.toContain('smartContractModule.ContractBilled');
  });
});

describe('dev chain persistence', () => {
  it('continues the chain after a restart from its data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'devchain-'));
    try {
      const first = await startDevChain({ dataDir });
      const api = await ApiPromise.create({ provider: new WsProvider(first.url), noInitWarn: true });
      const eve = new Keyring({ type: 'sr25519' }).addFromUri('//Eve');
      await send(api, api.tx.tfgridModule.userAcceptTc('https://tc', 'hash'), eve);
      await send(api, api.tx.tfgridModule.createTwin('relay.dev', null), eve);
      const height = first.node.best.number;
      await api.disconnect();
      await first.close();

      const second = await startDevChain({ dataDir });
      const api2 = await ApiPromise.create({ provider: new WsProvider(second.url), noInitWarn: true });
      try {
        expect(second.genesisHash).toBe(first.genesisHash);
        expect((await api2.query.tfgridModule.twinIdByAccountID(eve.address)).toString()).toBe('1');
        const out = await send(api2, api2.tx.system.remark('after restart'), eve);
        expect(out.error).toBeUndefined();
        expect(second.node.best.number).toBe(height + 1);
      } finally {
        await api2.disconnect();
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('transaction statuses with timed blocks', () => {
  it('says ready while the pool holds a transaction, in block once a block does, then finalized', async () => {
    const chain = await startDevChain({ blockTimeMs: 600_000 });
    const api = await ApiPromise.create({ provider: new WsProvider(chain.url), noInitWarn: true });
    try {
      const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
      const seen: string[] = [];
      const tx = api.tx.system.remark('pooled');
      const unsub = await tx.signAndSend(alice, { nonce: -1 }, (r) => {
        seen.push(r.status.type);
      });
      const until = async (n: number) => {
        for (let i = 0; i < 250 && seen.length < n; i++) await new Promise((r) => setTimeout(r, 20));
      };
      await until(1);
      expect(seen).toEqual(['Ready']);
      const pending = await api.rpc.author.pendingExtrinsics();
      expect(pending.map((x) => x.hash.toHex())).toEqual([tx.hash.toHex()]);
      chain.produceBlock();
      await until(2);
      expect(seen).toEqual(['Ready', 'InBlock']);
      expect((await api.rpc.author.pendingExtrinsics()).length).toBe(0);
      chain.produceBlock();
      await until(3);
      expect(seen).toEqual(['Ready', 'InBlock', 'Finalized']);
      unsub();
    } finally {
      await api.disconnect();
      await chain.close();
    }
  });
});

describe('finality with timed blocks', () => {
  it('finalizes a block when the next one is produced, and tells finalized-head subscribers of each', async () => {
    const chain = await startDevChain({ blockTimeMs: 600_000 });
    const api = await ApiPromise.create({ provider: new WsProvider(chain.url), noInitWarn: true });
    try {
      const heads: number[] = [];
      const unsub = await api.rpc.chain.subscribeFinalizedHeads((h) => {
        heads.push(h.number.toNumber());
      });
      chain.produceBlock();
      expect(chain.node.finalized.number).toBe(0);
      chain.produceBlock();
      chain.produceBlock();
      expect(chain.node.finalized.number).toBe(2);
      expect(chain.node.best.number).toBe(3);
      const head = (await api.rpc.chain.getFinalizedHead()).toHex();
      expect(head).toBe(chain.node.blocks[2].hash);
      for (let i = 0; i < 100 && heads.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
      unsub();
      expect(heads).toEqual([0, 1, 2]);
    } finally {
      await api.disconnect();
      await chain.close();
    }
  });
});
