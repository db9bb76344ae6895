/**
 * What an emulated zos node refuses, with zos's messages, when deployments come through the relay
 * from real twins with real contracts on the dev chain; capacity the node does not have; a node
 * that is down; and the grid proxy's view of nodes and their used capacity after a deployment.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startDevGrid, type DevGrid } from '../../devgrid/grid';
import { DEV_MNEMONIC } from '../../model/config/networks';
import { GridProxyClient } from '../../clients/proxy/client';
import { RmbRemoteError, RmbTimeoutError } from '../../clients/rmb/errors';
import { deploymentHashHex } from '../../model/zos/challenge';
import { createSigner, signDeployment } from '../../model/zos/signing';
import type { Deployment } from '../../model/zos/types';
import { draft, GridUser } from './grid-user';
import * as W from './workloads';

jest.setTimeout(90_000);

let dir: string;
let grid: DevGrid;
let alice: GridUser;
let bob: GridUser;
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBcnYK9qPwHXW3OGhDoAUwU1Ofz2fBZYyBY7CQX3x9Xb it';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devgrid-refusals-it-'));
  grid = await startDevGrid({ dataDir: dir, nodes: 3, farms: 2 });
  alice = await GridUser.connect(grid, grid.mnemonic);
  bob = await GridUser.connect(grid, `${DEV_MNEMONIC}//it/bob`, { fundUnits: 100n * 10_000_000n });
});

afterAll(async () => {
  await alice?.close();
  await bob?.close();
  await grid?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  await new Promise((r) => setTimeout(r, 1500));
});

const node = (i: number) => grid.nodes[i].nodeId;
const zdbOnly = (metadata = '') => draft(alice.twinId, [W.zdb('db', { password: 'pw' })], metadata);
/** The message zos answered with (the RMB error envelope's text). */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RmbRemoteError) return e.remoteMessage;
    throw e;
  }
  throw new Error('test: the node accepted the request');
}

