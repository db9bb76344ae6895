/**
 * The baseline the bench compares against: "one contract per block", i.e. every contract change
 * (create, update, cancel) sent as its own extrinsic, each waiting for its block before the next.
 *
 * `estimateOneContractPerBlock` computes it from what the engine's run counted (pure): the baseline
 * does everything the run did (same off-chain work, same chain waits) plus one whole block interval
 * for every extrinsic it needs beyond the run's. `runOneContractPerBlock` sends such extrinsics for
 * real (chain only, no deployments) to check that per-contract cost on the same chain.
 */
import { randomBytes } from 'crypto';
import type { ApiPromise } from '@polkadot/api';
import type { GridBackend } from '../engine/backend';
import { encodeDeploymentData } from '../engine/tags';
import { submitStats as chainStats } from '../clients/chain/submit';
import { bestBlockNumber, blocksSignedBy } from './chain-blocks';

/** What one measured step did. */
export interface StepCounts {
  /** wall time of the step, ms */
  readonly wallMs: number;
  /** extrinsics the step sent */
  readonly extrinsics: number;
  /** contracts created, updated and cancelled by the step */
  readonly contractChanges: number;
}

export interface BaselineEstimate {
  /** one block per contract change */
  readonly blocks: number;
  /** estimated wall time of the baseline, ms */
  readonly wallMs: number;
  /** baseline wall time / measured wall time */
  readonly speedup: number;
}

/**
 * One block per contract change. The run's own chain waits stay (its first extrinsic met the
 * block timer at some phase; the baseline's first would too); each further extrinsic is sent just
 * after the previous one's block, so it waits a whole interval.
 */
export function estimateOneContractPerBlock(step: StepCounts, blockTimeMs: number): BaselineEstimate {
  const blocks = step.contractChanges;
  const extra = Math.max(0, blocks - step.extrinsics);
  const wallMs = step.wallMs + extra * blockTimeMs;
  return { blocks, wallMs, speedup: step.wallMs > 0 ? wallMs / step.wallMs : 1 };
}

/** A real run of the baseline's chain part. */
export interface BaselineRun {
  readonly contracts: number;
  /** creating them one extrinsic each, ms */
  readonly createMs: number;
  /** cancelling them one extrinsic each, ms */
  readonly cancelMs: number;
  readonly extrinsics: number;
  /** blocks holding our extrinsics */
  readonly blocks: number;
}

/**
 * Creates one node contract per node id given (placeholder hashes, no deployment sent) one
 * extrinsic each, then cancels them one extrinsic each, through the engine's own backend.
 * Whatever was created is cancelled even when a call fails.
 */
export async function runOneContractPerBlock(
  backend: GridBackend,
  api: ApiPromise,
  address: string,
  nodeIds: readonly number[],
  project: string,
): Promise<BaselineRun> {
  const ids: number[] = [];
  const extrinsicsBefore = chainStats.of(address);
  const blockBefore = await bestBlockNumber(api);
  const t0 = Date.now();
  let createMs = 0;
  let cancelMs = 0;
  let cancelFailure: unknown;
  try {
    for (const [i, nodeId] of nodeIds.entries()) {
      const deploymentData = encodeDeploymentData({ project, unit: `baseline.${i}`, kind: 'deployment' });
      const [id] = await backend.createContracts([
        {
          type: 'node',
          nodeId,
          deploymentHash: randomBytes(16).toString('hex'),
          deploymentData,
          publicIps: 0,
        },
      ]);
      ids.push(id);
    }
    createMs = Date.now() - t0;
  } finally {
    const t1 = Date.now();
    for (const id of ids) await backend.cancelContracts([id]).catch((e: unknown) => (cancelFailure ??= e));
    cancelMs = Date.now() - t1;
  }
  if (cancelFailure) throw cancelFailure;
  const blocks = await blocksSignedBy(api, address, blockBefore, await bestBlockNumber(api));
  return {
    contracts: ids.length,
    createMs,
    cancelMs,
    extrinsics: chainStats.of(address) - extrinsicsBefore,
    blocks,
  };
}
