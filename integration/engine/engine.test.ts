/**
 * The engine against a real dev grid on loopback: apply, re-apply (nothing sent), update in place,
 * replace, delete, destroy with a node down, and a failure injected at each step (chain call,
 * node refusal, node timeout) leaving no contract behind.
 */
import { App, GatewayName, Machine, Network, NodeSelector, Qsfs, Zdb, ZstorCluster } from '../../constructs';
import { ApplyError } from '../../engine/apply-run';
import type { GridBackend } from '../../engine/backend';
import { useDevGrid } from '../support/dev-grid';
import { DEV_PUBLIC_PREFIX } from '../../devgrid/grid';
import { Engine } from '../../engine/engine';
import { TfchainClient } from '../../clients/chain/tfchain-client';
import { listTwinContracts } from '../../engine/contract-listing';
import * as chainContracts from '../../clients/chain/contracts';
import { projectStatus } from '../../engine/drift';
import type { GridProxyClient } from '../../clients/proxy/client';
import { observe } from '../../engine/observe';
import { submitStats as chainStats } from '../../clients/chain/submit';
import { EXAMPLE_SSH_KEY } from '../../examples/lib/example-keys';

jest.setTimeout(120_000);

const fx = useDevGrid({ nodes: 4, farms: 2 });

interface Shape {
  zdbGb?: number;
  mode?: 'user' | 'seq';
  withMachine?: boolean;
  withGateway?: boolean;
  gatewayName?: string;
  nodeId?: number;
  password?: string;
}

function program(project: string, s: Shape = {}): App {
  const app = new App({ projectName: project });
  const node = new NodeSelector(app, 'store', s.nodeId ? { nodeId: s.nodeId } : { minHruGb: 10 });
  new Zdb(app, 'db', {
    node,
    sizeGb: s.zdbGb ?? 1,
    mode: s.mode ?? 'user',
    password: s.password ?? 'pw-for-tests',
  });
  if (s.withMachine || s.withGateway) {
    const net = new Network(app, 'net');
    const vm = new Machine(app, 'vm', {
      node: new NodeSelector(app, 'compute', { minCru: 1 }),
      network: net,
      sshKeys: [EXAMPLE_SSH_KEY],
      disks: [{ id: 'data', sizeGb: 1, mountpoint: '/data' }],
    });
    if (s.withGateway) {
      new GatewayName(app, 'web', {
        node: new NodeSelector(app, 'gateway', { domain: true }),
        name: s.gatewayName ?? `${project.replace(/-/g, '')}`,
        network: net,
        backends: [{ machine: vm, port: 8080 }],
      });
    }
  }
  return app;
}

const engineFor = (b: GridBackend = fx.backend, timeoutMs = 30_000) =>
  new Engine(b, { timeoutMs, pollMs: 100 });
const live = async (project: string) =>
  (await observe(fx.backend, project)).deployments.map((d) => d.contractId).sort((a, b) => a - b);

