/**
 * One apply: level by level, batch the new contracts, deploy in parallel, wait, resolve references;
 * remember everything it changed so that a failure undoes it (created contracts cancelled, updated
 * deployments put back), then cancel what the manifest no longer has.
 */
import type { DaoProposalUnit, DaoVoteUnit, DeploymentUnit } from '../constructs/manifest';
import { sumCosts } from '../model/pricing/pricing';
import { deploymentHashHex } from '../model/zos/challenge';
import type { Deployment, Workload } from '../model/zos/types';
import { ChainUnreachableError, type NewContract } from './backend';
import { stripResults, unsignedDeployment, updatedDeployment, waitForWorkloads } from './deployments';
import { signDeployment } from '../model/zos/signing';
import type { ApplyResult, Engine, Prepared, UnitOutput } from './engine';
import { planUnit } from './plan';
import { cancelFirstReason } from './replace-order';
import { confirmRemoved } from './destroy';
import { resolvePartial, resolveUnit, UnresolvedError } from '../constructs/resolve';
import { encodeDeploymentData } from './tags';
import { saltedDescription } from './secrets';
import { nameRecordKey } from './ownership';
import { manifestNames } from './observe';
import { boundedNodeRequests, RequestPool } from './request-pool';
import { LeaseLostError } from './lease-in-batch';

/** Raised when an apply failed; says what failed and what was undone. */
export class ApplyError extends Error {
  constructor(
    readonly failure: string,
    readonly undone: string[],
    /** contracts that could not be cancelled (the next apply adopts or cancels them) */
    readonly leftovers: number[],
    /** set when the connection to TFChain dropped while undoing: why, and what each leftover is */
    readonly chainLost?: { readonly reason: string; readonly leftovers: readonly string[] },
  ) {
    super(
      `apply failed: ${failure}\n` +
        (undone.length
          ? `undone: ${undone.join('; ')}\n`
          : leftovers.length
            ? ''
            : 'nothing had been changed\n') +
        (chainLost
          ? `the connection to TFChain dropped while undoing (${chainLost.reason}): still on chain and billing: ${chainLost.leftovers.join('; ')}: once TFChain is reachable, run apply again: they are tagged with this project, so it adopts or cancels them`
          : leftovers.length
            ? `could NOT cancel contracts ${leftovers.join(', ')}: they are tagged with this project, so the next 'tfgrid apply' adopts or cancels them ('tfgrid status' lists them)`
            : 'nothing was left behind'),
    );
  }
}

interface Revert {
  readonly unit: string;
  readonly nodeId: number;
  readonly contractId: number;
  readonly previous: Deployment;
}

type Actions = ApplyResult['actions'];

/** Deployments signed between two turns of the event loop while a batch is being sent (about 10 ms of work). */
const SIGN_SLICE = 50;

export class ApplyRun {
  private readonly created: { contractId: number; what: string }[] = [];
  /** ownership records this apply wrote for name contracts that had none (deleted on rollback) */
  private readonly claimed: string[] = [];
  private readonly reverts: Revert[] = [];
  /** contracts cancelled before their replacement was deployed (not restorable) */
  private readonly cancelledFirst: { contractId: number; unit: string }[] = [];
  private readonly actions: Actions = [];
  private readonly outputs: Record<string, UnitOutput> = {};
  private readonly names: Record<string, number> = {};
  private readonly proposals: Record<string, string> = {};
  private readonly results: Map<string, Map<string, unknown>>;

  constructor(
    private readonly engine: Engine,
    private readonly p: Prepared,
  ) {
    this.results = engine.observedResults(p);
    this.nodes = boundedNodeRequests(
      engine.backend,
      new RequestPool(engine.nodeRequestLimit, 'node request'),
    );
    for (const [name, id] of p.observed.names) this.names[name] = id;
  }

  /** the engine's backend, with at most `nodeRequestLimit` node requests in flight */
  private readonly nodes;

