/**
 * When a replacement must wait for the old deployment to go (pure). A replacement normally runs
 * beside the old contract until it is ready, then the old one is cancelled; some cannot:
 * - on the same node, an identical deployment: the chain refuses a second contract with the same
 *   hash (`ContractIsNotUnique`);
 * - on the same node, a node that lost the deployment: its contract still holds the hash;
 * - on the same node, a gateway name or fqdn both serve: the node refuses a second route for it.
 * The CLI engine (apply-run.ts) and the Pulumi diff (`deleteBeforeReplace`) both ask this module.
 */
import { deploymentHashHex } from '../model/zos/challenge';
import type { Deployment } from '../model/zos/types';

/** The deployment being replaced. */
export interface ReplacedDeployment {
  readonly nodeId: number;
  /** what the node has (results ignored); null when the node lost the deployment */
  readonly deployment: Deployment | null;
}

/** Its replacement, built as it will be sent (version 0). */
export interface ReplacementDeployment {
  readonly nodeId: number;
  readonly deployment: Deployment;
}

const GATEWAY_TYPES = new Set(['gateway-name-proxy', 'gateway-fqdn-proxy']);

/** Names and fqdns the deployment's live gateway workloads serve. */
export function gatewayHosts(d: Deployment): string[] {
  return d.workloads
    .filter((w) => GATEWAY_TYPES.has(w.type) && w.result?.state !== 'deleted')
    .map((w) => {
      const data = w.data as { name?: unknown; fqdn?: unknown };
      return String(data.name ?? data.fqdn);
    });
}

/**
 * The hash the chain holds for a deployment: that of every workload as signed, results left out.
 * Workloads the node reports deleted still count (a node that dropped them keeps the deployment,
 * and the contract keeps its hash).
 */
function hashOf(d: Deployment): string {
  return deploymentHashHex({ ...d, workloads: d.workloads.map(({ result: _r, ...w }) => w) });
}

/**
 * Why the old contract must be cancelled before its replacement is created, or undefined when
 * both can live side by side (then the replacement goes first and nothing is lost if it fails).
 */
export function cancelFirstReason(old: ReplacedDeployment, next: ReplacementDeployment): string | undefined {
  if (old.nodeId !== next.nodeId) return undefined;
  if (old.deployment === null)
    return `node ${old.nodeId} lost the deployment, and its contract still holds the hash the replacement would use`;
  if (hashOf(old.deployment) === hashOf(next.deployment))
    return `the replacement is identical to the deployment on node ${old.nodeId} (the chain refuses two contracts with one hash)`;
  const served = new Set(gatewayHosts(old.deployment));
  const shared = gatewayHosts(next.deployment).filter((h) => served.has(h));
  if (shared.length > 0)
    return `node ${old.nodeId} serves gateway '${shared.join("', '")}' for the old deployment and refuses a second route for it`;
  return undefined;
}