describe('apply', () => {
  it('creates, re-applies with nothing sent, updates in place, replaces with the reason, deletes', async () => {
    const engine = engineFor();
    const first = await engine.apply(program('eng-life', { withMachine: true }).synth());
    const created = first.actions.filter((a) => a.op === 'create');
    expect(created.length).toBeGreaterThanOrEqual(2);
    const zdbUnit = Object.entries(first.outputs).find(([, o]) => 'db' in o.workloads)!;
    expect(zdbUnit[1].workloads.db).toMatchObject({
      Namespace: expect.stringMatching(/-db$/),
      IPs: ['127.0.0.1'],
    });

    const before = chainStats.of(fx.backend.pair.address);
    const again = await engine.plan(program('eng-life', { withMachine: true }).synth());
    expect(again.empty).toBe(true);
    const noop = await engine.apply(program('eng-life', { withMachine: true }).synth());
    expect(noop.actions.every((a) => a.op === 'noop')).toBe(true);
    expect(chainStats.of(fx.backend.pair.address)).toBe(before);

    const grow = await engine.plan(program('eng-life', { withMachine: true, zdbGb: 2 }).synth());
    expect(grow.actions.find((a) => a.unit === zdbUnit[0])).toMatchObject({
      op: 'update',
      changes: ["change zdb 'db'"],
    });
    const updated = await engine.apply(program('eng-life', { withMachine: true, zdbGb: 2 }).synth());
    expect(updated.actions.find((a) => a.unit === zdbUnit[0])).toMatchObject({
      op: 'update',
      contractId: zdbUnit[1].contractId,
    });
    const onNode = await fx.backend.getDeployment(zdbUnit[1].nodeId, zdbUnit[1].contractId);
    expect(onNode?.version).toBe(1);
    expect((onNode?.workloads.find((w) => w.name === 'db')?.data as { size: number }).size).toBe(
      2 * 1024 ** 3,
    );

    const modePlan = await engine.plan(
      program('eng-life', { withMachine: true, zdbGb: 2, mode: 'seq' }).synth(),
    );
    const replace = modePlan.actions.find((a) => a.unit === zdbUnit[0]);
    expect(replace?.op).toBe('replace');
    expect(replace && 'reasons' in replace ? replace.reasons.join() : '').toMatch(/mode/);
    const replaced = await engine.apply(
      program('eng-life', { withMachine: true, zdbGb: 2, mode: 'seq' }).synth(),
    );
    const newContract = replaced.outputs[zdbUnit[0]].contractId;
    expect(newContract).not.toBe(zdbUnit[1].contractId);
    expect(await live('eng-life')).not.toContain(zdbUnit[1].contractId);

    const dropped = await engine.apply(program('eng-life', { zdbGb: 2, mode: 'seq' }).synth());
    expect(dropped.actions.filter((a) => a.op === 'delete').length).toBeGreaterThanOrEqual(1);
    expect(await live('eng-life')).toEqual([newContract]);

    expect((await engine.destroy('eng-life')).cancelled).toEqual([newContract]);
    expect(await live('eng-life')).toEqual([]);
  });

  it('nodes report what each contract uses to the chain, which billing charges', async () => {
    const engine = engineFor();
    const res = await engine.apply(program('eng-usage', { zdbGb: 5 }).synth());
    const { contractId } = Object.values(res.outputs)[0];
    let used: { hru?: number } | undefined;
    for (let i = 0; i < 50 && !used?.hru; i++) {
      await new Promise((r) => setTimeout(r, 100));
      used = (
        (await fx.grid.api.query.smartContractModule.nodeContractResources(contractId)).toJSON() as {
          used?: { hru: number };
        }
      )?.used;
    }
    expect(used?.hru).toBe(5 * 1024 ** 3);
    await engine.destroy('eng-usage');
  });

  it('creates the name contract and gateway; the gateway answers for its name', async () => {
    const engine = engineFor();
    const res = await engine.apply(program('eng-gw', { withGateway: true, gatewayName: 'enggw' }).synth());
    expect(res.names.enggw).toBeGreaterThan(0);
    const gw = Object.values(res.outputs).find((o) => 'web' in o.workloads)!;
    expect(gw.workloads.web).toEqual({ fqdn: `enggw.${fx.grid.gatewayDomain}` });
    await engine.destroy('eng-gw');
    expect(await live('eng-gw')).toEqual([]);
  });
});

describe('placement', () => {
  it('a unit added to a distinct selector avoids the nodes its siblings keep', async () => {
    const build = (n: number) => {
      const app = new App({ projectName: 'eng-distinct' });
      const spread = new NodeSelector(app, 'spread', { distinct: true });
      for (let i = 0; i < n; i++) new Zdb(app, `db${i}`, { node: spread, sizeGb: 1, mode: 'seq' });
      return app.synth();
    };
    const engine = engineFor();
    const two = await engine.apply(build(2));
    const three = await engine.apply(build(3));
    const nodes = Object.values(three.outputs).map((o) => o.nodeId);
    expect(new Set(nodes).size).toBe(3);
    for (const [unit, o] of Object.entries(two.outputs)) expect(three.outputs[unit]).toEqual(o);
    await engine.destroy('eng-distinct');
  });
});

