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

/** another grid's TLS relay (rmb-direct-client's test) may hold 127.0.0.1:443 until it stops */
const fx = useDevGrid({ nodes: 4, farms: 2, relayTls: { waitForPortMs: 600_000 } });

/** each SDK call waits for blocks and for nodes to report their workloads */
const STEP_MS = 300_000;
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOfYJ0bTZk0IRyS1jdN1e8oEBDAcRc2lMMKUjOEt/W9g sdk@devgrid';
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
function deploymentData(contracts: readonly Contract[]): { type: string; name: string; projectName: string }[] {
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
        expect(deploymentData(contracts).map((d) => [d.type, d.name]).sort()).toEqual([
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

  it('sent nothing off loopback, and asked the KYC stub for its account only', async () => {
    const state = await sdk.state();
    expect(state.refusedHosts).toEqual([]);
    expect(state.kycAsked.length).toBeGreaterThan(0);
    expect(new Set(state.kycAsked)).toEqual(new Set([account.address]));
  });
});
