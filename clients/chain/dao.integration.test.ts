/**
 * The DAO from propose to execution against the dev chain, with every rejection on the way.
 */
import { actionCall, proposalHashOf } from './dao';
import type { TfchainClient } from './tfchain-client';
import {
  createFarm,
  createNode,
  settleAfterDisconnect,
  startTestChain,
  chainError,
  type TestChain,
} from '../../integration/support/test-chain';

afterAll(settleAfterDisconnect);

describe('DAO through our client', () => {
  let t: TestChain;
  let alice: TfchainClient, bob: TfchainClient, charlie: TfchainClient;
  let farmId: number, emptyFarmId: number;

  beforeAll(async () => {
    t = await startTestChain();
    alice = t.alice;
    [bob, charlie] = await Promise.all(['//Bob', '//Charlie'].map((mnemonic) => t.client({ mnemonic })));
    for (const c of [alice, bob, charlie]) await c.ensureTwin('relay.dev');
    farmId = await createFarm(alice, 'alice_farm');
    await createNode(alice, farmId);
    emptyFarmId = await createFarm(charlie, 'charlie_farm');
  });
  afterAll(() => t?.close());

  it('runs propose -> vote -> close and executes the action as root', async () => {
    const action = { pallet: 'tftPriceModule', call: 'setPrices', args: [20, 1] };
    const notCouncil = await chainError(
      charlie.propose({ threshold: 1, action, description: 'raise', link: 'https://forum' }),
    );
    expect(notCouncil).toMatchObject({ call: 'dao.propose', pallet: 'dao', error: 'NotCouncilMember' });

    const { hash, index } = await alice.propose({
      threshold: 1,
      action,
      description: 'raise the TFT price',
      link: 'https://forum/1',
    });
    expect(hash).toBe(proposalHashOf(actionCall(alice.api, action)));
    const [listed] = await alice.listProposals();
    expect(listed).toMatchObject({
      hash,
      index,
      description: 'raise the TFT price',
      link: 'https://forum/1',
      threshold: 1,
      ayes: [],
      nays: [],
      vetos: [],
      state: 'voting',
      wouldPass: false,
      action: { section: 'tftPriceModule', method: 'setPrices' },
    });
    const early = await chainError(bob.close(hash, index));
    expect(early.error).toBe('OngoingVoteAndTresholdStillNotMet');

    expect((await chainError(bob.vote(farmId, hash, true))).error).toBe('NotAuthorizedToVote');
    expect((await chainError(charlie.vote(emptyFarmId, hash, true))).error).toBe('FarmHasNoNodes');
    await alice.vote(farmId, hash, true);
    const duplicate = await chainError(alice.vote(farmId, hash, true));
    expect(duplicate.qualifiedError).toBe('dao.DuplicateVote');
    const [voted] = await alice.listProposals();
    expect(voted).toMatchObject({ ayes: [{ farmId, weight: 87 }], state: 'closable', wouldPass: true });

    expect((await chainError(charlie.close(hash, index))).error).toBe('NotCouncilMember');
    expect(await bob.close(hash, index)).toEqual({ approved: true, executed: { ok: true } });
    expect(await alice.getTftPriceUsd()).toBeCloseTo(0.02);
    expect(await alice.listProposals()).toEqual([]);
  });

  it('records vetoes, refuses a second veto, and honours a given duration', async () => {
    const action = alice.api.tx.system.remark('dao remark');
    const now = Number((await alice.api.query.system.number()).toString());
    const { hash } = await alice.propose({
      threshold: 2,
      action,
      description: 'remark',
      link: 'https://forum/2',
      durationBlocks: 50,
    });
    await alice.veto(hash);
    expect((await chainError(alice.veto(hash))).error).toBe('DuplicateVeto');
    await bob.veto(hash);
    const [p] = await alice.listProposals();
    expect(p.vetos).toEqual([alice.address, bob.address]);
    expect(p.end).toBeGreaterThan(now);
    expect(p.end).toBeLessThanOrEqual(now + 51);
    await expect(
      alice.propose({ threshold: 1, action, description: 'x', link: 'y', durationBlocks: 30 * 14_400 }),
    ).rejects.toThrow('durationBlocks 432000 is not valid');
  });
});
