/**
 * Whole-deployment rules: workload names, versions, types, references between workloads,
 * public IPs against the contract, and the capacity the deployment reserves.
 */
import { isObject } from './field-checks';
import type { Capacity, Deployment, Workload } from './types';
import { zeroCapacity } from './types';
import type { Problem } from './workload-type';
import { takesPublicIpv4 } from './ip';
import { workloadTypes, workloadTypeSpec } from './workload-types';

/** Workload names zos accepts. */
export const WORKLOAD_NAME_PATTERN = /^[a-zA-Z0-9_]+$/;
/** Longest workload name: cloud-hypervisor's virtio-fs tag limit. */
export const MAX_WORKLOAD_NAME_LENGTH = 36;
/** Names zos keeps for itself. */
export const RESERVED_WORKLOAD_NAMES: readonly string[] = ['ygg'];
/** Signature styles zos knows. */
export const SIGNATURE_STYLES: readonly string[] = ['', 'polka-wallet'];

/** Why a workload name is invalid (zos's words), or undefined when it is fine. */
export function workloadNameError(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'name cannot be empty';
  if (name.length > MAX_WORKLOAD_NAME_LENGTH)
    return `name cannot exceed ${MAX_WORKLOAD_NAME_LENGTH} characters`;
  if (!WORKLOAD_NAME_PATTERN.test(name)) return 'unsupported character in workload name';
  if (RESERVED_WORKLOAD_NAMES.includes(name)) return `invalid name '${name}' is reserved`;
  return undefined;
}

/** The global id of a workload: `<twin>-<contract>-<name>` (a zdb namespace is named by it). */
export function workloadId(twinId: number, contractId: number | bigint, name: string): string {
  const err = workloadNameError(name);
  if (err) throw new Error(`workload id: ${err} (name '${name}')`);
  return `${twinId}-${contractId}-${name}`;
}

/** Path of a workload in problems: by name when it has one, else by index. */
export function workloadPath(w: Workload, index: number): string {
  return typeof w?.name === 'string' && w.name !== '' ? `workloads[${w.name}]` : `workloads[${index}]`;
}

/** Options for deployment validation. */
export interface DeploymentValidationOptions {
  /**
   * Public IPs reserved on the node contract; v4 `ip` workloads may not exceed it.
   * @default not checked
   */
  readonly contractPublicIps?: number;
  /**
   * Network workloads the twin has in other deployments on the same node, which machines and
   * gateways may join by name.
   * @default none
   */
  readonly sharedNetworks?: readonly string[];
}

