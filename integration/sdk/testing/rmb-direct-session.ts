/**
 * A session with ThreeFold's RMB client, `@threefold/rmb_direct_client` 2.9.2 unmodified, run as its
 * users run it: in its own Node process, trusting the dev grid's relay CA through
 * NODE_EXTRA_CA_CERTS (read only at process start, hence a process of its own). It connects to the
 * relay's `wss://127.0.0.1/`, sends every zos call `@threefold/grid_client` makes, then builds a
 * deployment with grid_client's zos types, signs it with the SDK, creates its contract with
 * `@threefold/tfchain_client`, and deploys, reads, updates and cancels it over RMB.
 *
 * Input: the JSON of `SessionInput` in SDK_SESSION. Output: one JSON `StepResult` per line in the
 * file named by SDK_SESSION_OUT (stdout is the SDK's own chatter).
 */
import * as fs from 'fs';
import {
  Deployment,
  KeypairType,
  SignatureRequest,
  SignatureRequirement,
  Workload,
  WorkloadTypes,
  Zdb,
  ZdbModes,
  Zmount,
} from '@threefold/grid_client';
import { Client as RmbClient } from '@threefold/rmb_direct_client';
import { Client as ChainClient } from '@threefold/tfchain_client';

export interface SessionInput {
  readonly chainUrl: string;
  readonly relayUrl: string;
  readonly secret: string;
  readonly nodeId: number;
  readonly nodeTwinId: number;
}

export interface StepResult {
  readonly step: string;
  readonly value?: unknown;
  readonly error?: string;
}

/** Every zos call grid_client 2.9.2 sends (its modules, primitives and high-level handlers), with its payload. */
const GRID_CLIENT_ZOS_CALLS: readonly (readonly [string, unknown])[] = [
  ['zos.system.version', ''],
  ['zos.system.node_features_get', ''],
  ['zos.statistics.get', ''],
  ['zos.storage.pools', ''],
  ['zos.gpu.list', ''],
  ['zos.network.has_ipv6', ''],
  ['zos.network.interfaces', ''],
  ['zos.network.public_config_get', ''],
  ['zos.network.list_public_ips', ''],
  ['zos.network.list_wg_ports', ''],
  ['zos.network.list_private_ips', { network_name: 'sdknet' }],
  ['zos.perf.get_all', ''],
  ['zos.perf.get', { name: 'iperf' }],
  ['zos.perf.get', { name: 'public-ip-validation' }],
  ['zos.perf.get', { name: 'cpu-benchmark' }],
];

const out = process.env.SDK_SESSION_OUT ?? '';
const report = (r: StepResult) => fs.appendFileSync(out, JSON.stringify(r) + '\n');

async function step(name: string, f: () => Promise<unknown>): Promise<unknown> {
  try {
    const value = await f();
    report({ step: name, value });
    return value;
  } catch (e) {
    report({ step: name, error: e instanceof Error ? e.message : String(e) });
    return undefined;
  }
}

/** Sends a command and waits for its answer, as grid_client's RMB wrapper does (send, then read). */
async function call(rmb: RmbClient, twin: number, cmd: string, payload: unknown): Promise<unknown> {
  const data = payload === '' ? '' : JSON.stringify(payload);
  const id = await rmb.send(cmd, data, twin, 1);
  return rmb.read(id);
}

/** A deployment of a 1 GiB zmount and a 2 GiB zdb, built and signed with grid_client's zos types. */
async function buildDeployment(
  input: SessionInput,
  twinId: number,
  version: number,
  diskGiB: number,
): Promise<Deployment> {
  const disk = new Zmount();
  disk.size = diskGiB * 1024 ** 3;
  const zdb = new Zdb();
  zdb.size = 2 * 1024 ** 3;
  zdb.mode = ZdbModes.user;
  zdb.password = 'sdkpass';
  zdb.public = false;
  const workload = (name: string, type: WorkloadTypes, data: Zmount | Zdb, v: number) =>
    Object.assign(new Workload(), { version: v, name, type, data, metadata: '', description: 'sdk' });
  const request = Object.assign(new SignatureRequest(), { twin_id: twinId, required: false, weight: 1 });
  const d = Object.assign(new Deployment(), {
    version,
    twin_id: twinId,
    contract_id: 0,
    expiration: 0,
    metadata: '',
    description: 'built by grid_client',
    workloads: [
      workload('sdkdisk', WorkloadTypes.zmount, disk, version),
      workload('sdkzdb', WorkloadTypes.zdb, zdb, 0),
    ],
    signature_requirement: Object.assign(new SignatureRequirement(), {
      requests: [request],
      weight_required: 1,
      signatures: [],
    }),
  });
  await d.sign(twinId, input.secret, KeypairType.sr25519);
  return d;
}

