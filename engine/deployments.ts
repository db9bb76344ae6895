/**
 * Building, signing and watching deployments: version 0 for a new contract, the next version for
 * an update, and the wait until a node reports every workload of the new version `ok`.
 */
import { deploymentHashHex } from '../model/zos/challenge';
import { draftDeployment } from '../model/zos/deployment';
import { signDeployment, type Signer } from '../model/zos/signing';
import type { Deployment, Workload } from '../model/zos/types';
import { nextDeployment } from '../model/zos/update-rules';
import { NodeUnreachableError, type GridBackend } from './backend';

/** A new, signed deployment; `description` carries the project's salt (secrets.ts saltedDescription). */
export function newDeployment(
  twinId: number,
  metadata: string,
  workloads: readonly Omit<Workload, 'version'>[],
  signer: Signer,
  description = '',
): { deployment: Deployment; hash: string } {
  const { deployment, hash } = unsignedDeployment(twinId, metadata, workloads, description);
  return { deployment: signDeployment(deployment, signer), hash };
}

/**
 * A new deployment not signed yet, and its hash. The contract is created from the hash, and the
 * signature covers the same hash (not the contract id), so an apply signs while the contracts'
 * batch waits for its block.
 */
export function unsignedDeployment(
  twinId: number,
  metadata: string,
  workloads: readonly Omit<Workload, 'version'>[],
  description = '',
): { deployment: Deployment; hash: string } {
  const deployment = { ...draftDeployment(twinId, workloads, metadata), description };
  return { deployment, hash: deploymentHashHex(deployment) };
}

/** The next version of `current` with `workloads`; `problems` are what zos would refuse (e.g. a zdb shrinking). */
export function updatedDeployment(
  current: Deployment,
  workloads: readonly Omit<Workload, 'version'>[],
  signer: Signer,
): { deployment: Deployment; hash: string; problems: string[] } {
  const { deployment, problems } = nextDeployment(stripResults(current), { workloads });
  return {
    deployment: signDeployment(deployment, signer),
    hash: deploymentHashHex(deployment),
    problems: problems.map((p) => `${p.path}: ${p.message}`),
  };
}

export function stripResults(d: Deployment): Deployment {
  return {
    ...d,
    workloads: d.workloads.filter((w) => w.result?.state !== 'deleted').map(({ result: _r, ...w }) => w),
  };
}

export interface WaitOptions {
  /** give up after this long, ms */
  readonly timeoutMs: number;
  /** first poll delay, ms (doubles up to 2 s) */
  readonly pollMs: number;
}

export class WorkloadError extends Error {
  constructor(
    readonly nodeId: number,
    readonly contractId: number,
    readonly failures: { name: string; type: string; message: string }[],
  ) {
    super(
      `node ${nodeId}, contract ${contractId}: ${failures.map((f) => `${f.type} '${f.name}': ${f.message}`).join('; ')}`,
    );
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the node until every workload of `version` is ok; throws WorkloadError or a timeout error. */
export async function waitForWorkloads(
  backend: GridBackend,
  nodeId: number,
  contractId: number,
  version: number,
  opts: WaitOptions,
): Promise<Deployment> {
  const deadline = Date.now() + opts.timeoutMs;
  let delay = opts.pollMs;
  let last = 'no answer yet';
  for (;;) {
    try {
      const d = await backend.getDeployment(nodeId, contractId);
      if (d && d.version === version) {
        const live = d.workloads.filter((w) => w.result?.state !== 'deleted');
        const failed = live.filter((w) => w.result?.state === 'error');
        if (failed.length > 0) {
          throw new WorkloadError(
            nodeId,
            contractId,
            failed.map((w) => ({ name: w.name, type: w.type, message: w.result?.message ?? '' })),
          );
        }
        if (live.every((w) => w.result?.state === 'ok')) return d;
        last = live
          .filter((w) => w.result?.state !== 'ok')
          .map((w) => `${w.name}: ${w.result?.state ?? 'unknown'}`)
          .join(', ');
      } else {
        last = d
          ? `node has version ${d.version}, waiting for ${version}`
          : 'node does not have the deployment yet';
      }
    } catch (e) {
      if (e instanceof WorkloadError) throw e;
      // the relay says the node has no live connection: it cannot report, so waiting longer is pointless
      if (e instanceof NodeUnreachableError && e.offline)
        throw new Error(
          `node ${nodeId}, contract ${contractId}: the node went offline while its workloads were starting (${e.message}): stopped waiting`,
        );
      last = (e as Error).message;
    }
    if (Date.now() + delay > deadline) {
      throw new Error(
        `node ${nodeId}, contract ${contractId}: workloads not ready after ${Math.round(opts.timeoutMs / 1000)} s (${last}): raise --timeout or check the node`,
      );
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 2000);
  }
}