  private get backend() {
    return this.nodes;
  }

  async run(): Promise<ApplyResult> {
    try {
      await this.claimNames();
      for (const [i, level] of this.p.levels.entries()) {
        const units = level.filter((u): u is DeploymentUnit => u.kind === 'deployment');
        this.engine.progress({
          step: 'level',
          message: `level ${i + 1} of ${this.p.levels.length}: ${units.map((u) => u.id).join(', ') || 'no deployment'}`,
        });
        await this.applyLevel(units);
      }
      await this.applyDao();
    } catch (e) {
      throw await this.rollback(e as Error);
    }
    await this.removeLeftovers();
    this.engine.progress({
      step: 'done',
      message: `${this.actions.filter((a) => a.op !== 'noop').length} change(s)`,
    });
    return {
      actions: this.actions,
      outputs: this.outputs,
      names: this.names,
      proposals: this.proposals,
      cost: sumCosts(this.p.synth.manifest.units.flatMap((u) => ('cost' in u ? [u.cost] : []))),
    };
  }

  private record(unit: string, nodeId: number, contractId: number, d: Deployment): void {
    const workloads: Record<string, unknown> = {};
    for (const w of d.workloads)
      if (w.result?.state !== 'deleted') workloads[w.name] = w.result?.data ?? null;
    this.outputs[unit] = { nodeId, contractId, workloads };
    this.results.set(unit, new Map(Object.entries(workloads)));
  }

