/**
 * Our client against the dev chain over a real WebSocket on 127.0.0.1: twins, every contract call,
 * batches (atomic failure included), owner checks, listing, grid reads, typed errors.
 */
import { createTwinCall } from './twins';
import type { TfchainClient } from './tfchain-client';
import {
  createFarm,
  createNode,
  remark,
  settleAfterDisconnect,
  startTestChain,
  chainError,
  type TestChain,
} from '../../integration/support/test-chain';

const H1 = 'a6b40e189f289480b2a648fe82bf31ba';
const H2 = '7c09eeaad70c3aedfedaa3dff96da433';
const H3 = '0123456789abcdef0123456789abcdef';

afterAll(settleAfterDisconnect);

describe('TfchainClient against the dev chain', () => {
  let t: TestChain;
  let alice: TfchainClient, bob: TfchainClient, charlie: TfchainClient, ferdie: TfchainClient;
  let farmId: number, nodeId: number, spareNodeId: number;
  let bobTwin: number;

  beforeAll(async () => {
    t = await startTestChain();
    alice = t.alice;
    [bob, charlie, ferdie] = await Promise.all(
      ['//Bob', '//Charlie', '//Ferdie'].map((mnemonic) => t.client({ mnemonic })),
    );
  });
  afterAll(() => t?.close());

  it('refuses createTwin before the terms are accepted, with a typed error', async () => {
    const e = await chainError(alice.run(createTwinCall(alice.api, 'relay.dev')));
    expect(e.kind).toBe('dispatch');
    expect(e.call).toBe('tfgridModule.createTwin');
    expect(e.pallet).toBe('tfgridModule');
    expect(e.error).toBe('UserDidNotSignTermsAndConditions');
    expect(e.message).toMatch(
      /^tfgridModule.createTwin failed: tfgridModule.UserDidNotSignTermsAndConditions.*userAcceptTc/,
    );
  });

  it('ensures twins: accepts the terms, creates the twin once, reads it back', async () => {
    expect(await bob.twinId()).toBeUndefined();
    const aliceTwin = await alice.ensureTwin('relay.dev');
    bobTwin = await bob.ensureTwin('relay.dev', { pk: '0x02' + 'ab'.repeat(32) });
    await charlie.ensureTwin('relay.dev');
    await ferdie.ensureTwin(undefined);
    expect(bobTwin).not.toBe(aliceTwin);
    expect(await bob.ensureTwin('relay.dev')).toBe(bobTwin);
    expect(await bob.twinId()).toBe(bobTwin);
    expect(await bob.getTwin(bobTwin)).toEqual({
      id: bobTwin,
      accountId: bob.address,
      relay: 'relay.dev',
      pk: '0x02' + 'ab'.repeat(32),
    });
    expect(await alice.getTwin(9999)).toBeUndefined();
  });

  it('works with an ed25519 account from a seed', async () => {
    const ed = await t.client({ seed: '0x' + '42'.repeat(32), keyType: 'ed25519' });
    await bob.run(bob.calls.transfer(ed.address, 100n * 10_000_000n));
    const twin = await ed.ensureTwin('relay.dev');
    expect((await ed.getTwin(twin))?.accountId).toBe(ed.address);
    expect((await ed.getBalance()).free).toBeLessThan(100n * 10_000_000n);
  });

  it('reads nodes, farms, pricing policy, TFT price and balances as plain objects', async () => {
    farmId = await createFarm(alice, 'alice_farm', [{ ip: '185.1.1.2/24', gw: '185.1.1.1' }]);
    nodeId = await createNode(alice, farmId);
    spareNodeId = await createNode(ferdie, farmId);
    const node = await alice.getNode(nodeId);
    expect(node).toMatchObject({
      id: nodeId,
      farmId,
      resources: { cru: 16, mruBytes: 64 * 1024 ** 3 },
      location: { city: 'Ghent' },
    });
    expect((await alice.listNodes()).map((n) => n.id)).toEqual([nodeId, spareNodeId]);
    expect(await alice.getFarm(farmId)).toMatchObject({
      name: 'alice_farm',
      publicIps: [{ ip: '185.1.1.2/24', gateway: '185.1.1.1', contractId: 0 }],
    });
    expect((await alice.listFarms()).map((f) => f.name)).toEqual(['alice_farm']);
    expect(await alice.getNode(999)).toBeUndefined();
    expect(await alice.getPricingPolicy()).toMatchObject({
      id: 1,
      su: 50000,
      cu: 100000,
      ipu: 40000,
      uniqueName: 2500,
    });
    expect(await alice.getTftPriceUsd()).toBeCloseTo(0.01);
    const balance = await alice.getBalance();
    expect(balance.free).toBeGreaterThan(0n);
    expect(balance.freeTft).toBeGreaterThan(0);
  });

  it('creates, updates, lists and cancels a node contract with a public IP', async () => {
    const id = await bob.createNodeContract({
      nodeId,
      deploymentHash: H1,
      deploymentData: '{"project":"p","unit":"u"}',
      publicIps: 1,
    });
    const contract = await bob.getContract(id);
    expect(contract).toMatchObject({
      contractId: id,
      twinId: bobTwin,
      type: 'node',
      state: 'created',
      nodeId,
      deploymentHash: H1,
      publicIps: 1,
    });
    expect(contract?.deploymentData).toBe('{"project":"p","unit":"u"}');
    expect(contract?.publicIpsList).toEqual([{ ip: '185.1.1.2/24', gateway: '185.1.1.1' }]);
    expect((await bob.getFarm(farmId))?.publicIps[0].contractId).toBe(id);

    await bob.updateNodeContract(id, H2, '{"project":"p","unit":"u2"}');
    expect(await bob.getContract(id)).toMatchObject({
      deploymentHash: H2,
      deploymentData: '{"project":"p","unit":"u2"}',
    });
    expect((await bob.listContracts()).map((c) => c.contractId)).toContain(id);
    expect((await bob.listContracts(bobTwin, { nodeIds: [nodeId] })).map((c) => c.contractId)).toEqual([id]);

    const stranger = await chainError(charlie.cancelContract(id));
    expect(stranger.call).toBe('smartContractModule.cancelContract');
    expect(stranger.qualifiedError).toBe('smartContractModule.TwinNotAuthorizedToCancelContract');
    const notOwnerUpdate = await chainError(charlie.updateNodeContract(id, H3));
    expect(notOwnerUpdate.error).toBe('TwinNotAuthorizedToUpdateContract');

    await bob.cancelContract(id);
    expect(await bob.getContract(id)).toBeUndefined();
    expect((await bob.getFarm(farmId))?.publicIps[0].contractId).toBe(0);
  });

  it('refuses a duplicate (node, hash) and a missing twin with typed errors', async () => {
    const id = await bob.createNodeContract({ nodeId, deploymentHash: H3 });
    const dup = await chainError(bob.createNodeContract({ nodeId, deploymentHash: H3 }));
    expect(dup).toMatchObject({
      kind: 'dispatch',
      call: 'smartContractModule.createNodeContract',
      pallet: 'smartContractModule',
      error: 'ContractIsNotUnique',
    });
    expect(dup.message).toMatch(/same deployment hash/);
    const dave = await t.client({ mnemonic: '//Dave' });
    const noTwin = await chainError(dave.createNameContract('nodave'));
    expect(noTwin.qualifiedError).toBe('smartContractModule.TwinNotExists');
    expect(noTwin.message).toMatch(/ensureTwin/);
    await bob.cancelContract(id);
  });

  it('creates and cancels name contracts, refusing a taken name', async () => {
    const id = await bob.createNameContract('bobgw');
    expect(await bob.getContract(id)).toMatchObject({ type: 'name', name: 'bobgw', twinId: bobTwin });
    const taken = await chainError(charlie.createNameContract('bobgw'));
    expect(taken.error).toBe('NameExists');
    await bob.cancelContract(id);
    expect(await bob.getContract(id)).toBeUndefined();
  });

  it('rents a node: others cannot deploy on it, the renter can', async () => {
    const rent = await charlie.createRentContract(spareNodeId);
    expect(await charlie.getContract(rent)).toMatchObject({ type: 'rent', nodeId: spareNodeId });
    const blocked = await chainError(bob.createNodeContract({ nodeId: spareNodeId, deploymentHash: H1 }));
    expect(blocked.error).toBe('NodeNotAvailableToDeploy');
    const mine = await charlie.createNodeContract({ nodeId: spareNodeId, deploymentHash: H1 });
    const listed = await charlie.listContracts(undefined, { nodeIds: [spareNodeId] });
    expect(listed.map((c) => c.contractId)).toEqual([rent, mine]);
    await charlie.batchAll([charlie.calls.cancelContract(mine), charlie.calls.cancelContract(rent)] as const);
    expect(await charlie.listContracts()).toEqual([]);
  });

  it('builds a node contract as a call alone, and its extrinsic on demand carries the same call', () => {
    const c = bob.calls.createNodeContract({ nodeId, deploymentHash: H3, deploymentData: 'x' });
    expect(c.call).toBeDefined();
    expect(c.call!.section).toBe('smartContractModule');
    expect(c.call!.method).toBe('createNodeContract');
    expect(c.tx.method.toHex()).toBe(c.call!.toHex());
  });

  it('batches several creations atomically and returns each new id', async () => {
    const [nameId, nodeContractId] = await bob.batchAll([
      bob.calls.createNameContract('batched'),
      bob.calls.createNodeContract({ nodeId, deploymentHash: H2, deploymentData: 'batch' }),
    ] as const);
    expect(await bob.getContract(nameId)).toMatchObject({ type: 'name', name: 'batched' });
    expect(await bob.getContract(nodeContractId)).toMatchObject({
      type: 'node',
      deploymentHash: H2,
      deploymentData: 'batch',
    });

    const failed = await chainError(
      bob.batchAll([
        bob.calls.createNameContract('atomic'),
        bob.calls.createNodeContract({ nodeId, deploymentHash: H2 }),
      ] as const),
    );
    expect(failed.qualifiedError).toBe('smartContractModule.ContractIsNotUnique');
    expect(failed.batch).toEqual([
      'smartContractModule.createNameContract',
      'smartContractModule.createNodeContract',
    ]);
    const names = (await bob.listContracts()).filter((c) => c.type === 'name').map((c) => c.name);
    expect(names).toEqual(['batched']);
    await bob.batchAll([bob.calls.cancelContract(nameId), bob.calls.cancelContract(nodeContractId)] as const);
  });

  it('queues concurrent calls of one account so their nonces do not collide', async () => {
    const ids = await Promise.all(['conc-a', 'conc-b', 'conc-c'].map((n) => bob.createNameContract(n)));
    expect(new Set(ids).size).toBe(3);
    await bob.batchAll(ids.map((id) => bob.calls.cancelContract(id)));
  });

  it('reports a transaction the account cannot pay for as a pool error', async () => {
    const broke = await t.client({ seed: '0x' + '07'.repeat(32) });
    const e = await chainError(remark(broke, 'no funds'));
    expect(e.kind).toBe('pool');
    expect(e.call).toBe('system.remark');
    expect(e.error).toBe('Payment');
    expect(e.message).toMatch(/^system.remark was refused by the node: Payment \(1010: .*fund it/);
  });
});
