/**
 * TFChain's own rules where our dev chain used to be lenient (issue 11): each case asserts what the
 * real runtime does (call, error name, events, storage after), through our client on the dev chain.
 */
import { createTwinCall } from './twins';
import type { TfchainClient } from './tfchain-client';
import {
  chainError,
  createFarm,
  createNode,
  remark,
  settleAfterDisconnect,
  startTestChain,
  type TestChain,
} from '../../integration/support/test-chain';
import { plainCall } from './chain-call';

afterAll(settleAfterDisconnect);

describe('TFChain rules on the dev chain', () => {
  let t: TestChain;
  let alice: TfchainClient, bob: TfchainClient, charlie: TfchainClient;
  let farmId: number, nodeId: number;

  beforeAll(async () => {
    t = await startTestChain();
    alice = t.alice;
    [bob, charlie] = await Promise.all(['//Bob', '//Charlie'].map((mnemonic) => t.client({ mnemonic })));
    for (const c of [alice, bob, charlie]) await c.ensureTwin('relay.dev');
    farmId = await createFarm(alice, 'rules_farm');
    nodeId = await createNode(alice, farmId);
  });
  afterAll(() => t?.close());

  /** Proposes `action` (threshold 1), votes for it with the farm and closes it: the close outcome. */
  async function passProposal(
    action: Parameters<TfchainClient['propose']>[0]['action'],
    description: string,
  ) {
    const p = await alice.propose({
      threshold: 1,
      action,
      description,
      link: `https://forum/${description}`,
    });
    await alice.vote(farmId, p.hash, true);
    return bob.close(p.hash, p.index);
  }

  it('refuses relay addresses as pallet-tfgrid validates them, with InvalidRelayAddress', async () => {
    const fresh = await t.client({ seed: '0x' + '31'.repeat(32) });
    await alice.run(alice.calls.transfer(fresh.address, 10n * 10_000_000n));
    await fresh.run(plainCall(fresh.api.tx.tfgridModule.userAcceptTc('', '')));
    for (const relay of [
      '127.0.0.1:8080',
      'relay..grid.tf',
      'relay grid.tf',
      '.relay',
      'relay.',
      'wss://relay',
    ]) {
      // our client refuses it before sending ...
      expect(() => createTwinCall(fresh.api, relay)).toThrow('without scheme or port');
      // ... and the chain refuses it when sent anyway
      const raw = fresh.api.tx.tfgridModule.createTwin(relay, null);
      const e = await chainError(fresh.run(plainCall(raw)));
      expect(e.qualifiedError).toBe('tfgridModule.InvalidRelayAddress');
      expect(e.hint).toMatch(/no port/);
    }
    const twin = await fresh.ensureTwin('relay.dev_relay-2.grid.tf');
    expect((await fresh.getTwin(twin))?.relay).toBe('relay.dev_relay-2.grid.tf');
  });

  it('executes an approved proposal as Root: system.remark succeeds, a signed-only call names its error', async () => {
    expect(await passProposal(alice.api.tx.system.remark('as root'), 'remark as root')).toEqual({
      approved: true,
      executed: { ok: true },
    });

    expect(
      await passProposal(alice.api.tx.system.remarkWithEvent('needs a signer'), 'remark with event as root'),
    ).toEqual({
      approved: true,
      executed: { ok: false, error: 'BadOrigin' },
    });
  });

  it('keeps the TFT price bounds strict: min < max, max > min', async () => {
    const max = Number((await alice.api.query.tftPriceModule.maxTftPrice()).toString());
    const min = Number((await alice.api.query.tftPriceModule.minTftPrice()).toString());
    expect(await passProposal(alice.api.tx.tftPriceModule.setMinTftPrice(max), 'min = max')).toEqual({
      approved: true,
      executed: { ok: false, error: 'tftPriceModule.MinPriceAboveMaxPriceError' },
    });
    expect(await passProposal(alice.api.tx.tftPriceModule.setMaxTftPrice(min), 'max = min')).toEqual({
      approved: true,
      executed: { ok: false, error: 'tftPriceModule.MaxPriceBelowMinPriceError' },
    });
    expect(Number((await alice.api.query.tftPriceModule.minTftPrice()).toString())).toBe(min);
    expect(Number((await alice.api.query.tftPriceModule.maxTftPrice()).toString())).toBe(max);
  });

  it('refuses to rent a node that has contracts with NodeNotAvailableToDeploy, and says why', async () => {
    const contract = await bob.createNodeContract({ nodeId, deploymentHash: 'ab'.repeat(16) });
    const e = await chainError(charlie.createRentContract(nodeId));
    expect(e.qualifiedError).toBe('smartContractModule.NodeNotAvailableToDeploy');
    expect(e.hint).toMatch(/when renting, it still has contracts/);
    expect(await charlie.listContracts()).toEqual([]);
    await bob.cancelContract(contract);
  });

  it('reserves public IPs without an IPsReserved event: the IPs are in ContractCreated', async () => {
    const ipFarm = await createFarm(charlie, 'ip_farm', [{ ip: '185.69.166.10/24', gw: '185.69.166.1' }]);
    const ipNode = await createNode(charlie, ipFarm);
    const outcome = await bob.run({
      tx: bob.api.tx.smartContractModule.createNodeContract(ipNode, 'cd'.repeat(16), '', 1, null),
      result: async (events) => events.map((e) => `${e.section}.${e.method}`),
    });
    expect(outcome).toContain('smartContractModule.ContractCreated');
    expect(outcome).not.toContain('smartContractModule.IPsReserved');
    const [created] = await bob.listContracts(undefined, { nodeIds: [ipNode] });
    expect(created.publicIps).toBe(1);
    await bob.cancelContract(created.contractId);
  });

  it('refuses deployment data over 512 bytes in the pool, as the runtime fails to decode it', async () => {
    const tooLong = 'x'.repeat(513);
    const direct = await chainError(
      bob.run(
        plainCall(
          bob.api.tx.smartContractModule.createNodeContract(nodeId, 'ef'.repeat(16), tooLong, 0, null),
        ),
      ),
    );
    expect(direct.kind).toBe('pool');
    expect(direct.error).toBe('BadInput');
    expect(direct.message).toMatch(/1002: Verification Error.*BoundedVec exceeds its limit.*512 bytes/);
    const batched = await chainError(
      bob.run(
        plainCall(
          bob.api.tx.utility.batchAll([
            bob.api.tx.system.remark('first'),
            bob.api.tx.smartContractModule.createNodeContract(nodeId, 'ef'.repeat(16), tooLong, 0, null),
          ]),
        ),
      ),
    );
    expect(batched.error).toBe('BadInput');
    const at512 = await bob.run(
      plainCall(
        bob.api.tx.smartContractModule.createNodeContract(nodeId, 'ef'.repeat(16), 'y'.repeat(512), 0, null),
      ),
    );
    expect(at512).toBeUndefined();
    const [stored] = await bob.listContracts(undefined, { nodeIds: [nodeId] });
    expect(stored.deploymentData).toHaveLength(512);
    await bob.cancelContract(stored.contractId);
    // our client refuses it before sending
    await expect(
      bob.createNodeContract({ nodeId, deploymentHash: '01'.repeat(16), deploymentData: tooLong }),
    ).rejects.toThrow('TFChain stores at most 512');
    await remark(bob, 'still usable');
  });

  it('refuses a second veto by the same council member (DuplicateVeto, as every release since v2.5.0)', async () => {
    const p = await alice.propose({
      threshold: 2,
      action: alice.api.tx.system.remark('veto twice'),
      description: 'veto twice',
      link: 'https://forum/v',
    });
    await alice.veto(p.hash);
    expect((await chainError(alice.veto(p.hash))).qualifiedError).toBe('dao.DuplicateVeto');
  });
});