  private async applyLevel(units: DeploymentUnit[]): Promise<void> {
    const ctx = this.engine.resolveContext(this.p, this.results);
    const creates: {
      unit: DeploymentUnit;
      nodeId: number;
      deployment: Deployment;
      hash: string;
      replaces?: number;
    }[] = [];
    const updates: {
      unit: DeploymentUnit;
      nodeId: number;
      contractId: number;
      current: Deployment;
      workloads: Omit<Workload, 'version'>[];
    }[] = [];
    const { backend } = this;
    /** contracts of this project whose node has no deployment yet: deployed on the same contract */
    const onContract: {
      unit: DeploymentUnit;
      nodeId: number;
      contractId: number;
      contractHash?: string;
      deployment: Deployment;
      hash: string;
    }[] = [];
    /** kept deployments whose workloads are still being provisioned (an apply stopped while waiting) */
    const provisioning: { unit: DeploymentUnit; nodeId: number; contractId: number; version: number }[] = [];
    const secondPass: DeploymentUnit[] = [];
    for (const u of units) {
      let workloads: Omit<Workload, 'version'>[];
      try {
        workloads = resolveUnit(u, ctx);
      } catch (e) {
        // references to results of the same unit: deploy what can be deployed, then update the unit
        const own =
          e instanceof UnresolvedError && e.placeholders.every((p) => p.startsWith(`\${ref:${u.id}/`));
        if (!own) throw e;
        const partial = resolvePartial(u, ctx);
        if (partial.workloads.length === 0) throw e;
        this.engine.progress({
          step: 'deploy',
          unit: u.id,
          message: `deploying without ${partial.deferred.join(', ')} first: they need results of this unit`,
        });
        workloads = partial.workloads;
        secondPass.push(u);
      }
      const nodeId = this.p.nodeOf.get(u.id)!;
      const o = this.p.current.get(u.id);
      const action = planUnit(
        { unit: u.id, nodeId, publicIps: u.publicIps, workloads, cost: u.cost },
        o && { ...o, cost: u.cost },
      )!;
      if (action.op === 'unreachable')
        throw new Error(
          `unit '${u.id}': node ${o!.nodeId} does not answer (${o!.error ?? 'no answer'}), so its contract ${o!.contractId} cannot be compared: run apply again once the node is back (nothing of the project was touched for it)`,
        );
      if (action.op === 'deploy') {
        const built = this.build(u, workloads);
        onContract.push({
          unit: u,
          nodeId,
          contractId: o!.contractId,
          contractHash: o!.deploymentHash,
          deployment: signDeployment(
            { ...built.deployment, contract_id: o!.contractId },
            this.backend.signer,
          ),
          hash: built.hash,
        });
        continue;
      }
      if (action.op === 'create' || action.op === 'replace') {
        creates.push({
          unit: u,
          nodeId,
          ...this.build(u, workloads),
          replaces: action.op === 'replace' ? action.contractId : undefined,
        });
      } else if (action.op === 'update') {
        updates.push({ unit: u, nodeId, contractId: action.contractId, current: o!.deployment!, workloads });
      } else if (action.op === 'noop') {
        this.actions.push({ unit: u.id, op: 'noop', contractId: o!.contractId, nodeId });
        const d = o!.deployment!;
        if (d.workloads.some((w) => !w.result?.state || w.result.state === 'init'))
          provisioning.push({ unit: u, nodeId, contractId: o!.contractId, version: d.version });
        else this.record(u.id, nodeId, o!.contractId, d);
      }
    }
    // Some replacements cannot live beside what they replace on the same node: an identical
    // deployment (the chain refuses a second contract with the same hash) or one serving the same
    // gateway name (the node refuses a second route for it). The old contract goes first; if the
    // apply then fails, the error says it was not restored.
    const goFirst = creates.filter((c) => {
      const old = this.p.observed.deployments.find((o) => o.contractId === c.replaces);
      // a node that does not answer tells nothing: the replacement goes first
      if (!old || old.deployment === undefined) return false;
      return (
        cancelFirstReason(
          { nodeId: old.nodeId, deployment: old.deployment },
          { nodeId: c.nodeId, deployment: c.deployment },
        ) !== undefined
      );
    });
    if (goFirst.length > 0) {
      this.engine.progress({
        step: 'delete',
        message: `cancelling ${goFirst.length} contract(s) first: their replacements cannot run beside them`,
      });
      await backend.cancelContracts(goFirst.map((c) => c.replaces!));
      for (const c of goFirst) this.cancelledFirst.push({ contractId: c.replaces!, unit: c.unit.id });
      // the nodes drop the old deployments once they read the cancel from a finalized block: wait
      // (bounded) so that a replacement serving the same gateway name finds it free
      const cancelled = this.p.observed.deployments.filter((o) =>
        goFirst.some((c) => c.replaces === o.contractId),
      );
      await confirmRemoved(backend, cancelled, {
        timeoutMs: Math.min(this.engine.timeoutMs, 30_000),
        pollMs: this.engine.pollMs,
      });
    }
    const names = this.wantedNames();
    if (creates.length + names.length > 0) {
      const batch: NewContract[] = [
        ...names.map((name): NewContract => ({ type: 'name', name, owner: this.p.synth.manifest.project })),
        ...creates.map(
          (c): NewContract => ({
            type: 'node',
            nodeId: c.nodeId,
            deploymentHash: c.hash,
            deploymentData: encodeDeploymentData({
              project: this.p.synth.manifest.project,
              unit: c.unit.id,
              kind: 'deployment',
            }),
            publicIps: c.unit.publicIps,
          }),
        ),
      ];
      // as few batches as the chain's block limits allow; each one's contracts are recorded as soon
      // as it is in a block, so a later batch failing still undoes them
      const sizes = await backend.contractBatchSizes(batch);
      const ids: number[] = [];
      let signing: Promise<void> | undefined;
      for (const [k, size] of sizes.entries()) {
        const group = batch.slice(ids.length, ids.length + size);
        this.engine.progress({
          step: 'contracts',
          message:
            sizes.length === 1
              ? `creating ${size} contract(s) in one batch` +
                (names.length ? ` (${creates.length} node, ${names.length} name)` : '')
              : `creating ${size} contract(s) in batch ${k + 1} of ${sizes.length}`,
        });
        const sending = backend.createContracts(group);
        // the new deployments are signed while the first batch waits for its block
        if (k === 0) {
          signing = this.sign(creates);
          // awaited after the batches: a batch failing first goes to the rollback without it
          signing.catch(() => undefined);
        }
        const groupIds = await sending;
        this.engine.progress({ step: 'contracts', message: `contract(s) ${groupIds.join(', ')} in a block` });
        for (const id of groupIds) {
          const i = ids.length;
          ids.push(id);
          if (i < names.length) {
            const name = names[i];
            this.names[name] = id;
            this.created.push({ contractId: id, what: `name contract '${name}'` });
            this.actions.push({ unit: `name:${name}`, op: 'create-name', contractId: id });
          } else {
            const c = creates[i - names.length];
            c.deployment = { ...c.deployment, contract_id: id };
            this.created.push({ contractId: id, what: `unit '${c.unit.id}' on node ${c.nodeId}` });
          }
        }
      }
      await signing;
    }
    await Promise.all([
      ...creates.map(async (c) => {
        this.engine.progress({
          step: 'deploy',
          unit: c.unit.id,
          message: `deploying ${c.deployment.workloads.length} workload(s) to node ${c.nodeId}`,
        });
        await backend.deploy(c.nodeId, c.deployment);
        const d = await this.waitDeployed(c.unit, c.nodeId, c.deployment.contract_id, 0);
        this.record(c.unit.id, c.nodeId, c.deployment.contract_id, d);
        this.actions.push({
          unit: c.unit.id,
          op: c.replaces ? 'replace' : 'create',
          contractId: c.deployment.contract_id,
          nodeId: c.nodeId,
        });
      }),
      ...onContract.map(async (c) => {
        this.engine.progress({
          step: 'deploy',
          unit: c.unit.id,
          message: `contract ${c.contractId} has no deployment on node ${c.nodeId}: deploying ${c.deployment.workloads.length} workload(s) on it`,
        });
        // the program (or a result it refers to) changed since the contract was made: zos accepts
        // only a deployment whose hash the contract holds
        if (c.contractHash !== c.hash)
          await backend.updateNodeContract(c.contractId, c.hash, this.metadata(c.unit));
        await backend.deploy(c.nodeId, c.deployment);
        const d = await this.waitDeployed(c.unit, c.nodeId, c.contractId, 0);
        this.record(c.unit.id, c.nodeId, c.contractId, d);
        this.actions.push({ unit: c.unit.id, op: 'deploy', contractId: c.contractId, nodeId: c.nodeId });
      }),
      ...provisioning.map(async (c) => {
        const d = await this.waitDeployed(c.unit, c.nodeId, c.contractId, c.version);
        this.record(c.unit.id, c.nodeId, c.contractId, d);
      }),
    ]);
    await Promise.all(
      updates.map((u) => this.update(u.unit, u.nodeId, u.contractId, u.current, u.workloads)),
    );
    if (secondPass.length > 0) {
      const full = this.engine.resolveContext(this.p, this.results);
      await Promise.all(
        secondPass.map(async (u) => {
          const out = this.outputs[u.id];
          const current = await this.backend.getDeployment(out.nodeId, out.contractId);
          if (!current)
            throw new Error(
              `unit '${u.id}': node ${out.nodeId} lost contract ${out.contractId} right after deploying it`,
            );
          await this.update(u, out.nodeId, out.contractId, current, resolveUnit(u, full));
        }),
      );
    }
  }

