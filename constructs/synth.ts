/**
 * The synthesis context: constructs that produce something implement `ISynthesizable` and add their
 * workloads and units here; the context groups workloads per node slot, tracks secrets and
 * references, and finishes units with capacity and cost. Adding a resource kind needs no change here.
 */
import { createHmac } from 'crypto';
import type { IConstruct } from 'constructs';
import { nodeContractCost, type CostOptions } from '../model/pricing/pricing';
import { WORKLOAD_ORDER } from '../model/zos/workload-types';
import { zeroCapacity, type Capacity, type WorkloadType } from '../model/zos/types';
import { pathOf } from './errors';
import { manifestValue, placeholdersIn } from './placeholders';
import {
  secretPlaceholder,
  type DeploymentUnit,
  type ManifestUnit,
  type ManifestWorkload,
  type Reference,
  type SecretDeclaration,
  type SecretKind,
} from './manifest';
import type { NodeSlot } from './node-selector';

/** A construct that contributes to the manifest. */
export interface ISynthesizable {
  synthesize(ctx: SynthContext): void;
}

export function isSynthesizable(x: unknown): x is ISynthesizable {
  return typeof (x as ISynthesizable).synthesize === 'function';
}

export interface WorkloadSpec {
  name: string;
  type: WorkloadType;
  data: Record<string, unknown>;
  description?: string;
  /**
   * Which prop each data field comes from, e.g. `{size: 'rootfsGb'}`, so that a zos problem of a
   * field names the prop the user wrote. @default - zos field names
   */
  fields?: Readonly<Record<string, string>>;
}

/** The construct that added a workload, and where its data fields come from. */
export interface WorkloadOwner {
  readonly by: IConstruct;
  readonly fields: Readonly<Record<string, string>>;
}

/** The workloads of one node slot being collected. */
export class UnitBuilder {
  readonly constructs = new Set<string>();
  readonly workloads: ManifestWorkload[] = [];
  readonly capacity: Capacity = zeroCapacity();
  readonly dependsOn = new Set<string>();
  readonly slots: NodeSlot[] = [];
  /** workload name -> the construct that added it */
  readonly owners = new Map<string, WorkloadOwner>();
  publicIps = 0;

  constructor(
    readonly id: string,
    private readonly ctx: SynthContext,
  ) {}

  has(workloadName: string): boolean {
    return this.owners.has(workloadName);
  }

  /** Adds a workload on behalf of a construct, with the capacity zos charges for it. */
  add(by: IConstruct, spec: WorkloadSpec, capacity: Partial<Capacity> = {}): void {
    if (this.has(spec.name)) {
      const other = this.owners.get(spec.name)?.by;
      this.ctx.problem(
        `${pathOf(by)}: workload name '${spec.name}' is already used by ${other ? pathOf(other) : 'another construct'} in deployment unit '${this.id}': give the construct another id or name`,
      );
      return;
    }
    this.constructs.add(by.node.path);
    this.owners.set(spec.name, { by, fields: spec.fields ?? {} });
    this.workloads.push({
      version: 0,
      name: spec.name,
      type: spec.type,
      // construct-made placeholders resolve; any other `$` of the program's text stays literal
      data: manifestValue(spec.data),
      metadata: '',
      description: spec.description ?? '',
    });
    for (const k of Object.keys(capacity) as (keyof Capacity)[]) this.capacity[k] += capacity[k] ?? 0;
  }
}

const TYPE_ORDER = WORKLOAD_ORDER;

export class SynthContext {
  readonly problems: string[] = [];
  private readonly deployments = new Map<string, UnitBuilder>();
  private readonly others: ManifestUnit[] = [];
  private readonly otherIds = new Set<string>();
  private readonly secretDecls = new Map<string, SecretDeclaration>();
  private readonly secretValues: Record<string, string> = {};

  constructor(
    /** the App's project name */
    readonly project: string,
    private readonly secretSeed?: string,
  ) {}

  problem(message: string): void {
    this.problems.push(message);
  }

  /** The unit of a slot, created on first use. Slots of one fixed node share a unit. */
  unit(slot: NodeSlot): UnitBuilder {
    let u = this.deployments.get(slot.unitId);
    if (!u) {
      u = new UnitBuilder(slot.unitId, this);
      this.deployments.set(slot.unitId, u);
    }
    if (!u.slots.includes(slot)) u.slots.push(slot);
    return u;
  }

  /** The construct that added a workload of a deployment unit, if any. */
  ownerOf(unitId: string, workloadName: string): WorkloadOwner | undefined {
    return this.deployments.get(unitId)?.owners.get(workloadName);
  }

