/**
 * ThreeFold's own chain client, `@threefold/tfchain_client` 2.9.2 unmodified, against a dev grid:
 * terms and conditions, twins, node/name/rent contracts singly and in batches, transfers, the
 * council collective, the DAO and the key-value store. Every write goes through the SDK's applyExtrinsic, which
 * resolves only on an in-block status.
 */
import { Keyring } from '@polkadot/keyring';
import { Client } from '@threefold/tfchain_client';
import { ensureNode, ensureTwin } from '../../devgrid/registrar';
import { useDevGrid } from '../support/dev-grid';

const GiB = 1024 ** 3;
const fx = useDevGrid({ nodes: 2, farms: 1 });

/** An SDK client as its users make one (a `//Name` dev secret), connected. */
async function sdkClient(secret: string): Promise<Client> {
  const client = new Client({ url: fx.grid.chainUrl, mnemonicOrSecret: secret });
  await client.connect();
  return client;
}

describe('@threefold/tfchain_client on the dev grid', () => {
  let alice: Client, bob: Client, dave: Client;

  beforeAll(async () => {
    // the SDK logs every event of every extrinsic it sends
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    alice = await sdkClient('//Alice');
    bob = await sdkClient('//Bob');
    dave = await sdkClient('//Dave');
  });

  afterAll(async () => {
    // the SDK's clients share one connection per URL
    await alice?.disconnect();
    jest.restoreAllMocks();
  });

  it('accepts terms and conditions, creates, reads and updates a twin', async () => {
    await (
      await dave.termsAndConditions.accept({ documentLink: 'https://tc', documentHash: 'hash' })
    ).apply();
    const pk = '0x' + '11'.repeat(32);
    const twin = await (await dave.twins.create({ relay: 'relay.dev.grid.tf', pk })).apply();
    expect(twin.accountId).toBe(dave.address);
    const id = await dave.twins.getMyTwinId();
    expect(id).toBe(twin.id);
    expect(await dave.twins.getTwinIdByAccountId({ accountId: dave.address })).toBe(id);
    const updated = await (await dave.twins.update({ relay: 'other.relay', pk })).apply();
    expect(updated.relay).toBe('other.relay');
    expect((await dave.twins.get({ id })).relay).toBe('other.relay');
  });

  it('creates, updates and cancels node, name and rent contracts, singly and in batches', async () => {
    const [node1, node2] = fx.grid.nodes.map((n) => n.nodeId);
    const hash = 'a1'.repeat(16);
    const created = await (
      await dave.contracts.createNode({
        nodeId: node1,
        hash,
        data: 'one',
        numberOfPublicIps: 0,
        solutionProviderId: 0,
      })
    ).apply();
    const id = created.contractId;
    expect(created.contractType.nodeContract.nodeId).toBe(node1);
    expect(await dave.contracts.getContractIdByNodeIdAndHash({ nodeId: node1, hash })).toBe(id);
    expect(await dave.contracts.getActiveContracts({ nodeId: node1 })).toContain(id);
    const payment = await dave.contracts.getContractPaymentState(id);
    expect(Number(payment.lastUpdatedSeconds)).toBeGreaterThan(0);

    const newHash = 'b2'.repeat(16);
    const updated = await (await dave.contracts.updateNode({ id, hash: newHash, data: 'two' })).apply();
    expect(updated.contractType.nodeContract.deploymentHash).toBe(newHash);

    // a batch: a name contract and a rent contract at once, both results back in order
    const both = await dave.utility.batchAll([
      await dave.contracts.createName({ name: 'sdkname' }),
      await dave.contracts.createRent({ nodeId: node2 }),
    ]);
    expect(both).toHaveLength(2);
    const nameId = await dave.contracts.getContractIdByName({ name: 'sdkname' });
    const rentId = await dave.contracts.getContractIdByActiveRentForNode({ nodeId: node2 });
    expect(nameId).toBeGreaterThan(id);
    expect(rentId).toBeGreaterThan(id);

    expect(await (await dave.contracts.cancel({ id }))!.apply()).toBe(id);
    expect(await dave.contracts.get({ id })).toBeNull();
    await dave.utility.batch([
      (await dave.contracts.cancel({ id: nameId }))!,
      (await dave.contracts.cancel({ id: rentId }))!,
    ]);
    expect(await dave.contracts.getContractIdByName({ name: 'sdkname' })).toBe(0);
    // an OptionQuery on TFChain: None once the rent contract is gone
    expect(await dave.contracts.getContractIdByActiveRentForNode({ nodeId: node2 })).toBeNull();

    // a refused call comes back as the SDK's error for the chain's module error
    const again = await dave.contracts.cancel({ id: nameId });
    expect(again).toBeUndefined();
    const err = await (await dave.contracts.createName({ name: 'bad name!' }))
      .apply()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'TFChainError',
      keyError: 'NameNotValid',
      section: 'smartContractModule',
    });
  });

  it('transfers TFT with balances.transfer', async () => {
    const before = (await dave.balances.getMyBalance()).free;
    await (await alice.balances.transfer({ address: dave.address, amount: 12_345_678 })).apply();
    const after = (await dave.balances.get({ address: dave.address })).free;
    expect(BigInt(after) - BigInt(before)).toBe(12_345_678n);
  });

  it('runs a council motion: propose, vote, close, and the approved call runs with the council origin', async () => {
    const charlie = new Keyring({ type: 'sr25519' }).addFromUri('//Charlie');
    expect(await alice.council.members()).toEqual(expect.arrayContaining([alice.address, bob.address]));
    expect(await alice.council.members()).not.toContain(charlie.address);
    const addCharlie = alice.patchExtrinsic(alice.api.tx.councilMembership.addMember(charlie.address));
    const motion = await (await alice.council.propose({ proposal: addCharlie, threshold: 2 })).apply();
    expect(motion.address).toBe(alice.address);
    expect(await alice.council.getAllProposals()).toContain(motion.hash);
    expect(await alice.council.getProposalCount()).toBe(motion.index + 1);
    expect((await alice.council.getProposal({ hash: motion.hash })).method).toBe('addMember');

    // closing before the threshold is met is too early
    const early = await (await alice.council.close({ hash: motion.hash, index: motion.index }))
      .apply()
      .catch((e: unknown) => e);
    expect(early).toMatchObject({ keyError: 'TooEarly', section: 'council' });
    await (await alice.council.vote({ hash: motion.hash, index: motion.index, approve: true })).apply();
    await (await bob.council.vote({ hash: motion.hash, index: motion.index, approve: true })).apply();
    await (await alice.council.close({ hash: motion.hash, index: motion.index })).apply();

    expect(await alice.council.members()).toContain(charlie.address);
    expect((await alice.api.query.councilMembership.members()).toJSON()).toContain(charlie.address);
    expect(await alice.council.getAllProposals()).not.toContain(motion.hash);
  });

  it('runs DAO proposals: propose, farm vote, close executes; council vetoes close another', async () => {
    // the SDK's account gets a farm with a node, so its farm has a vote weight
    await (await alice.farms.create({ name: 'sdkfarm', publicIps: [] })).apply();
    const farmId = Number((await alice.api.query.tfgridModule.farmIdByName('sdkfarm')).toString());
    const keyring = new Keyring({ type: 'sr25519' });
    const nodePair = keyring.addFromUri('//sdk/node');
    const alicePair = keyring.addFromUri('//Alice');
    await (await alice.balances.transfer({ address: nodePair.address, amount: 100_000_000 })).apply();
    const twinId = await ensureTwin(fx.grid.api, nodePair, '127.0.0.1');
    await ensureNode(fx.grid.api, nodePair, alicePair, twinId, {
      farmId,
      resources: { cru: 8, mru: 16 * GiB, sru: 512 * GiB, hru: 0 },
      country: 'Belgium',
      city: 'Ghent',
    });

    const before = BigInt((await dave.balances.getMyBalance()).free);
    const forceTransfer = await alice.balances.forceTransfer({
      source: bob.address,
      dest: dave.address,
      amount: 7_000_000,
    });
    const proposal = await (
      await alice.dao.propose({
        proposal: forceTransfer,
        threshold: 1,
        description: 'pay dave',
        link: 'https://forum',
        duration: null,
      })
    ).apply();
    const listed = await alice.dao.get();
    expect(listed.active.map((p) => p.hash)).toContain(proposal.hash);
    await (await alice.dao.vote({ farmId, hash: proposal.hash, approve: true })).apply();
    const votes = await alice.dao.getVotesOfProposal(proposal.hash);
    expect(votes.ayes).toEqual([expect.objectContaining({ farmId })]);
    await (await alice.dao.close({ hash: proposal.hash, index: proposal.index })).apply();
    expect(BigInt((await dave.balances.getMyBalance()).free) - before).toBe(7_000_000n);

    // vetoes (the SDK has no veto method: its own patchExtrinsic sends dao.veto)
    const other = await (
      await alice.dao.propose({
        proposal: await alice.balances.forceTransfer({ source: bob.address, dest: dave.address, amount: 1 }),
        threshold: 1,
        description: 'vetoed',
        link: 'https://forum',
        duration: 100,
      })
    ).apply();
    const charlie = await sdkClient('//Charlie');
    for (const member of [alice, bob, charlie])
      await member.patchExtrinsic(member.api.tx.dao.veto(other.hash)).apply();
    const after = await alice.dao.get();
    expect([...after.active, ...after.inactive].map((p) => p.hash)).not.toContain(other.hash);
  });

  it('sets, reads, lists and deletes key-value store entries', async () => {
    await (await dave.kvStore.set({ key: 'sdk/key', value: 'hello' })).apply();
    await (await dave.kvStore.set({ key: 'sdk/other', value: 'world' })).apply();
    expect(await dave.kvStore.get({ key: 'sdk/key' })).toBe('hello');
    expect((await dave.kvStore.list()).sort()).toEqual(['sdk/key', 'sdk/other']);
    await (await dave.kvStore.delete({ key: 'sdk/key' })).apply();
    expect(await dave.kvStore.get({ key: 'sdk/key' })).toBe('');
    expect(await dave.kvStore.list()).toEqual(['sdk/other']);
  });
});