  private async waitDeployed(
    u: DeploymentUnit,
    nodeId: number,
    contractId: number,
    version: number,
  ): Promise<Deployment> {
    this.engine.progress({
      step: 'wait',
      unit: u.id,
      message: `waiting for the workloads of contract ${contractId} on node ${nodeId}`,
    });
    return waitForWorkloads(this.backend, nodeId, contractId, version, this.engine);
  }

  private async update(
    u: DeploymentUnit,
    nodeId: number,
    contractId: number,
    current: Deployment,
    workloads: Omit<Workload, 'version'>[],
  ): Promise<void> {
    const { deployment, hash } = updatedDeployment(current, workloads, this.backend.signer);
    this.engine.progress({
      step: 'update',
      unit: u.id,
      message: `updating contract ${contractId} on node ${nodeId} to version ${deployment.version}`,
    });
    this.reverts.push({ unit: u.id, nodeId, contractId, previous: current });
    await this.backend.updateNodeContract(
      contractId,
      hash,
      encodeDeploymentData({ project: this.p.synth.manifest.project, unit: u.id, kind: 'deployment' }),
    );
    await this.backend.update(nodeId, deployment);
    const d = await this.waitDeployed(u, nodeId, contractId, deployment.version);
    this.record(u.id, nodeId, contractId, d);
    this.actions.push({ unit: u.id, op: 'update', contractId, nodeId });
  }

