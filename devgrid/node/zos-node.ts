/**
 * An emulated zos node: it answers the zos RMB commands with zos's checks (sender twin, contract on
 * chain for this node with the deployment's hash, signatures, workload validation, update rules,
 * capacity) and provisions workloads on local services. Provisioning runs in a queue after the
 * call returns, as on zos: clients poll `zos.deployment.get` until every workload is `ok` or `error`.
 */
import { deploymentHashHex } from '../../model/zos/challenge';
import { validateDeployment, workloadId } from '../../model/zos/deployment';
import { verifyDeploymentSignatures } from '../../model/zos/signing';
import {
  zeroCapacity,
  type Capacity,
  type Deployment,
  type ResultState,
  type Workload,
} from '../../model/zos/types';
import { checkUpdate } from '../../model/zos/update-rules';
import type { Problem } from '../../model/zos/workload-type';
import type { TwinDirectory } from '../../clients/rmb/twin-directory';
import { capacityProblem, usedCapacity } from './capacity';
import type { NodeChainView, NodeContract } from './chain-view';
import { DeploymentStore } from './deployment-store';
import type { ProvisionContext } from './provisioner';
import { provisionerFor, PROVISION_ORDER } from './provisioners';
import type { NodeServices } from './services';

export interface ZosNodeOptions {
  readonly nodeId: number;
  readonly chain: NodeChainView;
  /** twins' account keys, to verify deployment signatures */
  readonly twins: TwinDirectory;
  readonly services: NodeServices;
  /** total capacity registered on chain */
  readonly total: Capacity;
  /** reserved by the system. @default 2 GiB memory */
  readonly system?: Capacity;
  readonly store: DeploymentStore;
  /**
   * Reports what a contract uses to the chain (zos sends smartContractModule.reportContractResources,
   * which billing is based on). Called after every change; failures are ignored and retried on the next.
   */
  readonly reportUsage?: (contractId: number, used: Capacity) => Promise<void>;
}

/** An error the node answers with; the message is zos's. */
export class NodeError extends Error {}

const problemsText = (ps: Problem[]): string => ps.map((p) => `${p.path}: ${p.message}`).join('; ');
const now = (): number => Math.floor(Date.now() / 1000);
const byOrder = (a: Workload, b: Workload): number =>
  PROVISION_ORDER.indexOf(a.type) - PROVISION_ORDER.indexOf(b.type);

export class ZosNode {
  readonly nodeId: number;
  private queue: Promise<void> = Promise.resolve();
  private readonly system: Capacity;

  constructor(private readonly opts: ZosNodeOptions) {
    this.nodeId = opts.nodeId;
    this.system = opts.system ?? { ...zeroCapacity(), mru: 2 * 1024 ** 3 };
  }

  /** Waits until every queued provisioning job has run (tests and shutdown). */
  async idle(): Promise<void> {
    let q: Promise<void>;
    do {
      q = this.queue;
      await q;
    } while (q !== this.queue);
  }

  // ---- zos.deployment.* ----

  async deploy(senderTwin: number, payload: unknown): Promise<null> {
    const d = await this.checkIncoming(senderTwin, payload);
    if (this.opts.store.isActive(d.twin_id, d.contract_id)) throw new NodeError('exists');
    const stored: Deployment = {
      ...d,
      workloads: d.workloads.map((w) => ({
        ...w,
        result: { created: now(), state: 'init', message: '', data: null },
      })),
    };
    this.opts.store.put(stored);
    this.enqueue(() => this.provisionAll(d.twin_id, d.contract_id));
    return null;
  }

  async update(senderTwin: number, payload: unknown): Promise<null> {
    const next = await this.checkIncoming(senderTwin, payload);
    const current = this.opts.store.get(next.twin_id, next.contract_id);
    if (!current || !this.opts.store.isActive(next.twin_id, next.contract_id))
      throw new NodeError('deployment does not exist');
    const problems = checkUpdate(current, next);
    if (problems.length > 0) throw new NodeError(`upgrade validation error: ${problemsText(problems)}`);
    this.enqueue(() => this.applyUpdate(current, next));
    return null;
  }