describe('zos refuses, with its messages', () => {
  it('a signature made with another key than the twin’s', async () => {
    const d = zdbOnly('bad-signature');
    const contractId = await alice.chain.createNodeContract({
      nodeId: node(1),
      deploymentHash: deploymentHashHex(d),
    });
    const impostor = await createSigner({ twinId: alice.twinId, secret: `${DEV_MNEMONIC}//it/impostor` });
    const signed = signDeployment({ ...d, contract_id: contractId }, impostor);
    const bad = await refusal(alice.call(node(1), 'zos.deployment.deploy', signed));
    expect(bad).toContain(
      `signature_requirement.requests[0]: failed to verify signature of twin '${alice.twinId}'`,
    );
    expect(bad).toContain('required signature weight is not reached');
    // an unsigned deployment
    expect(
      await refusal(alice.call(node(1), 'zos.deployment.deploy', { ...d, contract_id: contractId })),
    ).toMatch(`missing required signature for twin '${alice.twinId}'`);
    await alice.chain.cancelContract(contractId);
  });

  it('a deployment whose hash is not the one on its contract', async () => {
    const onChain = zdbOnly('what the contract says');
    const contractId = await alice.chain.createNodeContract({
      nodeId: node(1),
      deploymentHash: deploymentHashHex(onChain),
    });
    const sent = signDeployment({ ...zdbOnly('something else'), contract_id: contractId }, alice.signer);
    expect(await refusal(alice.call(node(1), 'zos.deployment.deploy', sent))).toBe(
      'contract hash does not match deployment hash',
    );
    await alice.chain.cancelContract(contractId);
  });

  it('a deployment for another node’s contract, and a contract that does not exist', async () => {
    const signed = await alice.contract(node(1), zdbOnly('for node 1'));
    expect(await refusal(alice.call(node(2), 'zos.deployment.deploy', signed))).toBe(
      'invalid node address in contract',
    );
    const missing = signDeployment({ ...zdbOnly('no contract'), contract_id: 987654 }, alice.signer);
    expect(await refusal(alice.call(node(1), 'zos.deployment.deploy', missing))).toBe(
      'failed to get deployment contract: contract 987654 not found',
    );
    await alice.chain.cancelContract(signed.contract_id);
  });

  it('a deployment of another twin sent by us (twin mismatch)', async () => {
    const bobs = await bob.contract(node(1), draft(bob.twinId, [W.zdb('db', { password: 'pw' })]));
    expect(await refusal(alice.call(node(1), 'zos.deployment.deploy', bobs))).toBe(
      `twin id mismatch (deployment: ${bob.twinId}, message: ${alice.twinId})`,
    );
    // bob himself may deploy it; alice cannot read it (deployments are per twin)
    await bob.call(node(1), 'zos.deployment.deploy', bobs);
    await bob.waitReady(node(1), bobs.contract_id);
    expect(await refusal(alice.get(node(1), bobs.contract_id))).toBe('deployment not found');
    await bob.chain.cancelContract(bobs.contract_id);
  });

  it('invalid workloads, a second deploy of the same contract and bad updates', async () => {
    const tiny = draft(alice.twinId, [
      W.network('n', '10.20.2.0/24', 6000),
      W.machine('vm', { network: 'n', ip: '10.20.2.2', sshKey: KEY, memory: 100 * W.MiB }),
    ]);
    const signedTiny = await alice.contract(node(1), tiny);
    expect(await refusal(alice.call(node(1), 'zos.deployment.deploy', signedTiny))).toBe(
      `invalid deployment: workloads[vm].data.compute_capacity.memory: mem capacity can't be less that 250M`,
    );
    await alice.chain.cancelContract(signedTiny.contract_id);

    const d = await alice.deploy(node(1), [W.zdb('db', { password: 'pw' })]);
    const again = signDeployment({ ...zdbOnly(), contract_id: d.contract_id }, alice.signer);
    expect(await refusal(alice.call(node(1), 'zos.deployment.deploy', again))).toBe('exists');
    // an update must carry version current + 1 (and its hash on the contract)
    const skipped: Deployment = {
      ...zdbOnly(),
      version: 3,
      contract_id: d.contract_id,
      workloads: [{ ...W.zdb('db', { password: 'pw', size: 2 * W.GiB }), version: 3 }],
    };
    await alice.chain.updateNodeContract(d.contract_id, deploymentHashHex(skipped));
    expect(
      await refusal(alice.call(node(1), 'zos.deployment.update', signDeployment(skipped, alice.signer))),
    ).toMatch(/^upgrade validation error: version: expecting deployment version 1, got 3/);
    // the zdb's mode is fixed
    const seq: Deployment = {
      ...skipped,
      version: 1,
      workloads: [{ ...W.zdb('db', { password: 'pw', mode: 'seq' }), version: 1 }],
    };
    await alice.chain.updateNodeContract(d.contract_id, deploymentHashHex(seq));
    expect(
      await refusal(alice.call(node(1), 'zos.deployment.update', signDeployment(seq, alice.signer))),
    ).toMatch(/^upgrade validation error: workloads\[db\]\.data\.mode: /);
    await alice.chain.cancelContract(d.contract_id);
  });

  it('more capacity than the node has: the workload fails with the capacity message', async () => {
    const d = await alice.deploy(node(2), [
      W.network('n', '10.20.2.0/24', 6001),
      W.machine('huge', { network: 'n', ip: '10.20.2.2', sshKey: KEY, memory: 63 * W.GiB }),
      W.zdb('bigdb', { password: 'pw', size: 5 * 1024 * W.GiB }),
      W.zdb('smalldb', { password: 'pw' }),
    ]);
    const byName = Object.fromEntries(d.workloads.map((w) => [w.name, w.result]));
    expect(byName.huge).toMatchObject({
      state: 'error',
      message: `failed to satisfy required capacity: cannot fulfil required memory size ${63 * W.GiB} bytes out of usable ${62 * W.GiB} bytes`,
    });
    // as zos counts: only workloads ok or paused hold capacity (smalldb, not provisioned yet, does not)
    expect(byName.bigdb).toMatchObject({
      state: 'error',
      message: `failed to allocate storage: not enough space on hdd: required ${5 * 1024 * W.GiB} bytes, free ${4096 * W.GiB} bytes`,
    });
    expect(byName.smalldb?.state).toBe('ok');
    await alice.chain.cancelContract(d.contract_id);
    await alice.waitState(node(2), d.contract_id, 'deleted');
  });

  it('a name gateway without its name contract, or with a name another twin owns', async () => {
    const gw = grid.nodes[0].nodeId;
    const backends = ['http://10.20.3.2:8080'];
    const d = await alice.deploy(gw, [W.gatewayName('gw', 'unreserved', backends)]);
    expect(d.workloads[0].result).toMatchObject({
      state: 'error',
      message: "name contract for 'unreserved' not found: create the name contract first",
    });
    const bobsName = await bob.chain.createNameContract('bobsname');
    const taken = await alice.deploy(gw, [W.gatewayName('gw', 'bobsname', backends)]);
    expect(taken.workloads[0].result).toMatchObject({
      state: 'error',
      message: `name 'bobsname' is owned by twin ${bob.twinId}, not by twin ${alice.twinId}`,
    });
    for (const c of [d.contract_id, taken.contract_id]) await alice.chain.cancelContract(c);
    await bob.chain.cancelContract(bobsName);
  });

  it('a node that is down: the relay reports it, and it answers again once back', async () => {
    const id = node(2);
    await grid.stopNode(id);
    try {
      const err = await alice.rmb
        .request(alice.nodeTwin(id), 'zos.deployment.list', undefined, { timeoutMs: 8_000 })
        .then(
          () => undefined,
          (e: Error) => e,
        );
      expect(err instanceof RmbTimeoutError || (err instanceof RmbRemoteError && err.sourceTwin === 0)).toBe(
        true,
      );
    } finally {
      await grid.startNode(id);
    }
    await expect(alice.call(id, 'zos.deployment.list')).resolves.toEqual([]);
  });
});