async function waitUntilOk(rmb: RmbClient, input: SessionInput, contractId: number, version: number) {
  for (let i = 0; i < 60; i++) {
    const got = (await call(rmb, input.nodeTwinId, 'zos.deployment.get', {
      contract_id: contractId,
    })) as Deployment;
    const states = got.workloads.map((w) => w.result?.state);
    if (got.version === version && states.every((s) => s === 'ok' || s === 'error')) return got;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`deployment ${contractId} did not reach version ${version} with every workload done`);
}

async function main(): Promise<void> {
  const input = JSON.parse(process.env.SDK_SESSION ?? '') as SessionInput;
  const rmb = new RmbClient(input.chainUrl, input.relayUrl, input.secret, 'sdksession', 'sr25519', 3);
  await step('connect', async () => {
    await rmb.connect();
    return { twin: rmb.twin.id, relay: rmb.twin.relay };
  });
  for (const [cmd, payload] of GRID_CLIENT_ZOS_CALLS) {
    await step(`${cmd} ${payload === '' ? '' : JSON.stringify(payload)}`.trim(), () =>
      call(rmb, input.nodeTwinId, cmd, payload),
    );
  }

  const chain = new ChainClient({ url: input.chainUrl, mnemonicOrSecret: input.secret });
  await chain.connect();
  const twinId = rmb.twin.id;
  let contractId = 0;
  await step('deploy', async () => {
    const d = await buildDeployment(input, twinId, 0, 1);
    const contract = await (
      await chain.contracts.createNode({
        nodeId: input.nodeId,
        hash: d.challenge_hash(),
        data: '',
        numberOfPublicIps: 0,
        solutionProviderId: 0,
      })
    ).apply();
    contractId = contract.contractId;
    d.contract_id = contractId;
    await d.sign(twinId, input.secret, KeypairType.sr25519);
    return call(rmb, input.nodeTwinId, 'zos.deployment.deploy', d);
  });
  await step('get', () => waitUntilOk(rmb, input, contractId, 0));
  await step('update', async () => {
    const d = await buildDeployment(input, twinId, 1, 2);
    d.contract_id = contractId;
    await d.sign(twinId, input.secret, KeypairType.sr25519);
    await (await chain.contracts.updateNode({ id: contractId, hash: d.challenge_hash(), data: '' })).apply();
    return call(rmb, input.nodeTwinId, 'zos.deployment.update', d);
  });
  await step('get updated', () => waitUntilOk(rmb, input, contractId, 1));
  await step('changes', () =>
    call(rmb, input.nodeTwinId, 'zos.deployment.changes', { contract_id: contractId }),
  );
  await step('delete over rmb', () =>
    call(rmb, input.nodeTwinId, 'zos.deployment.delete', { contract_id: contractId }),
  );
  await step('cancel', async () => {
    const cancel = await chain.contracts.cancel({ id: contractId });
    if (!cancel) throw new Error(`contract ${contractId} is not on the chain`);
    await cancel.apply();
    // zos keeps a cancelled deployment, its workloads in state deleted
    for (let i = 0; i < 60; i++) {
      const got = (await call(rmb, input.nodeTwinId, 'zos.deployment.get', {
        contract_id: contractId,
      })) as Deployment;
      const states = got.workloads.map((w) => w.result?.state);
      if (states.every((st) => st === 'deleted')) return states;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(
      `the node did not delete deployment ${contractId}'s workloads after its contract was cancelled`,
    );
  });
  await chain.disconnect();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    report({ step: 'session', error: e instanceof Error ? e.message : String(e) });
    process.exit(1);
  },
);
