/**
 * A twin using the dev grid the way a client does (test helper): its chain account (TfchainClient
 * over @polkadot/api), its deployment signer, and its RMB connection to the nodes through the
 * relay. Deploy = node contract with the deployment's hash on chain, then the signed deployment
 * sent to the node; the node provisions asynchronously, so `waitReady` polls `zos.deployment.get`.
 */
import { draftDeployment } from '../../model/zos/deployment';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { ApiPromise } from '@polkadot/api';
import { TfchainClient } from '../../clients/chain/tfchain-client';
import { ChainTwinDirectory } from '../../clients/rmb/chain-twin-directory';
import { RmbClient } from '../../clients/rmb/client';
import { deploymentHashHex } from '../../model/zos/challenge';
import { createSigner, signDeployment, type Signer } from '../../model/zos/signing';
import type { Deployment, Workload } from '../../model/zos/types';
import { nextDeployment } from '../../model/zos/update-rules';
import type { DevGrid } from '../../devgrid/grid';

/** Workload states a node ends provisioning in. */
const SETTLED = new Set(['ok', 'error']);

export interface DeployOptions {
  /** public IPv4s reserved on the contract. @default 0 */
  readonly publicIps?: number;
  /** deployment metadata. @default '' */
  readonly metadata?: string;
}

/** Polls `probe` until it returns a value other than undefined; throws `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A deployment with one signature request (the owner's) and no contract yet. */
export function draft(twinId: number, workloads: Workload[], metadata = ''): Deployment {
  return draftDeployment(twinId, workloads, metadata);
}

export class GridUser {
  private constructor(
    readonly grid: DevGrid,
    readonly pair: KeyringPair,
    readonly chain: TfchainClient,
    readonly twinId: number,
    readonly signer: Signer,
    readonly rmb: RmbClient,
  ) {}

  /**
   * Connects `secret` (a dev uri or mnemonic with path) to the grid; funds it from the grid's dev
   * account first when `fundUnits` is given (1 TFT = 10^7 units), and creates its twin.
   */
  static async connect(
    grid: DevGrid,
    secret: string,
    opts: { fundUnits?: bigint; api?: ApiPromise; relayUrl?: string } = {},
  ): Promise<GridUser> {
    const api = opts.api ?? grid.api;
    const keyring = new Keyring({ type: 'sr25519' });
    const pair = keyring.addFromUri(secret);
    if (opts.fundUnits !== undefined) {
      const dev = new TfchainClient(api, keyring.addFromUri(grid.mnemonic));
      await dev.run(dev.calls.transfer(pair.address, opts.fundUnits));
    }
    const chain = new TfchainClient(api, pair);
    const twinId = await chain.ensureTwin('127.0.0.1');
    const signer = await createSigner({ twinId, secret });
    const rmb = new RmbClient({
      relayUrls: [opts.relayUrl ?? grid.relayUrl],
      twinId,
      secret,
      twins: new ChainTwinDirectory(api),
      session: `it-${twinId}-${process.pid}`,
      requestTimeoutMs: 15_000,
    });
    await rmb.connect();
    return new GridUser(grid, pair, chain, twinId, signer, rmb);
  }

  /** The twin of a node (RMB destination). */
  nodeTwin(nodeId: number): number {
    const n = this.grid.nodes.find((x) => x.nodeId === nodeId);
    if (!n) throw new Error(`test: no node ${nodeId} in the dev grid`);
    return n.twinId;
  }

  /** Sends a zos command to a node and returns its answer (throws RmbRemoteError with zos's message). */
  call<T = unknown>(nodeId: number, command: string, payload?: unknown): Promise<T> {
    return this.rmb.request<T>(this.nodeTwin(nodeId), command, payload);
  }

  /** Creates the node contract for the deployment's hash; returns the signed deployment carrying its id. */
  async contract(nodeId: number, d: Deployment, opts: DeployOptions = {}): Promise<Deployment> {
    const contractId = await this.chain.createNodeContract({
      nodeId,
      deploymentHash: deploymentHashHex(d),
      publicIps: opts.publicIps ?? 0,
    });
    return signDeployment({ ...d, contract_id: contractId }, this.signer);
  }

  /** Contract + deploy + wait until every workload settled; returns what the node reports. */
  async deploy(nodeId: number, workloads: Workload[], opts: DeployOptions = {}): Promise<Deployment> {
    const signed = await this.contract(nodeId, draft(this.twinId, workloads, opts.metadata), opts);
    await this.call(nodeId, 'zos.deployment.deploy', signed);
    return this.waitReady(nodeId, signed.contract_id);
  }

  /** Next version with `workloads` (versions worked out), contract hash updated, sent and settled. */
  async update(nodeId: number, current: Deployment, workloads: Workload[]): Promise<Deployment> {
    const { deployment, problems } = nextDeployment(current, { workloads });
    if (problems.length > 0)
      throw new Error(`test: update would be refused: ${problems.map((p) => p.message).join('; ')}`);
    await this.chain.updateNodeContract(current.contract_id, deploymentHashHex(deployment));
    await this.call(nodeId, 'zos.deployment.update', signDeployment(deployment, this.signer));
    return this.waitReady(nodeId, current.contract_id, deployment.version);
  }

  get(nodeId: number, contractId: number): Promise<Deployment> {
    return this.call<Deployment>(nodeId, 'zos.deployment.get', { contract_id: contractId });
  }

  /** Polls the deployment until it has `version` and every workload is ok or error. */
  waitReady(nodeId: number, contractId: number, version = 0): Promise<Deployment> {
    return waitFor(`deployment ${contractId} on node ${nodeId} to settle`, async () => {
      const d = await this.get(nodeId, contractId);
      return d.version === version && d.workloads.every((w) => SETTLED.has(w.result?.state ?? ''))
        ? d
        : undefined;
    });
  }

  /** Polls until every workload of the deployment is in `state` (deleted after a cancel, paused in grace). */
  waitState(nodeId: number, contractId: number, state: string, timeoutMs = 20_000): Promise<Deployment> {
    return waitFor(
      `deployment ${contractId} on node ${nodeId} to be ${state}`,
      async () => {
        const d = await this.get(nodeId, contractId);
        return d.workloads.every((w) => w.result?.state === state) ? d : undefined;
      },
      timeoutMs,
    );
  }

  async close(): Promise<void> {
    await this.rmb.close();
  }
}

/** The result data of a workload, typed by the caller. */
export function resultOf<T>(d: Deployment, name: string): T {
  const w = d.workloads.find((x) => x.name === name);
  if (!w) throw new Error(`test: no workload ${name} in deployment ${d.contract_id}`);
  if (w.result?.state !== 'ok')
    throw new Error(`test: workload ${name} is ${w.result?.state}: ${w.result?.message}`);
  return w.result.data as T;
}
