/**
 * The I/O half of the `tfgrid:Deployment` provider: create, read, update and delete one deployment
 * unit straight on a GridBackend, with the engine's building blocks (newDeployment,
 * updatedDeployment, waitForWorkloads) and its rule: never leak. A failed create cancels the
 * contract it made; a failed update puts the previous workloads back. What cannot be undone is
 * returned as the resource's partial state (PartialStateError), so Pulumi's state stays true.
 */
import { saltedDescription } from '../engine/secrets';
import type { GridBackend } from '../engine/backend';
import { NodeUnreachableError } from '../engine/backend';
import { newDeployment, stripResults, updatedDeployment, waitForWorkloads } from '../engine/deployments';
import { placeUnits } from '../engine/placement';
import { workloadChanges } from '../engine/plan';
import { encodeDeploymentData } from '../engine/tags';
import { deploymentHashHex } from '../model/zos/challenge';
import type { Deployment, Workload } from '../model/zos/types';
import {
  resolveInputs,
  secretValuesOf,
  unitOfInputs,
  zosFailures,
  type DeploymentInputs,
  type DeploymentOutputs,
} from './deployment-inputs';
import { PartialStateError } from './partial-state';

/** How long to wait for workloads. */
export interface WaitSettings {
  /** ms until the node must report every workload ok. @default 300000 */
  readonly timeoutMs?: number;
  /** first poll delay, ms. @default 250 */
  readonly pollMs?: number;
}

const waitOf = (w: WaitSettings) => ({ timeoutMs: w.timeoutMs ?? 300_000, pollMs: w.pollMs ?? 250 });

const metadataOf = (i: DeploymentInputs): string =>
  encodeDeploymentData({ project: i.project, unit: i.unitId, kind: 'deployment' });

/** What the node reports as outputs: results (deleted workloads left out), states, version, workloads. */
export function resultsOf(
  d: Deployment,
): Pick<DeploymentOutputs, 'results' | 'states' | 'version' | 'deployed'> {
  const results: Record<string, unknown> = {};
  const states: Record<string, string> = {};
  for (const w of d.workloads) {
    states[w.name] = w.result?.state ?? 'unknown';
    if (w.result?.state !== 'deleted') results[w.name] = w.result?.data ?? null;
  }
  return {
    results,
    states,
    version: d.version,
    deployed: d.workloads.map(({ result: _r, ...w }) => w),
  };
}

/** The node: explicit, fixed by the selector, or scheduled now for this unit alone. */
export async function chooseNode(backend: GridBackend, i: DeploymentInputs): Promise<number> {
  const fixed = i.nodeId ?? i.selector.nodeId;
  if (fixed !== undefined) return fixed;
  const placed = placeUnits([unitOfInputs(i)], await backend.nodes(), backend.twinId);
  return placed.get(i.unitId)!;
}

function resolvedOrThrow(i: DeploymentInputs, backend: GridBackend, own?: Record<string, unknown>) {
  const r = resolveInputs(i, secretValuesOf(i, backend.accountSecret), own);
  const problems = zosFailures(r.workloads, i.publicIps);
  if (problems.length > 0)
    throw new Error(
      `unit '${i.unitId}' would be refused by zos: ${problems.map((p) => p.reason).join('; ')}`,
    );
  return r;
}

/** Sends the next version of `current` with `workloads`, waits for it; returns what the node reports. */
async function pushUpdate(
  backend: GridBackend,
  i: DeploymentInputs,
  nodeId: number,
  current: Deployment,
  workloads: Omit<Workload, 'version'>[],
  wait: WaitSettings,
): Promise<Deployment> {
  const { deployment, hash, problems } = updatedDeployment(current, workloads, backend.signer);
  if (problems.length > 0)
    throw new Error(
      `unit '${i.unitId}': zos cannot update in place (${problems.join('; ')}): the resource must be replaced`,
    );
  await backend.updateNodeContract(current.contract_id, hash, metadataOf(i));
  await backend.update(nodeId, deployment);
  return waitForWorkloads(backend, nodeId, current.contract_id, deployment.version, waitOf(wait));
}

/** Creates the contract and the deployment; cancels the contract if anything fails. */
export async function createDeployment(
  backend: GridBackend,
  i: DeploymentInputs,
  wait: WaitSettings = {},
): Promise<DeploymentOutputs> {
  const nodeId = await chooseNode(backend, i);
  const { workloads, deferred } = resolvedOrThrow(i, backend);
  const built = newDeployment(
    backend.twinId,
    metadataOf(i),
    workloads,
    backend.signer,
    saltedDescription(backend.accountSecret, i.project),
  );
  const [contractId] = await backend.createContracts([
    {
      type: 'node',
      nodeId,
      deploymentHash: built.hash,
      deploymentData: metadataOf(i),
      publicIps: i.publicIps,
    },
  ]);
  try {
    await backend.deploy(nodeId, { ...built.deployment, contract_id: contractId });
    let d = await waitForWorkloads(backend, nodeId, contractId, 0, waitOf(wait));
    if (deferred.length > 0) {
      // workloads that need results of this unit's own workloads go in by an update
      const full = resolvedOrThrow(i, backend, resultsOf(d).results).workloads;
      d = await pushUpdate(backend, i, nodeId, d, full, wait);
    }
    return { ...i, nodeId, contractId, ...resultsOf(d) };
  } catch (e) {
    const failed = `creating unit '${i.unitId}' on node ${nodeId} failed: ${(e as Error).message}`;
    try {
      await backend.cancelContracts([contractId]);
    } catch (c) {
      // Pulumi records the contract, so a later `pulumi destroy` (or up) removes it
      throw new PartialStateError(
        `${failed}; could NOT cancel contract ${contractId} (${(c as Error).message}): Pulumi keeps it in the state, 'pulumi destroy' cancels it`,
        String(contractId),
        { ...i, nodeId, contractId, version: 0, results: {}, states: {} },
      );
    }
    throw new Error(`${failed}; cancelled contract ${contractId}, nothing was left behind`);
  }
}