  /**
   * A new deployment of a unit, not signed yet, salted so that nobody else can compute its hash
   * (secrets.ts).
   */
  private build(u: DeploymentUnit, workloads: Omit<Workload, 'version'>[]) {
    const { backend } = this;
    const salt = saltedDescription(backend.accountSecret, this.p.synth.manifest.project);
    return unsignedDeployment(backend.twinId, this.metadata(u), workloads, salt);
  }

  /**
   * Signs the new deployments in place, a slice at a time so that the batch just handed to the
   * chain client goes out meanwhile. Each one is read when signed: its contract id may come first
   * (the signature does not cover it).
   */
  private async sign(creates: { deployment: Deployment }[]): Promise<void> {
    const { signer } = this.backend;
    for (const [i, c] of creates.entries()) {
      if (i % SIGN_SLICE === 0) await new Promise((r) => setImmediate(r));
      c.deployment = signDeployment(c.deployment, signer);
    }
  }

  private metadata(u: DeploymentUnit): string {
    return encodeDeploymentData({ project: this.p.synth.manifest.project, unit: u.id, kind: 'deployment' });
  }

  /** Name contracts of the account with no owner record that the program declares become the project's. */
  private async claimNames(): Promise<void> {
    const claims = manifestNames(this.p.synth.manifest).filter((n) => this.p.observed.unclaimedNames.has(n));
    if (claims.length === 0) return;
    this.engine.progress({
      step: 'contracts',
      message: `claiming name contract(s) ${claims.join(', ')} (no owner recorded) for project '${this.p.synth.manifest.project}'`,
    });
    const project = this.p.synth.manifest.project;
    await this.backend.kvWrite(new Map(claims.map((n) => [nameRecordKey(n), project])));
    for (const n of claims) {
      this.claimed.push(n);
      this.names[n] = this.p.observed.unclaimedNames.get(n)!;
      this.actions.push({ unit: `name:${n}`, op: 'claim-name', contractId: this.names[n] });
    }
  }

  /** Name contracts still missing: all go in the first batch, before any gateway needs them. */
  private wantedNames(): string[] {
    return this.p.synth.manifest.units.flatMap((u) =>
      u.kind === 'name-contract' && this.names[u.name] === undefined ? [u.name] : [],
    );
  }

