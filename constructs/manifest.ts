/**
 * The manifest `app.synth()` produces: what the engine plans and applies. Plain JSON, deterministic.
 *
 * Placeholders: workload data holds values that synth cannot know as strings of these forms, which
 * the engine replaces before it computes a deployment's hash:
 * - `${ref:<unitId>/<workloadName>/<field>}`: a result field of a workload in another unit, known
 *   only after that unit is deployed (every one is also listed in `references`, and the referring
 *   unit `dependsOn` the other). Fields are zos result keys (`Namespace`, `Port`, `ip`, `planetary_ip`,
 *   `mycelium_ip`, `fqdn`, ...) plus `address` for a zdb: its first IP with its port (`[ipv6]:port`
 *   or `ipv4:port`), the form zstor expects. A reference inside the same unit means the engine first
 *   deploys the unit without the referring workload, then updates it.
 * - `${secret:<name>}`: a secret (zdb password, qsfs key, wireguard private key, k3s token). The
 *   manifest lists secrets by name and kind in `secrets`; values travel apart (see `SynthResult`),
 *   so the manifest written to disk or printed never holds one.
 * - `${wgpub:<name>}`: the wireguard public key of the private key in secret `<name>`.
 * - `${endpoint:<unitId>/<networkName>}`: `ip:port` where that unit's node listens for the network's
 *   wireguard peers (the node's public address, known once nodes are chosen, before deploy).
 *
 * Only constructs make placeholders; any other `$` in workload data is written `$$` and reaches
 * the node as one `$`, so text from the program is taken literally (see placeholders.ts).
 *
 * Secrets: a secret the program gives (a password, a token) has source 'given' and its value is in
 * `SynthResult.secrets`. A secret the tool makes (wireguard keys, zstor keys, zdb passwords of a
 * ZstorCluster) has source 'generate' and no value: the engine derives it from the deploying account's secret and
 * the project (engine/secrets.ts), so no state is kept and re-applies give the same hash. When the
 * App has a `secretSeed`, such secrets are instead derived from it (source 'derived', value present),
 * which keeps deployments reproducible across machines.
 */
import type { Capacity, WorkloadType } from '../model/zos/types';
import { placeholderToken } from './placeholders';
import type { Cost } from '../model/pricing/pricing';

export const MANIFEST_API_VERSION = 'tfgrid-iac/v1';

import type { GridNetworkName } from '../model/config/networks';
export type { GridNetworkName };

/** Node filters as the grid proxy understands them (sizes in GiB here; the engine converts). */
export interface NodeFilters {
  farmIds?: number[];
  farmName?: string;
  country?: string;
  minCru?: number;
  minMruGb?: number;
  minSruGb?: number;
  minHruGb?: number;
  publicIpv4?: boolean;
  domain?: boolean;
  certified?: boolean;
  dedicated?: boolean;
  hasGpu?: boolean;
}

/** Where a deployment unit goes: a fixed node, or a node the scheduler picks with these rules. */
export interface SlotSpec {
  /** path of the NodeSelector construct */
  selector: string;
  /** slot index within that selector (slots of one selector are distinct nodes) */
  index: number;
  nodeId?: number;
  filters?: NodeFilters;
  /** units that must be on other nodes */
  distinctNodeFrom: string[];
  /** units that must be on nodes of other farms */
  distinctFarmFrom: string[];
}

/** A zos workload as synthesised: version 0, no result; data may hold placeholders. */
export interface ManifestWorkload {
  version: number;
  name: string;
  type: WorkloadType;
  data: Record<string, unknown>;
  metadata: string;
  description: string;
}

export interface DeploymentUnit {
  kind: 'deployment';
  id: string;
  selector: SlotSpec;
  /** paths of the constructs that put workloads here */
  constructs: string[];
  workloads: ManifestWorkload[];
  /** public IPv4 addresses the node contract reserves */
  publicIps: number;
  capacity: Capacity;
  cost: Cost;
  dependsOn: string[];
}

export interface NameContractUnit {
  kind: 'name-contract';
  id: string;
  name: string;
  constructs: string[];
  cost: Cost;
  dependsOn: string[];
}

/** A chain call as data: `pallet.call(args...)`, e.g. {pallet: 'tfgridModule', call: 'setFarmCertification', args: [1, 'Gold']}. */
export interface ChainCall {
  pallet: string;
  call: string;
  args: unknown[];
}

export interface DaoProposalUnit {
  kind: 'dao-proposal';
  id: string;
  constructs: string[];
  action: ChainCall;
  description: string;
  link: string;
  threshold: number;
  durationBlocks?: number;
  dependsOn: string[];
}

export interface DaoVoteUnit {
  kind: 'dao-vote';
  id: string;
  constructs: string[];
  farmId: number;
  /** the proposal: a unit of this manifest, or the hash of an existing proposal */
  proposal: { unit: string } | { hash: string };
  approve: boolean;
  dependsOn: string[];
}

export type ManifestUnit = DeploymentUnit | NameContractUnit | DaoProposalUnit | DaoVoteUnit;

export interface Reference {
  /** where the placeholder sits: `path` is dotted inside the workload, e.g. `data.config.groups.0.backends.2.address` */
  from: { unit: string; workload: string; path: string };
  to: { unit: string; workload: string; field: string };
}

export type SecretKind = 'password' | 'token' | 'wireguard-private-key' | 'aes-256-key' | 'mycelium-key';
export type SecretSource = 'given' | 'generate' | 'derived';

export interface SecretDeclaration {
  name: string;
  kind: SecretKind;
  source: SecretSource;
}

export interface Manifest {
  apiVersion: typeof MANIFEST_API_VERSION;
  project: string;
  network: GridNetworkName;
  twinId?: number;
  units: ManifestUnit[];
  references: Reference[];
  secrets: SecretDeclaration[];
  /** the sum of all unit costs */
  cost: Cost;
}

/** What `app.synth()` returns: the manifest (safe to print) and the secret values, kept apart. */
export interface SynthResult {
  manifest: Manifest;
  /** values of 'given' and 'derived' secrets, by name; never write this next to the manifest */
  secrets: Record<string, string>;
}

/** The manifest as the bytes the CLI writes: 2-space JSON and a final newline. */
export function manifestToJson(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export const refPlaceholder = (unit: string, workload: string, field: string): string =>
  placeholderToken('ref', `${unit}/${workload}/${field}`);
export const secretPlaceholder = (name: string): string => placeholderToken('secret', name);
export const wgPublicKeyPlaceholder = (secretName: string): string => placeholderToken('wgpub', secretName);
export const endpointPlaceholder = (unit: string, network: string): string =>
  placeholderToken('endpoint', `${unit}/${network}`);