describe('networks over hidden nodes', () => {
  const build = (nodes: number[], topology?: 'hub') => {
    const app = new App({ projectName: 'eng-routes' });
    const net = new Network(app, 'net', topology ? { topology } : {});
    for (const n of nodes)
      new Machine(app, `vm${n}`, {
        node: new NodeSelector(app, `n${n}`, { nodeId: n }),
        network: net,
        sshKeys: [EXAMPLE_SSH_KEY],
      });
    return app.synth();
  };

  it('routes hidden nodes through the access node on the grid', async () => {
    // nodes 1 and 3 have a public address, 2 and 4 do not
    const engine = engineFor();
    const res = await engine.apply(build([2, 3, 4]));
    const peersOn = async (node: number) => {
      const out = Object.values(res.outputs).find((o) => o.nodeId === node)!;
      const d = await fx.backend.getDeployment(node, out.contractId);
      return (
        d!.workloads.find((w) => w.type === 'network')!.data as {
          peers: { endpoint: string; allowed_ips: string[] }[];
        }
      ).peers;
    };
    const hidden = await peersOn(2);
    expect(hidden.map((p) => p.endpoint)).toEqual([
      expect.stringMatching(new RegExp(`^${DEV_PUBLIC_PREFIX.replace(/\./g, '\\.')}\\.\\d+:\\d+$`)),
    ]);
    expect(hidden[0].allowed_ips.length).toBe(4);
    expect((await peersOn(3)).map((p) => p.endpoint)).toEqual(['', '']);
    await engine.destroy('eng-routes');
  });

  it('deploys a hub: the public hub is dialled by every spoke, a hidden spoke included', async () => {
    // the first member's node (3, public) is the hub
    const engine = engineFor();
    const res = await engine.apply(build([3, 2, 4], 'hub'));
    const peersOn = async (node: number) => {
      const out = Object.values(res.outputs).find((o) => o.nodeId === node)!;
      const d = await fx.backend.getDeployment(node, out.contractId);
      return (
        d!.workloads.find((w) => w.type === 'network')!.data as {
          peers: { subnet: string; endpoint: string; allowed_ips: string[] }[];
        }
      ).peers;
    };
    expect((await peersOn(3)).map((p) => p.endpoint)).toEqual(['', '']);
    for (const spoke of [2, 4]) {
      const peers = await peersOn(spoke);
      expect(peers).toEqual([
        {
          subnet: '10.20.2.0/24',
          wireguard_public_key: expect.any(String),
          allowed_ips: ['10.20.0.0/16', '100.64.20.0/24'],
          endpoint: expect.stringMatching(
            new RegExp(`^${DEV_PUBLIC_PREFIX.replace(/\./g, '\\.')}\\.\\d+:\\d+$`),
          ),
        },
      ]);
    }
    await engine.destroy('eng-routes');
  });

  it('refuses a hub on a node without public address, before sending anything', async () => {
    const err = await engineFor()
      .plan(build([2, 3], 'hub'))
      .catch((e) => e);
    // the hub asks the scheduler for a node with a public address, which the pinned node lacks
    expect(err.message).toMatch(/request 'node-2': node 2 has no.* public config/);
    expect(await live('eng-routes')).toEqual([]);
  });

  it('refuses a network no node of which can be dialled, before sending anything', async () => {
    const err = await engineFor()
      .plan(build([2, 4]))
      .catch((e) => e);
    expect(err.message).toMatch(
      /network 'net': none of its nodes \(units node-2, node-4\) has a public address/,
    );
    expect(await live('eng-routes')).toEqual([]);
  });
});

describe("listing a twin's contracts", () => {
  it('finds what the proxy has not indexed yet among the newest ids, and everything when it has', async () => {
    const engine = engineFor();
    // an older contract, cancelled: a listing need not read it from the chain
    const [gone] = await fx.backend.createContracts([
      { type: 'node', nodeId: 1, deploymentHash: 'e'.repeat(32), deploymentData: '', publicIps: 0 },
    ]);
    await fx.backend.cancelContracts([gone]);
    await engine.apply(program('eng-list', { withMachine: true }).synth());
    const all = (await fx.backend.listContracts()).map((c) => c.contractId);
    const full = (
      await new TfchainClient(fx.backend.api, fx.backend.pair).listContracts(fx.backend.twinId)
    ).map((c) => c.contractId);
    expect(all).toEqual(full);
    // a proxy that lags: it does not know the newest contract yet
    const newest = Math.max(...all);
    const lagging = {
      contracts: async () =>
        (await fx.backend.proxy.contracts({ twinId: fx.backend.twinId })).filter(
          (c) => c.contract_id !== newest,
        ),
    } as unknown as GridProxyClient;
    expect(
      (await listTwinContracts(fx.backend.api, lagging, fx.backend.twinId, 1)).map((c) => c.contractId),
    ).toEqual(full);
    expect(
      (await listTwinContracts(fx.backend.api, lagging, fx.backend.twinId, 0)).map((c) => c.contractId),
    ).not.toContain(newest);
    // a proxy that indexed everything: the chain is asked for the twin's contracts and the ids from
    // the proxy's newest one on, not for every recent id
    const asked = jest.spyOn(chainContracts, 'getContracts');
    try {
      const newestListed = (
        await fx.backend.proxy.contracts({ sortBy: 'contract_id', sortOrder: 'desc', size: 1, page: 1 })
      )[0].contract_id;
      const listed = await listTwinContracts(fx.backend.api, fx.backend.proxy, fx.backend.twinId, 5000, 0);
      expect(listed.map((c) => c.contractId)).toEqual(full);
      const ids = asked.mock.calls[0][1];
      expect(gone).toBeLessThan(newestListed);
      expect(ids).not.toContain(gone);
      expect(ids).toContain(newestListed);
    } finally {
      asked.mockRestore();
    }
    await engine.destroy('eng-list');
  });
});