  async daoPlan(): Promise<{ unit: string; op: 'propose' | 'vote' | 'noop' }[]> {
    const units = this.p.synth.manifest.units.filter(
      (u): u is DaoProposalUnit | DaoVoteUnit => u.kind === 'dao-proposal' || u.kind === 'dao-vote',
    );
    if (units.length === 0) return [];
    const existing = await this.backend.daoProposals();
    const out: { unit: string; op: 'propose' | 'vote' | 'noop' }[] = [];
    for (const u of units) {
      if (u.kind === 'dao-proposal') {
        const hash = await this.backend.daoProposalHash(u.action);
        out.push({ unit: u.id, op: existing.some((x) => x.hash === hash) ? 'noop' : 'propose' });
      } else {
        const hash = 'hash' in u.proposal ? u.proposal.hash : await this.proposalHashOf(u.proposal.unit);
        const prop = existing.find((x) => x.hash === hash);
        // a vote on a proposal of this program is cast after it is proposed; one given by hash must be open
        if (!prop && 'hash' in u.proposal)
          throw new Error(
            `${u.id}: no open DAO proposal ${hash} on chain (it was never made, or it closed): vote on one that \`tfgrid dao list\` shows`,
          );
        const voted = prop && [...prop.ayes, ...prop.nays].some((v) => v.farmId === u.farmId);
        out.push({ unit: u.id, op: voted ? 'noop' : 'vote' });
      }
    }
    return out;
  }

  private async proposalHashOf(unitId: string): Promise<string> {
    const u = this.p.synth.manifest.units.find((x) => x.id === unitId);
    if (!u || u.kind !== 'dao-proposal')
      throw new Error(`dao vote refers to unit '${unitId}', which is not a DAO proposal of this manifest`);
    return this.backend.daoProposalHash(u.action);
  }

  private async applyDao(): Promise<void> {
    const plan = await this.daoPlan();
    for (const step of plan) {
      const u = this.p.synth.manifest.units.find((x) => x.id === step.unit)!;
      if (u.kind === 'dao-proposal') {
        const hash = await this.backend.daoProposalHash(u.action);
        this.proposals[u.id] = hash;
        if (step.op === 'propose') {
          this.engine.progress({
            step: 'dao',
            unit: u.id,
            message: `proposing ${u.action.pallet}.${u.action.call}`,
          });
          await this.backend.daoPropose({
            action: u.action,
            threshold: u.threshold,
            description: u.description,
            link: u.link,
            durationBlocks: u.durationBlocks,
          });
        }
        this.actions.push({ unit: u.id, op: step.op === 'propose' ? 'propose' : 'noop' });
      } else if (u.kind === 'dao-vote') {
        if (step.op === 'vote') {
          const hash = 'hash' in u.proposal ? u.proposal.hash : await this.proposalHashOf(u.proposal.unit);
          this.engine.progress({
            step: 'dao',
            unit: u.id,
            message: `voting ${u.approve ? 'yes' : 'no'} with farm ${u.farmId}`,
          });
          await this.backend.daoVote(u.farmId, hash, u.approve);
        }
        this.actions.push({ unit: u.id, op: step.op === 'vote' ? 'vote' : 'noop' });
      }
    }
  }

  /** After success: cancel replaced contracts and units the manifest no longer has. */
  private async removeLeftovers(): Promise<void> {
    const keep = new Set(Object.values(this.outputs).map((o) => o.contractId));
    const gone = this.p.observed.deployments.filter((o) => !keep.has(o.contractId));
    const declared = new Set(manifestNames(this.p.synth.manifest));
    const goneNames = [...this.p.observed.names].filter(([name]) => !declared.has(name));
    if (goneNames.length > 0) {
      this.engine.progress({
        step: 'delete',
        message: `cancelling name contract(s) ${goneNames.map(([n]) => n).join(', ')}: no longer declared`,
      });
      await this.backend.cancelContracts(goneNames.map(([, id]) => id));
      for (const [name, id] of goneNames) {
        delete this.names[name];
        this.actions.push({ unit: `name:${name}`, op: 'delete', contractId: id });
      }
    }
    if (gone.length === 0) return;
    this.engine.progress({
      step: 'delete',
      message: `cancelling ${gone.length} contract(s) no longer wanted`,
    });
    await this.backend.cancelContracts(gone.map((o) => o.contractId));
    for (const o of gone)
      if (!this.actions.some((a) => a.unit === o.unit))
        this.actions.push({ unit: o.unit, op: 'delete', contractId: o.contractId, nodeId: o.nodeId });
  }

