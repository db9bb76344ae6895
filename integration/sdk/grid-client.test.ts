/**
 * ThreeFold's GridClient (`@threefold/grid_client` 2.9.2, unmodified) deploying on a dev grid, as
 * its users run it: in a Node process of its own (testing/grid-client-process.ts) that trusts the
 * grid's relay CA, with every service URL on loopback, only its hard-coded KYC check stubbed and
 * every connection off loopback refused. After each deploy this file checks what the SDK returned
 * and the dev grid's own record of it: contracts on the chain and workloads on the emulated nodes;
 * after each delete, that nothing is left.
 */
import { listContracts } from '../../clients/chain/contracts';
import type { Contract } from '../../clients/chain/contract-data';
import type { Deployment } from '../../model/zos/types';
import { useDevGrid } from '../support/dev-grid';
import { newSdkAccount } from './testing/grid-client';
import { GridClientProcess } from './testing/grid-client-process';

/** another grid's TLS relay (rmb-direct-client's test, the bench) may hold 127.0.0.1:443 until it stops */
const PORT_WAIT_MS = 600_000;
// the dev grid's start (in useDevGrid's beforeAll) includes waiting for that port
jest.setTimeout(PORT_WAIT_MS + 120_000);
const fx = useDevGrid({ nodes: 4, farms: 2, relayTls: { waitForPortMs: PORT_WAIT_MS } });

/** each SDK call waits for blocks and for nodes to report their workloads */
const STEP_MS = 300_000;
const SSH_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOfYJ0bTZk0IRyS1jdN1e8oEBDAcRc2lMMKUjOEt/W9g sdk@devgrid';
const FLIST = 'https://hub.grid.tf/tf-official-apps/base:latest.flist';

interface SdkDeployed {
  contracts: SdkContracts;
}

interface SdkContracts {
  created: { contractId: number }[];
  updated: { contractId: number }[];
  deleted: { contractId: number }[];
}

let sdk: GridClientProcess;
let account: { mnemonic: string; address: string; twinId: number };

/** The account's contracts on the chain that are not deleted. */
async function liveContracts(): Promise<Contract[]> {
  return (await listContracts(fx.grid.api, account.twinId)).filter((c) => c.state !== 'deleted');
}

/** The account's deployments on every emulated node, by contract id. */
function nodeDeployments(): Map<number, { nodeId: number; deployment: Deployment }> {
  const all = new Map<number, { nodeId: number; deployment: Deployment }>();
  for (const node of fx.grid.devNodes)
    for (const deployment of node.zos.list(account.twinId))
      all.set(deployment.contract_id, { nodeId: node.nodeId, deployment });
  return all;
}

/** Workloads of the account still provisioned on a node (state not `deleted`): type, name, state. */
function liveWorkloads(): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const { deployment } of nodeDeployments().values())
    for (const w of deployment.workloads)
      if (w.result?.state !== 'deleted') out.push([w.type, w.name, w.result?.state ?? '']);
  return out.sort();
}

/**
 * The live workloads once the nodes have acted on the chain: a node deprovisions a cancelled
 * contract's workloads when it sees the cancel event, after the SDK's call returned (bounded wait).
 */
async function nodesSettled(): Promise<[string, string, string][]> {
  for (let i = 0; i < 120 && liveWorkloads().length > 0; i++) await new Promise((r) => setTimeout(r, 500));
  return liveWorkloads();
}

/** Deployment data (the SDK's JSON: type, name, projectName) of each contract given. */
function deploymentData(
  contracts: readonly Contract[],
): { type: string; name: string; projectName: string }[] {
  return contracts
    .filter((c) => c.type === 'node')
    .map((c) => JSON.parse(c.deploymentData ?? '{}') as { type: string; name: string; projectName: string });
}

beforeAll(async () => {
  account = await newSdkAccount(fx.grid.api);
  sdk = await GridClientProcess.start(fx.grid, { mnemonic: account.mnemonic, projectName: 'sdk' });
}, STEP_MS);

afterAll(async () => {
  await sdk?.close();
}, 60_000);