  /** Adds a non-deployment unit (name contract, DAO item). */
  addUnit(unit: ManifestUnit): void {
    if (this.otherIds.has(unit.id)) {
      this.problem(`${unit.constructs.join(', ')}: ${unit.kind} '${unit.id}' is declared twice: keep one`);
      return;
    }
    this.others.push(unit);
    this.otherIds.add(unit.id);
  }

  /**
   * Declares a secret and returns its placeholder. With a value it is 'given'; without, it is
   * derived from the App's secretSeed when there is one, else left for the engine to generate.
   */
  secret(name: string, kind: SecretKind, value?: string): string {
    if (!this.secretDecls.has(name)) {
      if (value !== undefined) {
        this.secretDecls.set(name, { name, kind, source: 'given' });
        this.secretValues[name] = value;
      } else if (this.secretSeed !== undefined) {
        this.secretDecls.set(name, { name, kind, source: 'derived' });
        this.secretValues[name] = deriveSecret(this.secretSeed, name, kind);
      } else {
        this.secretDecls.set(name, { name, kind, source: 'generate' });
      }
    }
    return secretPlaceholder(name);
  }

  /** The finished units (sorted), references, secret declarations and values. */
  finish(costOptions: CostOptions): {
    units: ManifestUnit[];
    references: Reference[];
    secrets: SecretDeclaration[];
    secretValues: Record<string, string>;
  } {
    const references: Reference[] = [];
    const deployments: DeploymentUnit[] = [];
    for (const u of [...this.deployments.values()].sort((a, b) => cmp(a.id, b.id))) {
      const workloads = [...u.workloads].sort(
        (a, b) => TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) || cmp(a.name, b.name),
      );
      for (const w of workloads) {
        collectRefs(w.data, `data`, (path, to) => {
          references.push({ from: { unit: u.id, workload: w.name, path }, to });
          if (to.unit !== u.id) u.dependsOn.add(to.unit);
        });
      }
      const capacity = { ...u.capacity, ipv4u: u.publicIps };
      const spec = u.slots[0].spec();
      // merged slots (one fixed node used by several selectors) keep every distinctness rule
      const merge = (key: 'distinctNodeFrom' | 'distinctFarmFrom'): string[] =>
        [...new Set(u.slots.flatMap((s) => s.spec()[key]))].filter((id) => id !== u.id).sort();
      deployments.push({
        kind: 'deployment',
        id: u.id,
        selector: {
          ...spec,
          distinctNodeFrom: merge('distinctNodeFrom'),
          distinctFarmFrom: merge('distinctFarmFrom'),
        },
        constructs: [...u.constructs].sort(),
        workloads,
        publicIps: u.publicIps,
        capacity,
        cost: nodeContractCost(capacity, costOptions),
        dependsOn: [...u.dependsOn].sort(),
      });
    }
    const units: ManifestUnit[] = [...deployments, ...[...this.others].sort((a, b) => cmp(a.id, b.id))];
    const ids = new Set<string>();
    for (const unit of units) {
      if (ids.has(unit.id))
        this.problem(`unit id '${unit.id}' is used twice: rename one of ${unit.constructs.join(', ')}`);
      ids.add(unit.id);
    }
    for (const r of references) {
      if (!ids.has(r.to.unit)) {
        this.problem(
          `unit '${r.from.unit}' refers to unit '${r.to.unit}', which the program does not declare`,
        );
      }
    }
    const secrets = [...this.secretDecls.values()].sort((a, b) => cmp(a.name, b.name));
    const secretValues: Record<string, string> = {};
    for (const s of secrets)
      if (s.name in this.secretValues) secretValues[s.name] = this.secretValues[s.name];
    return { units, references, secrets, secretValues };
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function collectRefs(value: unknown, path: string, found: (path: string, to: Reference['to']) => void): void {
  for (const p of placeholdersIn(value, path)) {
    if (p.kind !== 'ref') continue;
    const [unit, workload, field] = p.arg.split('/');
    found(p.path, { unit, workload, field });
  }
}

/** A secret derived from the seed and its name (HMAC-SHA256), in the format its kind needs. */
export function deriveSecret(seed: string, name: string, kind: SecretKind): string {
  const bytes = createHmac('sha256', seed).update(`tfgrid-iac:${name}`).digest();
  switch (kind) {
    case 'wireguard-private-key': {
      const k = Buffer.from(bytes);
      k[0] &= 248; // curve25519 clamping
      k[31] = (k[31] & 127) | 64;
      return k.toString('base64');
    }
    case 'aes-256-key':
    case 'mycelium-key':
      return bytes.toString('hex');
    case 'password':
    case 'token':
      return bytes.subarray(0, 16).toString('hex');
  }
}