/** Reads the contract (chain) and the deployment (node); undefined when the contract is gone. */
export async function readDeployment(
  backend: GridBackend,
  o: DeploymentOutputs,
): Promise<DeploymentOutputs | undefined> {
  const contract = (await backend.listContracts()).find((c) => c.contractId === o.contractId);
  if (!contract || contract.state === 'deleted') return undefined;
  let d: Deployment | undefined;
  try {
    d = await backend.getDeployment(o.nodeId, o.contractId);
  } catch (e) {
    // a node that does not answer tells nothing new: keep what we knew
    if (e instanceof NodeUnreachableError) return { ...o, publicIps: contract.publicIps ?? o.publicIps };
    throw e;
  }
  const states: Record<string, string> = {};
  // the contract is billed but the node lost the deployment: every workload counts as deleted
  if (!d) for (const w of o.workloads) states[w.name] = 'deleted';
  return {
    ...o,
    publicIps: contract.publicIps ?? o.publicIps,
    ...(d ? resultsOf(d) : { results: {}, states, version: o.version, deployed: null }),
  };
}

/** Updates the deployment in place; on failure puts the previous workloads back. */
export async function updateDeployment(
  backend: GridBackend,
  olds: DeploymentOutputs,
  news: DeploymentInputs,
  wait: WaitSettings = {},
): Promise<DeploymentOutputs> {
  const { nodeId, contractId } = olds;
  const current = await backend.getDeployment(nodeId, contractId);
  if (!current)
    throw new Error(
      `unit '${news.unitId}': node ${nodeId} has no deployment for contract ${contractId}: run 'pulumi refresh', then 'pulumi up' replaces it`,
    );
  const live = stripResults(current);
  const own = resultsOf(current).results;
  const { workloads } = resolvedOrThrow(news, backend, own);
  const base = { ...news, nodeId, contractId };
  if (workloadChanges(live.workloads, workloads).length === 0) return { ...base, ...resultsOf(current) };
  try {
    return { ...base, ...resultsOf(await pushUpdate(backend, news, nodeId, current, workloads, wait)) };
  } catch (e) {
    const undone = await revert(backend, news, nodeId, current, wait);
    const message = `updating unit '${news.unitId}' (contract ${contractId}) failed: ${(e as Error).message}; ${undone.text}`;
    // what the node has now is the resource's state: Pulumi records it, refresh and diff start from it
    const onNode = await backend.getDeployment(nodeId, contractId).catch(() => undefined);
    if (!onNode) throw new Error(message);
    const inputs = undone.restored || onNode.version === current.version ? olds : base;
    throw new PartialStateError(message, String(contractId), { ...inputs, ...resultsOf(onNode) });
  }
}

/** Puts `previous` back after a failed update. Never throws: says what it did. */
async function revert(
  backend: GridBackend,
  i: DeploymentInputs,
  nodeId: number,
  previous: Deployment,
  wait: WaitSettings,
): Promise<{ text: string; restored: boolean }> {
  try {
    const onNode = await backend.getDeployment(nodeId, previous.contract_id);
    const before = stripResults(previous);
    if (!onNode || onNode.version === previous.version) {
      await backend.updateNodeContract(previous.contract_id, deploymentHashHex(before), metadataOf(i));
      return { text: 'the node kept the previous version; the contract hash was restored', restored: true };
    }
    await pushUpdate(backend, i, nodeId, onNode, before.workloads, wait);
    return { text: 'the previous workloads were restored', restored: true };
  } catch (e) {
    return {
      text: `could not restore the previous workloads (${(e as Error).message}): the state records what the node has`,
      restored: false,
    };
  }
}

/** Cancels the contract (already gone is fine); the node drops the deployment. */
export async function deleteDeployment(
  backend: GridBackend,
  o: Pick<DeploymentOutputs, 'contractId'> & Partial<Pick<DeploymentOutputs, 'nodeId'>>,
  wait: WaitSettings = {},
): Promise<void> {
  await backend.cancelContracts([o.contractId]);
  if (o.nodeId === undefined) return;
  // a replacement may follow at once (delete before replace, e.g. the same gateway name): wait,
  // bounded, until the node has dropped the deployment
  const { timeoutMs, pollMs } = waitOf(wait);
  const deadline = Date.now() + Math.min(timeoutMs, 30_000);
  for (let delay = pollMs; Date.now() < deadline; delay = Math.min(delay * 2, 1000)) {
    try {
      const d = await backend.getDeployment(o.nodeId, o.contractId);
      if (!d || d.workloads.every((w) => w.result?.state === 'deleted')) return;
    } catch {
      return; // a node that does not answer has nothing to wait for
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}