  get(senderTwin: number, payload: unknown): Deployment {
    const contractId = contractIdOf(payload);
    const d = this.opts.store.get(senderTwin, contractId);
    if (!d) throw new NodeError('deployment not found');
    return d;
  }

  changes(senderTwin: number, payload: unknown): Workload[] {
    const contractId = contractIdOf(payload);
    const c = this.opts.store.changes(senderTwin, contractId);
    if (!c) throw new NodeError('deployment not found');
    return c;
  }

  /** frozen: the stored deployments themselves */
  list(senderTwin: number): readonly Deployment[] {
    return this.opts.store.activeView(senderTwin);
  }

  /** every active deployment of every twin (the node's own view, not an RMB command) */
  allActive(): Deployment[] {
    return this.opts.store.active();
  }

  delete(): never {
    throw new NodeError('deletion over the api is disabled, please cancel your contract instead');
  }

  statistics(): {
    total: Capacity;
    used: Capacity;
    system: Capacity;
    users: { deployments: number; workloads: number; last_deployment_timestamp: number };
  } {
    const active = this.opts.store.activeView();
    const used = usedCapacity(active);
    const workloads = active.reduce(
      (n, d) => n + d.workloads.filter((w) => w.result?.state !== 'deleted').length,
      0,
    );
    const last = active.reduce((t, d) => Math.max(t, ...d.workloads.map((w) => w.result?.created ?? 0)), 0);
    return {
      total: this.opts.total,
      used: { ...used, mru: used.mru + this.system.mru, sru: used.sru + this.system.sru },
      system: this.system,
      users: { deployments: active.length, workloads, last_deployment_timestamp: last },
    };
  }

  // ---- chain events ----

  /** The contract was cancelled on chain: remove its workloads. */
  contractCanceled(contractId: number): Promise<void> {
    return this.enqueueAndWait(async () => {
      const d = this.opts.store.byContract(contractId);
      if (!d || !this.opts.store.isActive(d.twin_id, d.contract_id)) return;
      await this.deprovisionAll(d, 'contract canceled');
    });
  }

  /** Grace period started (paused = true) or ended with the contract funded again (false). */
  contractPaused(contractId: number, paused: boolean): Promise<void> {
    return this.enqueueAndWait(async () => {
      const d = this.opts.store.byContract(contractId);
      if (!d || !this.opts.store.isActive(d.twin_id, d.contract_id)) return;
      for (const w of [...d.workloads].sort(byOrder)) {
        const state = w.result?.state;
        if (paused && state !== 'ok') continue;
        if (!paused && state !== 'paused') continue;
        const p = provisionerFor(w.type);
        const ctx = this.context(d, w, new Map());
        try {
          if (paused) await p.pause?.(ctx);
          else await p.resume?.(ctx);
          w.result = {
            ...w.result!,
            state: paused ? 'paused' : 'ok',
            message: paused ? 'paused: contract in grace period' : '',
          };
        } catch (e) {
          w.result = { ...w.result!, state: 'error', message: (e as Error).message };
        }
      }
      this.opts.store.put(d);
    });
  }