/** Every problem zos (or provisioning on the node) would find in this deployment. */
export function validateDeployment(d: Deployment, opts: DeploymentValidationOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string, fix: string, value?: unknown): void => {
    problems.push(value === undefined ? { path, message, fix } : { path, message, value, fix });
  };
  const uint = (field: string, v: unknown, max: number) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max)
      add(field, `must be a whole number between 0 and ${max}`, `set ${field} to a whole number`, v);
  };
  uint('version', d.version, 2 ** 32 - 1);
  uint('twin_id', d.twin_id, 2 ** 32 - 1);
  uint('contract_id', d.contract_id, Number.MAX_SAFE_INTEGER);
  uint('expiration', d.expiration ?? 0, Number.MAX_SAFE_INTEGER);
  for (const f of ['metadata', 'description'] as const) {
    if (d[f] !== undefined && d[f] !== null && typeof d[f] !== 'string')
      add(f, 'must be a string', `set ${f} to a string`, d[f]);
  }

  const sr = d.signature_requirement;
  if (!isObject(sr)) {
    add(
      'signature_requirement',
      'signature requirement must be set',
      `set {requests: [{twin_id: ${d.twin_id}, required: false, weight: 1}], weight_required: 1, signatures: [], signature_style: ''}`,
    );
  } else {
    const requests = Array.isArray(sr.requests) ? sr.requests : [];
    if (!requests.some((r) => r?.twin_id === d.twin_id)) {
      add(
        'signature_requirement.requests',
        'originator twin id must be in the signature requests',
        `add {twin_id: ${d.twin_id}, required: false, weight: 1}`,
        d.twin_id,
      );
    }
    requests.forEach((r, i) => {
      uint(`signature_requirement.requests[${i}].twin_id`, r?.twin_id, 2 ** 32 - 1);
      uint(`signature_requirement.requests[${i}].weight`, r?.weight, Number.MAX_SAFE_INTEGER);
    });
    uint('signature_requirement.weight_required', sr.weight_required, Number.MAX_SAFE_INTEGER);
    const total = requests.reduce((s, r) => s + (typeof r?.weight === 'number' ? r.weight : 0), 0);
    if (typeof sr.weight_required === 'number' && total < sr.weight_required) {
      add(
        'signature_requirement.weight_required',
        `weight_required ${sr.weight_required} exceeds the total weight of the requests (${total})`,
        'lower weight_required or add requests',
        sr.weight_required,
      );
    }
    if (!SIGNATURE_STYLES.includes(sr.signature_style ?? '')) {
      add(
        'signature_requirement.signature_style',
        `unknown signature style '${sr.signature_style}'`,
        "use '' (sign the raw md5) or 'polka-wallet'",
        sr.signature_style,
      );
    }
  }

  const workloads = Array.isArray(d.workloads) ? d.workloads : [];
  if (!Array.isArray(d.workloads))
    add('workloads', 'workloads must be a list', 'set workloads to a JSON array');
  const seen = new Set<string>();
  workloads.forEach((w, i) => {
    const path = workloadPath(w, i);
    if (!isObject(w))
      return add(
        path,
        'workload must be an object',
        'write the workload as {version, name, type, data, metadata, description}',
      );
    const nameErr = workloadNameError(w.name);
    if (nameErr)
      add(
        `${path}.name`,
        `name '${String(w.name)}' is invalid: ${nameErr}`,
        `use 1..${MAX_WORKLOAD_NAME_LENGTH} letters, digits or _ (not 'ygg')`,
        w.name,
      );
    else if (seen.has(w.name))
      add(
        `${path}.name`,
        `multiple workloads with the same name '${w.name}'`,
        'give every workload of the deployment its own name',
        w.name,
      );
    else seen.add(w.name);
    if (typeof w.version !== 'number' || !Number.isInteger(w.version) || w.version < 0) {
      add(`${path}.version`, 'must be a whole number', 'set the workload version (0 on create)', w.version);
    } else if (w.version > d.version) {
      add(
        `${path}.version`,
        `workload '${w.name}' version '${w.version}' cannot be higher than deployment version '${d.version}'`,
        `set it to at most ${d.version}`,
        w.version,
      );
    }
    const spec = workloadTypeSpec(w.type);
    if (!spec) {
      return add(
        `${path}.type`,
        `invalid reservation type '${String(w.type)}'`,
        `use one of ${Object.keys(workloadTypes).join(', ')}`,
        w.type,
      );
    }
    if (!isObject(w.data))
      return add(`${path}.data`, 'data must be an object', `set data to the ${w.type} fields`);
    problems.push(
      ...spec.validate(w.data, {
        path: `${path}.data`,
        name: w.name,
        workloads,
        sharedNetworks: opts.sharedNetworks,
      }),
    );
  });

  if (opts.contractPublicIps !== undefined) {
    const v4 = workloads.filter((w) => takesPublicIpv4(w)).length;
    if (v4 > opts.contractPublicIps) {
      add(
        'workloads',
        `${v4} public IPv4 workloads but the contract reserves ${opts.contractPublicIps}`,
        `create or update the node contract with public_ips = ${v4}, or drop v4 from some ip workloads`,
        v4,
      );
    }
  }
  return problems;
}

/** Capacity one workload reserves (zero for unknown types and invalid data shapes). */
export function workloadCapacity(w: Workload): Capacity {
  const spec = workloadTypeSpec(w.type);
  return spec && isObject(w.data) ? spec.capacity(w.data) : zeroCapacity();
}

/** Adds capacities field by field. */
export function addCapacity(a: Capacity, b: Capacity): Capacity {
  return {
    cru: a.cru + b.cru,
    mru: a.mru + b.mru,
    sru: a.sru + b.sru,
    hru: a.hru + b.hru,
    ipv4u: a.ipv4u + b.ipv4u,
  };
}

/** Total capacity the deployment reserves on its node. */
export function deploymentCapacity(d: Deployment): Capacity {
  return (d.workloads ?? []).reduce((sum, w) => addCapacity(sum, workloadCapacity(w)), zeroCapacity());
}

/** Number of public IPv4 addresses the deployment needs on its contract. */
export function publicIpv4Count(d: Deployment): number {
  return deploymentCapacity(d).ipv4u;
}

/** A new deployment (version 0, no contract yet) owned and signed by one twin: the usual form. */
export function draftDeployment(
  twinId: number,
  workloads: readonly Omit<Workload, 'version'>[],
  metadata = '',
): Deployment {
  return {
    version: 0,
    twin_id: twinId,
    contract_id: 0,
    metadata,
    description: '',
    expiration: 0,
    signature_requirement: {
      requests: [{ twin_id: twinId, required: false, weight: 1 }],
      weight_required: 1,
      signatures: [],
      signature_style: '',
    },
    workloads: workloads.map((w) => ({ ...w, version: 0 })),
  };
}
