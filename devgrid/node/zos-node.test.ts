import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Redis from 'ioredis';
import { deploymentHashHex } from '../../model/zos/challenge';
import { createSigner, signDeployment, type Signer } from '../../model/zos/signing';
import type { Deployment, Workload } from '../../model/zos/types';
import { nextDeployment } from '../../model/zos/update-rules';
import { directoryOf, makeTwin } from '../relay/testing/test-twins';
import { startZdbServer, type ZdbServer } from '../zdb/server';
import type { NodeContract } from './chain-view';
import { DeploymentStore } from './deployment-store';
import type { NodeServices } from './services';
import { ZosNode } from './zos-node';

const GiB = 1024 ** 3;
const NODE = 5;

describe('ZosNode', () => {
  let dir: string;
  let zdb: ZdbServer;
  let contracts: Map<number, NodeContract>;
  let signer: Signer;
  let other: Signer;
  let node: ZosNode;
  const alice = makeTwin(10, 'sr25519');
  const bob = makeTwin(11, 'ed25519');
  const twins = directoryOf(alice, bob);

  const services = (): NodeServices => ({
    dataDir: path.join(dir, 'node'),
    zdb,
    startMachine: async () => {
      throw new Error('machines are not used in this suite');
    },
    machines: new Map(),
    consoleListeners: new Map(),
    nameContractOwner: async () => undefined,
    closers: new Map(),
  });
  const makeNode = () =>
    new ZosNode({
      nodeId: NODE,
      chain: { getNodeContract: async (id) => contracts.get(id) },
      twins,
      services: services(),
      total: { cru: 4, mru: 8 * GiB, sru: 100 * GiB, hru: 10 * GiB, ipv4u: 0 },
      store: new DeploymentStore(path.join(dir, 'state')),
    });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zos-node-'));
    zdb = await startZdbServer({ dataDir: path.join(dir, 'zdb') });
    signer = await createSigner({ twinId: alice.id, secret: alice.secret, type: 'sr25519' });
    other = await createSigner({ twinId: bob.id, secret: bob.secret, type: 'ed25519' });
  });
  afterAll(async () => {
    await zdb.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    contracts = new Map();
    node = makeNode();
  });

  const wl = (name: string, type: Workload['type'], data: Record<string, unknown>): Workload => ({
    version: 0,
    name,
    type,
    data,
    metadata: '',
    description: '',
  });
  function deployment(contractId: number, workloads: Workload[], twin = alice.id): Deployment {
    return {
      version: 0,
      twin_id: twin,
      contract_id: contractId,
      metadata: '',
      description: '',
      expiration: 0,
      signature_requirement: {
        requests: [{ twin_id: twin, required: false, weight: 1 }],
        weight_required: 1,
        signatures: [],
        signature_style: '',
      },
      workloads,
    };
  }
  /** Registers the contract on the fake chain with the deployment's hash, then signs. */
  function contracted(d: Deployment, by = signer, nodeId = NODE): Deployment {
    contracts.set(d.contract_id, {
      contractId: d.contract_id,
      twinId: d.twin_id,
      nodeId,
      deploymentHash: deploymentHashHex(d),
      publicIps: 0,
      publicIpsList: [],
      state: 'created',
    });
    return signDeployment(d, by);
  }
  const db = (size = GiB, mode = 'user') =>
    wl('db', 'zdb', { size, mode, password: 'secret-pw', public: false });

  it('provisions a zdb namespace a redis client can use with its password, and a disk file', async () => {
    const d = contracted(deployment(1, [db(), wl('disk', 'zmount', { size: GiB })]));
    await expect(node.deploy(alice.id, d)).resolves.toBeNull();
    await node.idle();
    const got = node.get(alice.id, { contract_id: 1 });
    expect(got.workloads.map((w) => [w.name, w.result?.state])).toEqual([
      ['db', 'ok'],
      ['disk', 'ok'],
    ]);
    const result = got.workloads[0].result!.data as { Namespace: string; IPs: string[]; Port: number };
    expect(result).toEqual({ Namespace: `${alice.id}-1-db`, IPs: ['127.0.0.1'], Port: zdb.port });
    const redis = new Redis({
      host: '127.0.0.1',
      port: zdb.port,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await expect(redis.call('SELECT', result.Namespace)).rejects.toThrow(/Namespace protected and private/);
      await expect(redis.call('SELECT', result.Namespace, 'secret-pw')).resolves.toBe('OK');
      await expect(redis.call('SET', 'k', 'v')).resolves.toBe('k');
    } finally {
      redis.disconnect();
    }
    const image = path.join(dir, 'node', 'volumes', `${alice.id}-1-disk.img`);
    expect(fs.statSync(image).size).toBe(GiB);
    expect(node.list(alice.id)).toHaveLength(1);
    expect(node.list(bob.id)).toHaveLength(0);
  });

  it("refuses with zos's messages: twin mismatch, bad signature, wrong hash, wrong node, existing", async () => {
    const d = contracted(deployment(2, [db()]));
    await expect(node.deploy(bob.id, d)).rejects.toThrow('twin id mismatch (deployment: 10, message: 11)');
    const forged = {
      ...d,
      signature_requirement: {
        ...d.signature_requirement,
        signatures: [{ ...d.signature_requirement.signatures[0], signature: '00'.repeat(64) }],
      },
    };
    await expect(node.deploy(alice.id, forged)).rejects.toThrow(/signature/i);
    const byBob = signDeployment(
      { ...d, signature_requirement: { ...d.signature_requirement, signatures: [] } },
      { ...other, twinId: alice.id },
    );
    await expect(node.deploy(alice.id, byBob)).rejects.toThrow(/signature/i);
    const changed = signDeployment({ ...d, workloads: [db(2 * GiB)] }, signer);
    await expect(node.deploy(alice.id, changed)).rejects.toThrow(
      'contract hash does not match deployment hash',
    );
    const elsewhere = contracted(deployment(3, [db()]), signer, NODE + 1);
    await expect(node.deploy(alice.id, elsewhere)).rejects.toThrow('invalid node address in contract');
    await expect(node.deploy(alice.id, signDeployment(deployment(99, [db()]), signer))).rejects.toThrow(
      /contract 99 not found/,
    );
    await node.deploy(alice.id, d);
    await expect(node.deploy(alice.id, d)).rejects.toThrow('exists');
    await expect(
      node.deploy(alice.id, contracted(deployment(4, [wl('bad name!', 'zmount', { size: 1 })]))),
    ).rejects.toThrow(/invalid deployment/);
    expect(() => node.delete()).toThrow('please cancel your contract instead');
  });

  it('puts a workload that does not fit in error with the capacity message', async () => {
    const d = contracted(
      deployment(5, [
        wl('big', 'zdb', { size: 20 * GiB, mode: 'seq', password: '', public: true }),
        wl('small', 'zmount', { size: GiB }),
      ]),
    );
    await node.deploy(alice.id, d);
    await node.idle();
    const got = node.get(alice.id, { contract_id: 5 }).workloads;
    expect(got[0].result).toMatchObject({
      state: 'error',
      message: expect.stringContaining('not enough space on hdd'),
    });
    expect(got[1].result?.state).toBe('ok');
  });

  it('updates in place, refuses what zos refuses, and records changes', async () => {
    const d = contracted(deployment(6, [db(GiB)]));
    await node.deploy(alice.id, d);
    await node.idle();
    const current = node.get(alice.id, { contract_id: 6 });
    const grow = nextDeployment(current, {
      workloads: [db(2 * GiB), wl('disk', 'zmount', { size: GiB })],
    }).deployment;
    await node.update(alice.id, contracted(grow));
    await node.idle();
    const after = node.get(alice.id, { contract_id: 6 });
    expect(after.version).toBe(1);
    expect(after.workloads.map((w) => [w.name, w.version, w.result?.state])).toEqual([
      ['db', 1, 'ok'],
      ['disk', 1, 'ok'],
    ]);
    expect(zdb.namespaceInfo(`${alice.id}-6-db`)?.maxsize).toBe(2 * GiB);
    const modeChange = { ...nextDeployment(after, { workloads: [db(2 * GiB, 'seq')] }).deployment };
    await expect(node.update(alice.id, contracted(modeChange))).rejects.toThrow(
      /upgrade validation error: .*mode/,
    );
    expect(
      node.changes(alice.id, { contract_id: 6 }).map((w) => `${w.name}@${w.version}:${w.result?.state}`),
    ).toEqual(['db@0:init', 'db@0:ok', 'db@1:ok', 'disk@1:ok']);
  });

  it('deprovisions when the contract is cancelled, and keeps state across a restart', async () => {
    const d = contracted(deployment(7, [db()]));
    await node.deploy(alice.id, d);
    await node.idle();
    const restarted = makeNode();
    await restarted.restore();
    expect(restarted.get(alice.id, { contract_id: 7 }).workloads[0].result?.state).toBe('ok');
    await restarted.contractPaused(7, true);
    expect(restarted.get(alice.id, { contract_id: 7 }).workloads[0].result?.state).toBe('paused');
    expect(zdb.namespaceInfo(`${alice.id}-7-db`)?.lock).not.toBe('none');
    await restarted.contractPaused(7, false);
    await restarted.contractCanceled(7);
    expect(restarted.get(alice.id, { contract_id: 7 }).workloads[0].result?.state).toBe('deleted');
    expect(zdb.namespaceInfo(`${alice.id}-7-db`)).toBeUndefined();
    expect(restarted.list(alice.id).map((x) => x.contract_id)).not.toContain(7);
    expect(restarted.statistics().users.deployments).toBe(restarted.list(alice.id).length);
  });
});
