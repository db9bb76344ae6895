/**
 * What a project has on the grid: its contracts (node contracts found by the tag in their
 * deployment data, name contracts by their ownership record) and what their nodes report.
 * Contracts of other projects and other tools are left alone.
 */
import type { Manifest } from '../constructs/manifest';
import type { Cost } from '../model/pricing/pricing';
import type { Deployment } from '../model/zos/types';
import { NodeUnreachableError, type ChainContract, type GridBackend } from './backend';
import { RequestPool } from './request-pool';
import { classifyNameContracts, readNameRecords } from './ownership';
import { decodeDeploymentData } from './tags';

export interface ObservedDeployment {
  readonly unit: string;
  readonly contractId: number;
  readonly nodeId: number;
  readonly publicIps: number;
  readonly state: ChainContract['state'];
  /** the deployment hash the contract holds (what the node will accept) */
  readonly deploymentHash?: string;
  /** undefined: the node does not answer; null: the node has no such deployment */
  readonly deployment?: Deployment | null;
  readonly error?: string;
}

export interface Observed {
  readonly deployments: ObservedDeployment[];
  /** the project's live name contracts (by their ownership record), by name */
  readonly names: Map<string, number>;
  /** live name contracts of the account held by other projects: name -> owner */
  readonly namesOfOthers: Map<string, string>;
  /** live name contracts of the account without an ownership record: name -> contract id */
  readonly unclaimedNames: Map<string, number>;
}

const ZERO: Cost = { usdPerMonth: 0, tftPerMonth: 0 };
export const zeroCost = (): Cost => ({ ...ZERO });

export async function observe(backend: GridBackend, project: string): Promise<Observed> {
  const [contracts, records] = await Promise.all([backend.listContracts(), readNameRecords(backend)]);
  const ownership = classifyNameContracts(contracts, records, project);
  const ours: { c: ChainContract; unit: string }[] = [];
  for (const c of contracts) {
    if (c.state === 'deleted') continue;
    if (c.type !== 'node' || !c.deploymentData) continue;
    const tag = decodeDeploymentData(c.deploymentData);
    if (tag && tag.project === project) ours.push({ c, unit: tag.unit });
  }
  const deployments = await readDeployments(backend, ours);
  deployments.sort((a, b) => a.unit.localeCompare(b.unit) || a.contractId - b.contractId);
  return {
    deployments,
    names: ownership.ours,
    namesOfOthers: ownership.others,
    unclaimedNames: ownership.unclaimed,
  };
}

/** Nodes asked at once when reading deployments. */
export const NODE_READS_IN_FLIGHT = 16;

/**
 * What the nodes have for these contracts: one `zos.deployment.list` per node, in parallel (bounded);
 * a contract the list leaves out (its deployment inactive or gone), or a node whose list fails other
 * than by being unreachable, is asked for with `zos.deployment.get`, so the result is what reading
 * each contract would give.
 */
async function readDeployments(
  backend: GridBackend,
  ours: readonly { c: ChainContract; unit: string }[],
): Promise<ObservedDeployment[]> {
  const byNode = new Map<number, number[]>();
  for (const { c } of ours) byNode.set(c.nodeId!, [...(byNode.get(c.nodeId!) ?? []), c.contractId]);
  const listed = new Map<number, Map<number, Deployment> | NodeUnreachableError | undefined>();
  const pool = new RequestPool(NODE_READS_IN_FLIGHT);
  await backend.readNodes?.([...byNode.keys()]);
  await pool.map([...byNode.keys()], async (nodeId) => {
    try {
      const all = await backend.listDeployments(nodeId);
      listed.set(nodeId, new Map(all.map((d) => [d.contract_id, d])));
    } catch (e) {
      listed.set(nodeId, e instanceof NodeUnreachableError ? e : undefined);
    }
  });
  return pool.map(ours, async ({ c, unit }): Promise<ObservedDeployment> => {
    const base = {
      unit,
      contractId: c.contractId,
      nodeId: c.nodeId!,
      publicIps: c.publicIps ?? 0,
      state: c.state,
      deploymentHash: c.deploymentHash,
    };
    const list = listed.get(c.nodeId!);
    if (list instanceof NodeUnreachableError) return { ...base, deployment: undefined, error: list.message };
    const found = list?.get(c.contractId);
    if (found) return { ...base, deployment: found };
    try {
      const deployment = await backend.getDeployment(c.nodeId!, c.contractId);
      return { ...base, deployment: deployment ?? null };
    } catch (e) {
      return { ...base, deployment: undefined, error: (e as Error).message };
    }
  });
}

/** Name contracts the manifest asks for. */
export function manifestNames(manifest: Manifest): string[] {
  return manifest.units.flatMap((u) => (u.kind === 'name-contract' ? [u.name] : []));
}