describe('the grid proxy', () => {
  it('lists the registered nodes with their filters, and a deployment shows in used capacity and free ips', async () => {
    const proxy = new GridProxyClient(grid.proxyUrl);
    const all = await proxy.nodes({ status: 'up' });
    expect(all.map((n) => n.nodeId).sort()).toEqual(grid.nodes.map((n) => n.nodeId).sort());
    expect(all.every((n) => n.total_resources.mru === 64 * W.GiB && n.total_resources.cru === 16)).toBe(true);
    expect((await proxy.nodes({ domain: true })).map((n) => n.nodeId)).toEqual([grid.nodes[0].nodeId]);
    const farm1 = grid.nodes[0].farmId;
    expect((await proxy.nodes({ farmIds: [farm1] })).map((n) => n.nodeId).sort()).toEqual(
      grid.nodes
        .filter((n) => n.farmId === farm1)
        .map((n) => n.nodeId)
        .sort(),
    );

    const target = grid.nodes[2];
    const before = await proxy.node(target.nodeId);
    const d = await alice.deploy(
      target.nodeId,
      [
        W.network('n', '10.20.2.0/24', 6002),
        W.publicIp('pip'),
        W.machine('vm', { network: 'n', ip: '10.20.2.2', sshKey: KEY, memory: 4 * W.GiB, publicIp: 'pip' }),
        W.zdb('db', { password: 'pw', size: 10 * W.GiB }),
      ],
      { publicIps: 1 },
    );
    expect(d.workloads.every((w) => w.result?.state === 'ok')).toBe(true);
    const after = await proxy.node(target.nodeId);
    expect(after.used_resources.mru - before.used_resources.mru).toBe(4 * W.GiB);
    expect(after.used_resources.hru - before.used_resources.hru).toBe(10 * W.GiB);
    expect(after.used_resources.cru - before.used_resources.cru).toBe(1);
    expect(after.farm_free_ips).toBe(before.farm_free_ips - 1);

    // free_mru is total - used: the node drops out just above its free memory
    const freeMru = after.total_resources.mru - after.used_resources.mru;
    expect((await proxy.nodes({ freeMru })).map((n) => n.nodeId)).toContain(target.nodeId);
    const roomier = (await proxy.nodes({ freeMru: freeMru + 1 })).map((n) => n.nodeId);
    expect(roomier).not.toContain(target.nodeId);
    expect(roomier.length).toBe(grid.nodes.length - 1);

    const contracts = await proxy.contracts({ twinId: alice.twinId, state: 'Created', type: 'node' });
    expect(contracts.map((c) => c.contract_id)).toContain(d.contract_id);

    await alice.chain.cancelContract(d.contract_id);
    await alice.waitState(target.nodeId, d.contract_id, 'deleted');
    const released = await proxy.node(target.nodeId);
    expect(released.used_resources).toEqual(before.used_resources);
    expect(released.farm_free_ips).toBe(before.farm_free_ips);
  });
});
