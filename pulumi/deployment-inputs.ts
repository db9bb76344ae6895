/**
 * A deployment unit as Pulumi resource inputs, and the pure half of its provider: input shape,
 * secret values, placeholder resolution and `check` (our validation; `diff` is deployment-diff.ts).
 * No I/O: the provider host loads this module for Check and Diff without touching the grid.
 */
import { placeholdersIn } from '../constructs/placeholders';
import type {
  DeploymentUnit,
  ManifestWorkload,
  SecretDeclaration,
  SlotSpec,
} from '../constructs/manifest';
import { deriveSecret } from '../constructs/synth';
import type { Cost } from '../model/pricing/pricing';
import { validateDeployment } from '../model/zos/deployment';
import type { Capacity, Deployment, Workload } from '../model/zos/types';
import { routeNetworkPeers } from '../engine/network-routes';
import { resolvePartial, resolveUnit, UnresolvedError, type ResolveContext } from '../constructs/resolve';
import { projectSecretSeed } from '../engine/secrets';

/** Inputs of a `tfgrid:Deployment` resource: one manifest unit, flattened, and what it needs. */
export interface DeploymentInputs {
  /** the App's project name, tagged on the contract */
  readonly project: string;
  /** the manifest unit id, e.g. `compute.0` */
  readonly unitId: string;
  /** where the unit goes (a fixed node, or the scheduler's rules) */
  readonly selector: SlotSpec;
  /** paths of the constructs that put workloads in this unit */
  readonly constructs: readonly string[];
  /** the unit's workloads as synthesised (placeholders intact) */
  readonly workloads: readonly ManifestWorkload[];
  /** public IPv4 addresses the contract reserves (fixed when it is created) */
  readonly publicIps: number;
  /** capacity the unit reserves */
  readonly capacity: Capacity;
  /** estimated monthly cost */
  readonly cost: Cost;
  /** the node; @default the selector's node, else chosen when the resource is created (then kept) */
  readonly nodeId?: number;
  /** values of the `given`/`derived` secrets the workloads use, by name (pass as a Pulumi secret) */
  readonly secrets?: Readonly<Record<string, string>>;
  /** `generate` secrets the workloads use: derived in the provider from the account and the project */
  readonly secretDeclarations?: readonly SecretDeclaration[];
  /** results of workloads in other units the workloads refer to: unit -> workload -> result data */
  readonly refs?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** `ip:port` (or '' for a node without public address) by `unit/network`, for `${endpoint:...}` */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** why the placement moves the unit off its node (set only when it does; shown in the preview) */
  readonly moveReason?: string;
}

/** Outputs: the inputs, plus what the grid has. */
export interface DeploymentOutputs extends DeploymentInputs {
  readonly nodeId: number;
  readonly contractId: number;
  /** deployment version on the node */
  readonly version: number;
  /** workload name -> result data as the node reports it */
  readonly results: Record<string, unknown>;
  /** workload name -> result state (`ok`, `error`, `deleted`...) */
  readonly states: Record<string, string>;
  /**
   * the workloads as the node has them (results left out; a Pulumi secret: their data holds
   * passwords and keys); null when the node lost the deployment. Diff compares against these.
   */
  readonly deployed?: Workload[] | null;
}

/** A Pulumi check failure. */
export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

/** The string Pulumi sends for a value not known yet (a preview with outputs of resources to create). */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** True if the value is unknown as a whole. */
const isUnknown = (v: unknown): boolean => v === UNKNOWN;

/** True if the value holds an unknown anywhere. */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v && typeof v === 'object') return Object.values(v).some(containsUnknown);
  return false;
}

/** The resource inputs of a manifest unit (without secrets, refs and endpoints). */
export function inputsOfUnit(project: string, unit: DeploymentUnit): DeploymentInputs {
  return {
    project,
    unitId: unit.id,
    selector: unit.selector,
    constructs: unit.constructs,
    workloads: unit.workloads,
    publicIps: unit.publicIps,
    capacity: unit.capacity,
    cost: unit.cost,
    ...(unit.selector.nodeId !== undefined ? { nodeId: unit.selector.nodeId } : {}),
  };
}