describe('refresh', () => {
  it('finds a contract cancelled elsewhere and workloads lost while billed; apply converges again', async () => {
    const engine = engineFor();
    const synth = program('eng-drift', { withMachine: true }).synth();
    const res = await engine.apply(synth);
    expect(projectStatus(synth.manifest, await observe(fx.backend, 'eng-drift')).drifted).toBe(false);
    const [cancelledUnit, lostUnit] = Object.keys(res.outputs).sort();
    await fx.backend.cancelContracts([res.outputs[cancelledUnit].contractId]);
    // the node loses the workloads while the contract stays billed
    const lost = res.outputs[lostUnit];
    await fx.grid.devNodes.find((n) => n.nodeId === lost.nodeId)!.zos.contractCanceled(lost.contractId);
    const st = projectStatus(synth.manifest, await observe(fx.backend, 'eng-drift'));
    expect(st.drifted).toBe(true);
    expect(st.missing).toEqual([cancelledUnit]);
    expect(st.units.find((u) => u.unit === lostUnit)?.drift).toEqual([
      'the contract is billed but its workloads are deleted on the node',
    ]);
    await engine.apply(synth);
    expect(projectStatus(synth.manifest, await observe(fx.backend, 'eng-drift')).drifted).toBe(false);
    await engine.destroy('eng-drift');
  });
});

