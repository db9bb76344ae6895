/** Builders shared by this module's tests (not part of the public API). */
import type { Deployment, Workload, WorkloadType } from '../types';
import type { Problem, ValidationContext } from '../workload-type';
import { workloadTypes } from '../workload-types';

/** A workload with empty metadata/description. */
export function wl<D extends object>(name: string, type: WorkloadType, data: D, version = 0): Workload {
  return {
    version,
    name,
    type,
    data: data as unknown as Record<string, unknown>,
    metadata: '',
    description: '',
  };
}

/** A single-owner deployment of twin 7 (contract 100) holding `workloads`. */
export function deployment(workloads: Workload[], over: Partial<Deployment> = {}): Deployment {
  return {
    version: 0,
    twin_id: 7,
    contract_id: 100,
    metadata: '',
    description: '',
    expiration: 0,
    signature_requirement: {
      requests: [{ twin_id: 7, required: false, weight: 1 }],
      weight_required: 1,
      signatures: [],
      signature_style: '',
    },
    workloads,
    ...over,
  };
}

/** Validates one workload of `all` (found by name) with its type's spec. */
export function validateIn(all: Workload[], name: string, sharedNetworks?: string[]): Problem[] {
  const w = all.find((x) => x.name === name);
  if (!w) throw new Error(`test: no workload ${name}`);
  const ctx: ValidationContext = { path: `workloads[${name}].data`, name, workloads: all, sharedNetworks };
  return workloadTypes[w.type].validate(w.data, ctx);
}

/** Just the paths of the problems (for compact assertions). */
export const paths = (ps: Problem[]): string[] => ps.map((p) => p.path);

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;

/** A valid network + machine pair most machine tests start from. */
export function netAndVm(
  vm: Partial<Record<string, unknown>> = {},
  net: Partial<Record<string, unknown>> = {},
): Workload[] {
  return [
    wl('net', 'network', {
      ip_range: '10.1.0.0/16',
      subnet: '10.1.2.0/24',
      wireguard_private_key: 'k=',
      wireguard_listen_port: 5000,
      peers: [],
      ...net,
    }),
    wl('vm', 'zmachine', {
      flist: 'https://hub.grid.tf/a.flist',
      network: { public_ip: '', planetary: false, interfaces: [{ network: 'net', ip: '10.1.2.2' }] },
      size: 0,
      compute_capacity: { cpu: 1, memory: 2 * GiB },
      mounts: [],
      entrypoint: '',
      env: {},
      corex: false,
      ...vm,
    }),
  ];
}