  /** Undoes this apply: cancels what it created, puts updated deployments back. Never throws. */
  private async rollback(cause: Error): Promise<ApplyError> {
    const undone: string[] = [];
    const leftovers: number[] = [];
    // a first batch that lost the project lease to another apply created these (lease-in-batch.ts)
    if (cause instanceof LeaseLostError) this.created.push(...cause.created);
    this.engine.progress({
      step: 'rollback',
      message: `failed (${cause.message}); undoing ${this.created.length} creation(s) and ${this.reverts.length} update(s)`,
    });
    let chainLost: string | undefined;
    if (this.created.length > 0) {
      try {
        await this.backend.cancelContracts(this.created.map((c) => c.contractId));
        undone.push(...this.created.map((c) => `cancelled contract ${c.contractId} (${c.what})`));
      } catch (e) {
        if (e instanceof ChainUnreachableError) chainLost = e.message;
        for (const c of this.created) {
          try {
            // without a chain connection one by one cannot do better: keep the message honest instead
            if (chainLost) throw new Error(chainLost);
            await this.backend.cancelContracts([c.contractId]);
            undone.push(`cancelled contract ${c.contractId} (${c.what})`);
          } catch (e2) {
            if (e2 instanceof ChainUnreachableError) chainLost = e2.message;
            leftovers.push(c.contractId);
          }
        }
      }
    }
    for (const r of [...this.reverts].reverse()) {
      try {
        await this.revert(r);
        undone.push(`restored unit '${r.unit}' (contract ${r.contractId}) to its previous workloads`);
      } catch (e) {
        undone.push(`could not restore unit '${r.unit}' (contract ${r.contractId}): ${(e as Error).message}`);
      }
    }
    if (this.claimed.length > 0) {
      try {
        await this.backend.kvWrite(new Map(this.claimed.map((n) => [nameRecordKey(n), undefined])));
        undone.push(`released name(s) ${this.claimed.join(', ')} (no owner recorded again)`);
      } catch (e) {
        undone.push(`could not release name(s) ${this.claimed.join(', ')}: ${(e as Error).message}`);
      }
    }
    for (const c of this.cancelledFirst) {
      undone.push(
        `contract ${c.contractId} of unit '${c.unit}' was cancelled to make room for its replacement and is not restored: run apply again`,
      );
    }
    if (!chainLost) return new ApplyError(cause.message, undone, leftovers);
    const what = new Map(this.created.map((c) => [c.contractId, c.what]));
    return new ApplyError(cause.message, undone, leftovers, {
      reason: chainLost.replace(/^the connection to TFChain dropped: /, ''),
      leftovers: leftovers.map((id) => `contract ${id} (${what.get(id)})`),
    });
  }

  private async revert(r: Revert): Promise<void> {
    const onNode = await this.backend.getDeployment(r.nodeId, r.contractId);
    const previous = stripResults(r.previous);
    if (!onNode || onNode.version === r.previous.version) {
      // the node never took the update: only the contract's hash changed
      await this.backend.updateNodeContract(
        r.contractId,
        deploymentHashHex(previous),
        this.metadataOf(r.unit),
      );
      return;
    }
    const { deployment, hash, problems } = updatedDeployment(onNode, previous.workloads, this.backend.signer);
    if (problems.length > 0)
      throw new Error(
        `zos cannot go back (${problems.join('; ')}): the unit keeps version ${onNode.version}`,
      );
    await this.backend.updateNodeContract(r.contractId, hash, this.metadataOf(r.unit));
    await this.backend.update(r.nodeId, deployment);
    await waitForWorkloads(this.backend, r.nodeId, r.contractId, deployment.version, this.engine);
  }

  private metadataOf(unit: string): string {
    return encodeDeploymentData({ project: this.p.synth.manifest.project, unit, kind: 'deployment' });
  }
}