  /**
   * After a restart: bring back what was running (sandboxes, routes; zdb and disk data persisted),
   * after asking the chain about each contract, since cancel and grace events may have come while
   * the node was down: a contract gone is deprovisioned, one in grace period is paused.
   */
  restore(): Promise<void> {
    return this.enqueueAndWait(async () => {
      for (const d of this.opts.store.active()) {
        const contract = await this.opts.chain.getNodeContract(d.contract_id).catch(() => 'unknown' as const);
        if (contract === undefined || (contract !== 'unknown' && contract.state === 'deleted')) {
          await this.deprovisionAll(d, 'contract canceled while the node was down');
          continue;
        }
        if (contract !== 'unknown' && contract.state === 'grace') {
          for (const w of d.workloads)
            if (w.result?.state === 'ok')
              w.result = { ...w.result, state: 'paused', message: 'paused: contract in grace period' };
        }
        const results = new Map<string, unknown>();
        for (const w of [...d.workloads].sort(byOrder)) {
          if (w.result?.state !== 'ok' && w.result?.state !== 'paused') continue;
          try {
            const data = await provisionerFor(w.type).provision({
              ...this.context(d, w, results),
              // the contract holds what the node cannot keep itself, such as the public IPs reserved
              contract: contract === 'unknown' ? undefined : contract,
              previousResult: w.result.data,
            });
            results.set(w.name, data);
            w.result = { ...w.result, data: data ?? null };
            if (w.result.state === 'paused')
              await provisionerFor(w.type).pause?.(this.context(d, w, results));
          } catch (e) {
            w.result = { ...w.result, state: 'error', message: `restore failed: ${(e as Error).message}` };
          }
        }
        this.opts.store.put(d);
      }
    });
  }

  // ---- internals ----

  /** The checks zos makes on deploy and update, in zos's order, with zos's messages. */
  private async checkIncoming(senderTwin: number, payload: unknown): Promise<Deployment> {
    if (!payload || typeof payload !== 'object' || !Array.isArray((payload as Deployment).workloads)) {
      throw new NodeError('invalid deployment: expected a deployment object with workloads');
    }
    const d = payload as Deployment;
    const contract = await this.opts.chain.getNodeContract(d.contract_id);
    const problems = validateDeployment(d, {
      contractPublicIps: contract?.publicIps,
      sharedNetworks: this.sharedNetworks(d),
    });
    if (problems.length > 0) throw new NodeError(`invalid deployment: ${problemsText(problems)}`);
    if (d.twin_id !== senderTwin)
      throw new NodeError(`twin id mismatch (deployment: ${d.twin_id}, message: ${senderTwin})`);
    const sig = await verifyDeploymentSignatures(d, async (twin) => {
      const t = await this.opts.twins.getTwin(twin);
      return t ? { publicKey: t.accountPublicKey } : undefined;
    });
    if (!sig.valid)
      throw new NodeError(problemsText(sig.problems) || 'failed to verify deployment signatures');
    this.checkContract(d, contract);
    if (contract!.state === 'deleted')
      throw new NodeError('failed to get deployment contract: contract is deleted');
    return JSON.parse(JSON.stringify(d)) as Deployment;
  }

  private checkContract(d: Deployment, contract: NodeContract | undefined): void {
    if (!contract)
      throw new NodeError(`failed to get deployment contract: contract ${d.contract_id} not found`);
    if (contract.nodeId !== this.nodeId) throw new NodeError('invalid node address in contract');
    if (contract.deploymentHash !== deploymentHashHex(d))
      throw new NodeError('contract hash does not match deployment hash');
  }

  /** Network workloads of the same twin in its other deployments here (zos finds networks by twin and name). */
  private sharedNetworks(d: Deployment): string[] {
    return this.opts.store
      .activeView(d.twin_id)
      .filter((o) => o.contract_id !== d.contract_id)
      .flatMap((o) =>
        o.workloads.filter((w) => w.type === 'network' || w.type === 'network-light').map((w) => w.name),
      );
  }

  private enqueue(job: () => Promise<void>): void {
    this.queue = this.queue.then(job, job).catch(() => undefined);
  }

  private enqueueAndWait(job: () => Promise<void>): Promise<void> {
    const done = this.queue.then(job, job);
    this.queue = done.catch(() => undefined);
    return done;
  }

  private context(d: Deployment, w: Workload, results: ReadonlyMap<string, unknown>): ProvisionContext {
    return {
      services: this.opts.services,
      nodeId: this.nodeId,
      deployment: d,
      workload: w,
      workloadId: workloadId(d.twin_id, d.contract_id, w.name),
      results,
    };
  }

