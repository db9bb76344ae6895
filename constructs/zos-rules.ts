/**
 * The zos model's rules applied to a synthesized manifest: every deployment unit, with its
 * placeholders replaced by sample values of the right form, goes through `validateDeployment`, the
 * same check the engine relies on before sending a deployment. Constructs check their props first
 * with friendly messages; this catches whatever they let through, so the two rule sets cannot drift.
 */
import { resolveUnit, type ResolveContext } from './resolve';
import { draftDeployment, validateDeployment } from '../model/zos/deployment';
import type { Problem } from '../model/zos/workload-type';
import { pathOf, showValue } from './errors';
import type { DeploymentUnit, SecretDeclaration, SecretKind } from './manifest';
import { deriveSecret, type WorkloadOwner } from './synth';
import { WireguardPublicKeys } from '../model/zos/wireguard-key';

/** A zos problem of one workload of a unit: `path` is relative to the workload, e.g. `data.size`. */
export interface WorkloadProblem {
  readonly unit: string;
  /** the workload's name, or undefined for a problem of the whole deployment */
  readonly workload?: string;
  /** e.g. `data.compute_capacity.memory` */
  readonly field: string;
  readonly problem: Problem;
}

const SAMPLE_RESULT: Readonly<Record<string, unknown>> = {
  IPs: ['2001:db8::1'],
  Port: 9900,
  Namespace: 'sample',
  ip: '192.0.2.1',
  planetary_ip: '300:1::1',
  mycelium_ip: '400:1::1',
  fqdn: 'sample.example.com',
};

/** A wireguard public key of the right form (deriving real ones is slow: a mesh names n·(n-1) keys). */
const SAMPLE_WG_PUBLIC_KEY = Buffer.alloc(32, 7).toString('base64');

/** Serves the sample key for every private key. */
class SampleWireguardKeys extends WireguardPublicKeys {
  override publicOf(): string {
    return SAMPLE_WG_PUBLIC_KEY;
  }
}

/** Sample values for every placeholder: secrets in the form of their kind, results of a live unit. */
function sampleContext(secrets: readonly SecretDeclaration[]): ResolveContext {
  const kinds = new Map<string, SecretKind>(secrets.map((s) => [s.name, s.kind]));
  const known = new Map<string, string>();
  const sample = (name: string): string => {
    let v = known.get(name);
    if (v === undefined) {
      v = deriveSecret('sample', name, kinds.get(name) ?? 'password');
      known.set(name, v);
    }
    return v;
  };
  const secretValues = new Proxy({} as Record<string, string>, {
    get: (_t, name) => (typeof name === 'string' ? sample(name) : undefined),
  });
  const workloads = { get: () => SAMPLE_RESULT } as unknown as ReadonlyMap<string, unknown>;
  return {
    secrets: secretValues,
    results: { get: () => workloads } as unknown as ResolveContext['results'],
    endpoint: () => '192.0.2.1:2000',
    wireguardKeys: new SampleWireguardKeys(),
  };
}

const WORKLOAD_PATH = /^workloads\[([^\]]*)\](?:\.(.*))?$/;

/** Every problem zos would find in the units' deployments, per workload. */
export function zosUnitProblems(
  units: readonly DeploymentUnit[],
  secrets: readonly SecretDeclaration[],
): WorkloadProblem[] {
  const ctx = sampleContext(secrets);
  const out: WorkloadProblem[] = [];
  for (const unit of units) {
    const deployment = draftDeployment(1, resolveUnit(unit, ctx));
    for (const problem of validateDeployment(deployment, { contractPublicIps: unit.publicIps })) {
      const m = WORKLOAD_PATH.exec(problem.path);
      const byIndex = m && /^\d+$/.test(m[1]) ? deployment.workloads[Number(m[1])]?.name : undefined;
      out.push(
        m
          ? { unit: unit.id, workload: byIndex ?? m[1], field: m[2] ?? '', problem }
          : { unit: unit.id, field: problem.path, problem },
      );
    }
  }
  return out;
}

/** The data field a zos problem is about, as the prop the user wrote when the construct says so. */
function propOf(field: string, fields: Readonly<Record<string, string>>): string | undefined {
  const rest = field.replace(/^data\./, '');
  const keys = Object.keys(fields).filter(
    (k) => rest === k || rest.startsWith(`${k}.`) || rest.startsWith(`${k}[`),
  );
  keys.sort((a, b) => b.length - a.length);
  return keys.length > 0 ? fields[keys[0]] : undefined;
}

/**
 * zos problems as construct messages: `<path>: '<prop>' is refused by zos (<type> '<name>'
 * <field>): <message>, got <value>: <fix>`. `ownerOf` names the construct behind a workload.
 */
export function zosProblemMessages(
  units: readonly DeploymentUnit[],
  secrets: readonly SecretDeclaration[],
  ownerOf: (unit: string, workload: string) => WorkloadOwner | undefined,
): string[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  return zosUnitProblems(units, secrets).map(({ unit, workload, field, problem }) => {
    const u = byId.get(unit)!;
    const owner = workload !== undefined ? ownerOf(unit, workload) : undefined;
    const path = owner ? pathOf(owner.by) : (u.constructs[0] ?? unit);
    const type = u.workloads.find((w) => w.name === workload)?.type ?? 'deployment';
    const prop = owner ? propOf(field, owner.fields) : undefined;
    const where = workload !== undefined ? `${type} '${workload}' ${field}` : `unit '${unit}'`;
    const got = 'value' in problem ? `, got ${showValue(problem.value)}` : '';
    return `${path}: '${prop ?? field}' is refused by zos (${where}): ${problem.message}${got}: ${problem.fix}`;
  });
}