describe('GridClient (@threefold/grid_client 2.9.2) on the dev grid', () => {
  it("connects with the account's twin, whose relay stays 127.0.0.1", async () => {
    expect(sdk.twinId).toBe(account.twinId);
    const twin = (await fx.grid.api.query.tfgridModule.twins(account.twinId)).toHuman() as { relay: string };
    expect(twin.relay).toBe('127.0.0.1');
  });

  describe('machines', () => {
    const node = () => fx.grid.nodes[1].nodeId;

    it(
      'deploys two machines and their network: the contract on the chain, zmachines and the network on the node',
      async () => {
        const { contracts: result } = await sdk.call<SdkDeployed>('machines', 'deploy', {
          name: 'vms',
          network: { name: 'vmnet', ip_range: '10.249.0.0/16' },
          machines: ['m1', 'm2'].map((name, i) => ({
            name,
            node_id: node(),
            disks: i === 0 ? [{ name: 'data', size: 1, mountpoint: '/data' }] : [],
            public_ip: false,
            planetary: false,
            mycelium: false,
            cpu: 1,
            memory: 1024,
            rootfs_size: 1,
            flist: FLIST,
            entrypoint: '/sbin/zinit init',
            env: { SSH_KEY },
          })),
        });
        // the SDK reports the machines' contract; the network's own contract it keeps apart
        expect(result.created).toHaveLength(1);
        const contracts = await liveContracts();
        expect(contracts.map((c) => c.contractId)).toEqual(
          expect.arrayContaining(result.created.map((c) => c.contractId)),
        );
        expect(contracts.every((c) => c.nodeId === node())).toBe(true);
        expect(
          deploymentData(contracts)
            .map((d) => [d.type, d.name])
            .sort(),
        ).toEqual([
          ['network', 'vmnet'],
          ['vm', 'vms'],
        ]);
        expect(liveWorkloads()).toEqual([
          ['network', 'vmnet', 'ok'],
          ['zmachine', 'm1', 'ok'],
          ['zmachine', 'm2', 'ok'],
          ['zmount', 'data', 'ok'],
        ]);
      },
      STEP_MS,
    );

    it(
      'lists it and reads it back with getObj as the node reports it',
      async () => {
        expect(await sdk.call('machines', 'list')).toEqual(['vms']);
        const vms = await sdk.call<
          { name: string; nodeId: number; status: string; interfaces: { network: string; ip: string }[] }[]
        >('machines', 'getObj', 'vms');
        expect(vms.map((m) => [m.name, m.nodeId, m.status])).toEqual([
          ['m1', node(), 'ok'],
          ['m2', node(), 'ok'],
        ]);
        // the IPs the node gave the machines, distinct, in the network's subnet on that node
        const machines = [...nodeDeployments().values()].flatMap(({ deployment }) =>
          deployment.workloads.filter((w) => w.type === 'zmachine'),
        );
        const ips = machines.map(
          (w) => (w.data as { network: { interfaces: { ip: string }[] } }).network.interfaces[0].ip,
        );
        expect(new Set(ips).size).toBe(2);
        expect(vms.map((m) => m.interfaces[0].ip).sort()).toEqual([...ips].sort());
        expect(vms.every((m) => m.interfaces[0].network === 'vmnet')).toBe(true);
      },
      STEP_MS,
    );

    it(
      'deletes it: no contract left on the chain, every workload deleted on the node',
      async () => {
        const result = await sdk.call<SdkContracts>('machines', 'delete', { name: 'vms' });
        expect(result.deleted).toHaveLength(2); // the machines' and the network's
        expect(await liveContracts()).toEqual([]);
        expect(await nodesSettled()).toEqual([]);
        expect(await sdk.call('machines', 'list')).toEqual([]);
      },
      STEP_MS,
    );
  });

  describe('zdbs', () => {
    const node = () => fx.grid.nodes[1].nodeId;

    it(
      'deploys a zdb: its contract on the chain, a namespace on the node',
      async () => {
        const { contracts: result } = await sdk.call<SdkDeployed>('zdbs', 'deploy', {
          name: 'dbs',
          zdbs: [
            {
              name: 'db1',
              node_id: node(),
              mode: 'user',
              disk_size: 1,
              publicNamespace: false,
              password: 'sdkpass1',
            },
          ],
        });
        expect(result.created).toHaveLength(1);
        const contracts = await liveContracts();
        expect(contracts.map((c) => [c.contractId, c.nodeId])).toEqual([
          [result.created[0].contractId, node()],
        ]);
        expect(deploymentData(contracts).map((d) => [d.type, d.name])).toEqual([['zdb', 'dbs']]);
        expect(liveWorkloads()).toEqual([['zdb', 'db1', 'ok']]);
        const zdb = [...nodeDeployments().values()][0].deployment.workloads[0];
        const namespace = (zdb.result?.data as { Namespace: string }).Namespace;
        expect(namespace).toBe(`${account.twinId}-${result.created[0].contractId}-db1`);
        expect(await sdk.call('zdbs', 'list')).toEqual(['dbs']);
      },
      STEP_MS,
    );

    it(
      'deletes it: no contract, no namespace left',
      async () => {
        const result = await sdk.call<SdkContracts>('zdbs', 'delete', { name: 'dbs' });
        expect(result.deleted).toHaveLength(1);
        expect(await liveContracts()).toEqual([]);
        expect(await nodesSettled()).toEqual([]);
        expect(await sdk.call('zdbs', 'list')).toEqual([]);
      },
      STEP_MS,
    );
  });

  describe('gateway.deploy_name', () => {
    it(
      'reserves the name on the chain and gets its fqdn from the gateway node',
      async () => {
        const gw = fx.grid.nodes[0].nodeId; // node 1 is the dev grid's gateway
        // zos refuses loopback backends: this public address is only written into the route
        const { contracts: result } = await sdk.call<SdkDeployed>('gateway', 'deploy_name', {
          name: 'sdkgw',
          node_id: gw,
          tls_passthrough: false,
          backends: ['http://203.0.114.77:8080'],
        });
        expect(result.created).toHaveLength(1);
        const contracts = await liveContracts();
        expect(contracts.filter((c) => c.type === 'name').map((c) => c.name)).toEqual(['sdkgw']);
        expect(deploymentData(contracts).map((d) => [d.type, d.name])).toEqual([['gateway', 'sdkgw']]);
        expect(liveWorkloads()).toEqual([['gateway-name-proxy', 'sdkgw', 'ok']]);
        const [wl] = [...nodeDeployments().values()].filter((d) => d.nodeId === gw)[0].deployment.workloads;
        expect(wl.result?.data).toEqual({ fqdn: `sdkgw.${fx.grid.gatewayDomain}` });
        const got = await sdk.call<{ workloads: { result: { data: { fqdn: string } } }[] }[]>(
          'gateway',
          'get_name',
          {
            name: 'sdkgw',
          },
        );
        expect(got[0].workloads[0].result.data.fqdn).toBe(`sdkgw.${fx.grid.gatewayDomain}`);
        // delete_name cancels the deployment's contract and the name contract
        const deleted = await sdk.call<SdkContracts>('gateway', 'delete_name', { name: 'sdkgw' });
        expect(deleted.deleted).toHaveLength(2);
        expect(await liveContracts()).toEqual([]);
        expect(await nodesSettled()).toEqual([]);
      },
      STEP_MS,
    );
  });

  describe('k8s.deploy', () => {
    it(
      'deploys a master on a hidden node and a worker on a public one, through an access node',
      async () => {
        const k8sNode = (name: string, nodeId: number) => ({
          name,
          node_id: nodeId,
          cpu: 1,
          memory: 1024,
          rootfs_size: 1,
          disk_size: 1,
          public_ip: false,
          public_ip6: false,
          planetary: false,
          mycelium: false,
        });
        const [hidden, open] = [fx.grid.nodes[1].nodeId, fx.grid.nodes[2].nodeId];
        const { contracts: result } = await sdk.call<SdkDeployed>('k8s', 'deploy', {
          name: 'kube',
          secret: 'k3s-token',
          network: { name: 'kubenet', ip_range: '10.248.0.0/16' },
          masters: [k8sNode('master', hidden)],
          workers: [k8sNode('worker', open)],
          ssh_key: SSH_KEY,
        });
        expect(result.created).toHaveLength(2);
        const contracts = await liveContracts();
        expect(
          deploymentData(contracts)
            .map((d) => [d.type, d.name])
            .sort(),
        ).toEqual([
          ['kubernetes', 'kube'],
          ['kubernetes', 'kube'],
          ['network', 'kubenet'],
          ['network', 'kubenet'],
        ]);
        expect(liveWorkloads()).toEqual([
          ['network', 'kubenet', 'ok'],
          ['network', 'kubenet', 'ok'],
          ['zmachine', 'master', 'ok'],
          ['zmachine', 'worker', 'ok'],
          ['zmount', 'master_disk', 'ok'],
          ['zmount', 'worker_disk', 'ok'],
        ]);
        const cluster = await sdk.call<{
          masters: { name: string; nodeId: number; env: Record<string, string> }[];
          workers: {
            name: string;
            nodeId: number;
            env: Record<string, string>;
            interfaces: { ip: string }[];
          }[];
        }>('k8s', 'getObj', 'kube');
        expect(cluster.masters.map((m) => [m.name, m.nodeId, m.env.K3S_TOKEN])).toEqual([
          ['master', hidden, 'k3s-token'],
        ]);
        expect(cluster.workers.map((w) => [w.name, w.nodeId])).toEqual([['worker', open]]);
        expect(cluster.workers[0].env.K3S_URL).toMatch(/^https:\/\/10\.248\.\d+\.\d+:6443$/);
        const deleted = await sdk.call<SdkContracts>('k8s', 'delete', { name: 'kube' });
        expect(deleted.deleted).toHaveLength(4);
        expect(await liveContracts()).toEqual([]);
        expect(await nodesSettled()).toEqual([]);
      },
      STEP_MS,
    );
  });

  describe('qsfs_zdbs.deploy', () => {
    it(
      "deploys a qsfs's zdbs over two nodes: seq zdbs for data, user zdbs for metadata",
      async () => {
        const nodes = [fx.grid.nodes[1].nodeId, fx.grid.nodes[2].nodeId];
        const { contracts: result } = await sdk.call<SdkDeployed>('qsfs_zdbs', 'deploy', {
          name: 'qz',
          count: 3,
          node_ids: nodes,
          disk_size: 1,
          password: 'qsfspass',
        });
        expect(result.created).toHaveLength(2);
        const contracts = await liveContracts();
        expect(contracts.map((c) => c.nodeId).sort()).toEqual([...nodes].sort());
        expect(deploymentData(contracts).map((d) => [d.type, d.name])).toEqual([
          ['qsfs', 'qz'],
          ['qsfs', 'qz'],
        ]);
        const zdbs = [...nodeDeployments().values()].flatMap(({ deployment }) => deployment.workloads);
        expect(zdbs.every((w) => w.type === 'zdb' && w.result?.state === 'ok')).toBe(true);
        // count data zdbs (seq) and 4 metadata zdbs (user), spread over the nodes
        const modes = zdbs.map((w) => (w.data as { mode: string }).mode);
        expect(modes.filter((m) => m === 'seq')).toHaveLength(3);
        expect(modes.filter((m) => m === 'user')).toHaveLength(4);
        expect(await sdk.call('qsfs_zdbs', 'list')).toEqual(['qz']);
        const deleted = await sdk.call<SdkContracts>('qsfs_zdbs', 'delete', { name: 'qz' });
        expect(deleted.deleted).toHaveLength(2);
        expect(await liveContracts()).toEqual([]);
        expect(await nodesSettled()).toEqual([]);
      },
      STEP_MS,
    );
  });

  it('sent nothing off loopback, and asked the KYC stub for its account only', async () => {
    const state = await sdk.state();
    expect(state.refusedHosts).toEqual([]);
    expect(state.kycAsked.length).toBeGreaterThan(0);
    expect(new Set(state.kycAsked)).toEqual(new Set([account.address]));
  });
});