/** The manifest unit back from the inputs. */
export function unitOfInputs(i: DeploymentInputs): DeploymentUnit {
  return {
    kind: 'deployment',
    id: i.unitId,
    selector: i.selector,
    constructs: [...i.constructs],
    workloads: i.workloads.map((w) => ({ ...w })),
    publicIps: i.publicIps,
    capacity: i.capacity,
    cost: i.cost,
    dependsOn: [],
  };
}

/** Names of the secrets a unit's workloads use (`${secret:..}` and `${wgpub:..}`). */
export function secretNamesOf(unit: Pick<DeploymentUnit, 'workloads'>): string[] {
  const names = new Set<string>();
  for (const p of placeholdersIn(unit.workloads.map((w) => w.data)))
    if (p.kind === 'secret' || p.kind === 'wgpub') names.add(p.arg);
  return [...names].sort();
}

/**
 * Every secret value the unit needs: the given ones and the generated ones, derived from the
 * account secret and the project as the engine does (same account, same values, same hash).
 */
export function secretValuesOf(i: DeploymentInputs, accountSecret: string): Record<string, string> {
  const out: Record<string, string> = { ...(i.secrets ?? {}) };
  const seed = projectSecretSeed(accountSecret, i.project);
  for (const s of i.secretDeclarations ?? []) {
    if (s.source === 'generate') out[s.name] = deriveSecret(seed, s.name, s.kind);
  }
  return out;
}

/** The resolve context of a unit's inputs; `own` adds results of the unit's own workloads. */
export function contextOf(
  i: DeploymentInputs,
  secrets: Record<string, string>,
  own?: Record<string, unknown>,
): ResolveContext {
  const results = new Map<string, Map<string, unknown>>();
  for (const [unit, workloads] of Object.entries(i.refs ?? {}))
    results.set(unit, new Map(Object.entries(workloads)));
  if (own) results.set(i.unitId, new Map(Object.entries(own)));
  return {
    secrets,
    results,
    endpoint: (unit, network) => i.endpoints?.[`${unit}/${network}`],
  };
}

/**
 * The workloads to send, and whether some wait for results of the unit itself (a qsfs on the node
 * of its own zdbs: those are deployed first, the rest by an update). Throws naming what is missing.
 */
export function resolveInputs(
  i: DeploymentInputs,
  secrets: Record<string, string>,
  own?: Record<string, unknown>,
): { workloads: Omit<Workload, 'version'>[]; deferred: string[] } {
  // a unit whose node cannot be dialled is routed through the network's access node
  const endpoints = Object.entries(i.endpoints ?? {});
  const isPublic = (unit: string) => endpoints.some(([k, v]) => k.startsWith(`${unit}/`) && v !== '');
  const unit = i.endpoints ? routeNetworkPeers(unitOfInputs(i), isPublic) : unitOfInputs(i);
  const ctx = contextOf(i, secrets, own);
  try {
    return { workloads: resolveUnit(unit, ctx), deferred: [] };
  } catch (e) {
    if (!(e instanceof UnresolvedError)) throw e;
    const foreign = e.placeholders.filter((p) => !p.startsWith(`\${ref:${i.unitId}/`));
    if (foreign.length > 0) throw new Error(`unit '${i.unitId}': ${missingAdvice(foreign)}`);
    return resolvePartial(unit, ctx);
  }
}

function missingAdvice(placeholders: string[]): string {
  const hint = (p: string): string => {
    if (p.startsWith('${secret:') || p.startsWith('${wgpub:'))
      return `${p} (put its value in 'secrets', or its declaration in 'secretDeclarations')`;
    if (p.startsWith('${endpoint:')) return `${p} (put 'ip:port' under 'endpoints')`;
    return `${p} (pass the referenced unit's results under 'refs')`;
  };
  return `cannot resolve ${placeholders.map(hint).join(', ')}`;
}

/** A deployment around `workloads` for validation (twin and signatures do not matter here). */
export function draftDeployment(workloads: readonly Omit<Workload, 'version'>[], version = 0): Deployment {
  return {
    version,
    twin_id: 1,
    contract_id: 0,
    metadata: '',
    description: '',
    expiration: 0,
    signature_requirement: {
      requests: [{ twin_id: 1, required: false, weight: 1 }],
      weight_required: 1,
      signatures: [],
      signature_style: '',
    },
    workloads: workloads.map((w) => ({ ...w, version: 0 })),
  };
}