describe('references inside one unit', () => {
  it('deploys a qsfs on the node of its own zdbs in two steps, then re-applies as a no-op', async () => {
    const build = () => {
      const app = new App({ projectName: 'eng-same-unit' });
      const storage = new NodeSelector(app, 'storage', { minHruGb: 50 });
      const zstor = new ZstorCluster(app, 'store', {
        nodes: storage,
        dataShards: 2,
        parityShards: 2,
        zdbSizeGb: 50,
      });
      const vm = new Machine(app, 'vm', {
        node: storage,
        network: new Network(app, 'net'),
        sshKeys: [EXAMPLE_SSH_KEY],
      });
      new Qsfs(app, 'fs', { machine: vm, mountpoint: '/qsfs', cacheGb: 10, zstor });
      return app;
    };
    const engine = engineFor();
    const res = await engine.apply(build().synth());
    const withFs = Object.values(res.outputs).find((o) => 'fs' in o.workloads)!;
    expect(withFs.workloads.fs).toMatchObject({
      metrics_endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/),
    });
    expect(withFs.workloads.vm).toMatchObject({ console_url: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    expect((await engine.plan(build().synth())).empty).toBe(true);
    await engine.destroy('eng-same-unit');
  });
});

/** The real fx.backend with one step made to fail. */
function failing(step: 'createContracts' | 'deploy' | 'getDeployment', error: () => Error): GridBackend {
  return new Proxy(fx.backend, {
    get(target, prop, receiver) {
      if (prop === step) return async () => Promise.reject(error());
      return Reflect.get(target, prop, receiver);
    },
  });
}

/**
 * An engine whose node takes an update but whose answers are lost until the engine gives up, and
 * come back once it starts undoing.
 */
function silentAfterUpdate(): Engine {
  let updated = false;
  let silent = true;
  const flaky = new Proxy(fx.backend, {
    get(target, prop, receiver) {
      if (prop === 'update')
        return async (...a: Parameters<GridBackend['update']>) => {
          updated = true;
          return target.update(...a);
        };
      if (prop === 'getDeployment')
        return async (...a: Parameters<GridBackend['getDeployment']>) =>
          updated && silent ? Promise.reject(new Error('no answer')) : target.getDeployment(...a);
      return Reflect.get(target, prop, receiver);
    },
  });
  return new Engine(flaky, {
    timeoutMs: 1500,
    pollMs: 100,
    progress: (e) => e.step === 'rollback' && (silent = false),
  });
}

describe('failures leave nothing behind', () => {
  it('a chain call refused inside the batch (name owned by another twin) creates nothing', async () => {
    // another account takes the name first
    const other = await fx.connect(`${fx.grid.mnemonic.split('//')[0]}//Bob`);
    await other.createContracts([{ type: 'name', name: 'takenname' }]);
    const err = await engineFor()
      .apply(program('eng-fail-chain', { withGateway: true, gatewayName: 'takenname' }).synth())
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApplyError);
    expect(err.message).toMatch(/NameExists/);
    expect(await live('eng-fail-chain')).toEqual([]);
  });

  it('a node refusing the deployment: the contracts of this apply are cancelled', async () => {
    const engine = engineFor(
      failing('deploy', () => new Error('node 2 refused zos.deployment.deploy: injected refusal')),
    );
    const err = await engine.apply(program('eng-fail-node', { withMachine: true }).synth()).catch((e) => e);
    expect(err).toBeInstanceOf(ApplyError);
    expect(err.message).toMatch(/injected refusal/);
    expect(err.undone.join()).toMatch(/cancelled contract/);
    expect(err.leftovers).toEqual([]);
    expect(await live('eng-fail-node')).toEqual([]);
  });

  it('a node that never reports ready: timeout, then rollback', async () => {
    const silent = failing('getDeployment', () => new Error('no answer'));
    const err = await engineFor(silent, 1500)
      .apply(program('eng-fail-timeout').synth())
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApplyError);
    expect(err.message).toMatch(/not ready after/);
    expect(await live('eng-fail-timeout')).toEqual([]);
  });

  it('a failed update is reverted to what was there', async () => {
    const engine = engineFor();
    const first = await engine.apply(program('eng-fail-update').synth());
    const [unit, out] = Object.entries(first.outputs)[0];
    const err = await silentAfterUpdate()
      .apply(program('eng-fail-update', { password: 'a-new-password' }).synth())
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApplyError);
    expect(err.message).toMatch(/not ready after/);
    expect(err.undone.join()).toMatch(/restored unit/);
    const after = await fx.backend.getDeployment(out.nodeId, out.contractId);
    expect((after?.workloads.find((w) => w.name === 'db')?.data as { password: string }).password).toBe(
      'pw-for-tests',
    );
    expect(after?.version).toBe(2);
    // the contract still matches what the node runs: a plain re-apply of the original is a no-op
    expect((await engine.plan(program('eng-fail-update').synth())).empty).toBe(true);
    expect(unit).toBeTruthy();
    await engine.destroy('eng-fail-update');
  });

  it('an update zos cannot undo (a zdb grown) is kept and reported, with the contract still matching the node', async () => {
    const engine = engineFor();
    await engine.apply(program('eng-fail-grow').synth());
    const err = await silentAfterUpdate()
      .apply(program('eng-fail-grow', { zdbGb: 3 }).synth())
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApplyError);
    expect(err.undone.join()).toMatch(
      /could not restore unit 'store.0'.*cannot shrink zdb namespace.*keeps version 1/,
    );
    expect((await engine.plan(program('eng-fail-grow', { zdbGb: 3 }).synth())).empty).toBe(true);
    await engine.destroy('eng-fail-grow');
  });
});

describe('destroy', () => {
  it('works when a node is down', async () => {
    const engine = engineFor();
    const res = await engine.apply(program('eng-down', { nodeId: 4 }).synth());
    const contract = Object.values(res.outputs)[0].contractId;
    await fx.grid.stopNode(4);
    try {
      const status = await observe(fx.backend, 'eng-down');
      expect(status.deployments[0]).toMatchObject({ contractId: contract, deployment: undefined });
      const destroyed = await engine.destroy('eng-down');
      expect(destroyed.cancelled).toEqual([contract]);
      // the node that is down is named: it learns of the cancellation from the chain when it is back
      expect(destroyed.untold).toEqual([
        { nodeId: 4, contractIds: [contract], reason: expect.stringMatching(/destination offline/) },
      ]);
      expect(await live('eng-down')).toEqual([]);
    } finally {
      await fx.grid.startNode(4);
    }
    // back up, the node learns from the chain that the contract is gone and removes the workloads
    const after = await fx.backend.getDeployment(4, contract);
    expect(after?.workloads.map((w) => w.result?.state)).toEqual(['deleted']);
  });
});