  private async provisionAll(twin: number, contractId: number): Promise<void> {
    const d = this.opts.store.get(twin, contractId);
    if (!d) return;
    const contract = await this.opts.chain.getNodeContract(contractId);
    const results = new Map<string, unknown>();
    for (const w of [...d.workloads].sort(byOrder)) {
      await this.provisionOne(d, w, contract, results);
      this.opts.store.put(d);
    }
    this.report(d);
  }

  /** Tells the chain what the deployment's live workloads use (best effort). */
  private report(d: Deployment): void {
    if (!this.opts.reportUsage) return;
    const used = usedCapacity([
      {
        ...d,
        workloads: d.workloads.filter((w) => w.result?.state === 'ok' || w.result?.state === 'paused'),
      },
    ]);
    void this.opts.reportUsage(d.contract_id, used).catch(() => undefined);
  }

  private async provisionOne(
    d: Deployment,
    w: Workload,
    contract: NodeContract | undefined,
    results: Map<string, unknown>,
    previous?: Workload,
  ): Promise<void> {
    const setResult = (state: ResultState, message: string, data: unknown): void => {
      w.result = { created: now(), state, message, data };
    };
    const id = workloadId(d.twin_id, d.contract_id, w.name);
    if (!previous) {
      const problem = capacityProblem(
        w,
        this.opts.total,
        this.system,
        usedCapacity(this.opts.store.activeView(), id),
      );
      if (problem) return setResult('error', problem, null);
    }
    const p = provisionerFor(w.type);
    const ctx = { ...this.context(d, w, results), contract };
    try {
      const data = previous && p.update ? await p.update(ctx, previous) : await p.provision(ctx);
      results.set(w.name, data);
      setResult('ok', '', data ?? null);
    } catch (e) {
      setResult('error', (e as Error).message, null);
    }
  }

  private async applyUpdate(current: Deployment, next: Deployment): Promise<void> {
    const contract = await this.opts.chain.getNodeContract(next.contract_id);
    const old = new Map(current.workloads.map((w) => [w.name, w]));
    const results = new Map<string, unknown>();
    const updated: Deployment = { ...next, workloads: [] };
    for (const w of [...next.workloads].sort(byOrder)) {
      const prev = old.get(w.name);
      old.delete(w.name);
      if (prev && prev.version === w.version) {
        updated.workloads.push(prev);
        results.set(prev.name, prev.result?.data);
        continue;
      }
      const copy: Workload = { ...w };
      await this.provisionOne(updated, copy, contract, results, prev);
      updated.workloads.push(copy);
    }
    for (const w of [...old.values()].sort(byOrder).reverse()) {
      await this.deprovisionOne(current, w, 'deleted by user update');
      updated.workloads.push(w);
    }
    updated.workloads.sort(
      (a, b) =>
        next.workloads.findIndex((x) => x.name === a.name) -
        next.workloads.findIndex((x) => x.name === b.name),
    );
    this.opts.store.put(updated);
  }

  private async deprovisionOne(d: Deployment, w: Workload, reason: string): Promise<void> {
    if (w.result?.state === 'deleted') return;
    try {
      if (w.result?.state !== 'error')
        await provisionerFor(w.type).deprovision(this.context(d, w, new Map()));
    } catch {
      // a workload that is already gone is deleted all the same
    }
    w.result = { created: now(), state: 'deleted', message: reason, data: w.result?.data ?? null };
  }

  private async deprovisionAll(d: Deployment, reason: string): Promise<void> {
    for (const w of [...d.workloads].sort(byOrder).reverse()) await this.deprovisionOne(d, w, reason);
    this.opts.store.put(d);
  }
}

function contractIdOf(payload: unknown): number {
  const id = (payload as { contract_id?: unknown } | null)?.contract_id;
  if (typeof id !== 'number' || !Number.isInteger(id))
    throw new NodeError('invalid payload: expected {"contract_id": <number>}');
  return id;
}