/** What zos would refuse in these workloads, as Pulumi check failures on `workloads`. */
export function zosFailures(
  workloads: readonly Omit<Workload, 'version'>[],
  publicIps: number,
): CheckFailure[] {
  return validateDeployment(draftDeployment(workloads), { contractPublicIps: publicIps }).map((p) => ({
    property: 'workloads',
    reason: `${p.path}: ${p.message}; ${p.fix}`,
  }));
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * Shape problems of the inputs, by property. Inputs computed from other resources (`nodeId`,
 * `secrets`, `refs`, `endpoints`, `moveReason`) may be unknown in a preview: they are accepted.
 */
export function shapeFailures(i: Partial<DeploymentInputs>): CheckFailure[] {
  const f: CheckFailure[] = [];
  const fail = (property: string, reason: string) => f.push({ property, reason });
  if (typeof i.project !== 'string' || !/^[a-z0-9][a-z0-9-]{0,31}$/.test(i.project))
    fail('project', `must be 1 to 32 of [a-z0-9-] (the App's projectName), got ${JSON.stringify(i.project)}`);
  if (typeof i.unitId !== 'string' || i.unitId === '')
    fail('unitId', 'must be the manifest unit id, e.g. "compute.0"');
  if (!isObj(i.selector) || typeof i.selector.selector !== 'string')
    fail('selector', "must be the unit's selector object from the manifest");
  if (!Array.isArray(i.workloads) || i.workloads.length === 0)
    fail('workloads', 'must be a non-empty list of workloads (the manifest unit has them)');
  else
    i.workloads.forEach((w, k) => {
      if (!isObj(w) || typeof w.name !== 'string' || typeof w.type !== 'string' || !isObj(w.data))
        fail('workloads', `workload ${k} must be {name, type, data, ...}`);
    });
  if (!isCount(i.publicIps))
    fail('publicIps', `must be a whole number >= 0, got ${JSON.stringify(i.publicIps)}`);
  if (
    i.nodeId !== undefined &&
    !isUnknown(i.nodeId) &&
    (!Number.isInteger(i.nodeId) || (i.nodeId as number) <= 0)
  )
    fail('nodeId', `must be a node id (a positive whole number), got ${JSON.stringify(i.nodeId)}`);
  if (
    i.secrets !== undefined &&
    !isUnknown(i.secrets) &&
    (!isObj(i.secrets) || Object.values(i.secrets).some((v) => typeof v !== 'string' && !isUnknown(v)))
  )
    fail('secrets', 'must map secret names to string values');
  for (const key of ['refs', 'endpoints'] as const)
    if (i[key] !== undefined && !isUnknown(i[key]) && !isObj(i[key])) fail(key, 'must be an object');
  if (i.moveReason !== undefined && !isUnknown(i.moveReason) && typeof i.moveReason !== 'string')
    fail('moveReason', 'must be a string (the placement sets it)');
  return f;
}

/** A fixed stand-in for the account secret: check and diff only compare, they never deploy. */
export const COMPARE_SECRET = 'tfgrid-iac/pulumi/compare-only';

/** Pulumi `check`: input shape, then zos validation of the resolved workloads (skipped while inputs are unknown). */
export function checkDeployment(news: Partial<DeploymentInputs>): CheckFailure[] {
  const shape = shapeFailures(news);
  // zos's rules need well-formed workloads; a bad project name does not stop them
  const blocking = ['unitId', 'selector', 'workloads', 'publicIps', 'secrets', 'refs', 'endpoints'];
  if (shape.some((f) => blocking.includes(f.property)) || containsUnknown(news)) return shape;
  const i = { ...news, project: String(news.project) } as DeploymentInputs;
  try {
    const { workloads } = resolveInputs(i, secretValuesOf(i, COMPARE_SECRET));
    return [...shape, ...zosFailures(workloads, i.publicIps)];
  } catch (e) {
    return [...shape, { property: 'refs', reason: (e as Error).message }];
  }
}
