/**
 * The registry of workload types zos knows. Adding a type is one new file and one line here.
 */
import { gatewayFqdnProxyType } from './gateway-fqdn-proxy';
import { gatewayNameProxyType } from './gateway-name-proxy';
import { ipType } from './ip';
import { ipv4Type } from './ipv4';
import { networkType } from './network';
import { networkLightType } from './network-light';
import { qsfsType } from './qsfs';
import type { WorkloadType } from './types';
import { volumeType } from './volume';
import type { WorkloadTypeSpec } from './workload-type';
import { zdbType } from './zdb';
import { zlogsType } from './zlogs';
import { zmachineType } from './zmachine';
import { zmachineLightType } from './zmachine-light';
import { zmountType } from './zmount';

/** Every workload type, by its zos name. */
export const workloadTypes: Readonly<Record<WorkloadType, WorkloadTypeSpec>> = {
  zmachine: zmachineType,
  'zmachine-light': zmachineLightType,
  network: networkType,
  'network-light': networkLightType,
  zmount: zmountType,
  volume: volumeType,
  zdb: zdbType,
  ip: ipType,
  ipv4: ipv4Type,
  'gateway-name-proxy': gatewayNameProxyType,
  'gateway-fqdn-proxy': gatewayFqdnProxyType,
  qsfs: qsfsType,
  zlogs: zlogsType,
};

/** The spec of a type, or undefined for a name zos does not know. */
export function workloadTypeSpec(type: string): WorkloadTypeSpec | undefined {
  return Object.prototype.hasOwnProperty.call(workloadTypes, type)
    ? workloadTypes[type as WorkloadType]
    : undefined;
}

/** The spec of a type; throws a clear error for an unknown type. */
export function requireWorkloadTypeSpec(type: string): WorkloadTypeSpec {
  const spec = workloadTypeSpec(type);
  if (!spec)
    throw new Error(
      `invalid workload type '${type}': expected one of ${Object.keys(workloadTypes).join(', ')}`,
    );
  return spec;
}

/**
 * The order a node provisions a deployment's workloads in (dependencies first: networks and ips
 * before machines, disks and qsfs before the machines mounting them); synth lists workloads so too.
 */
export const WORKLOAD_ORDER: readonly WorkloadType[] = [
  'network',
  'network-light',
  'ipv4',
  'ip',
  'zmount',
  'volume',
  'zdb',
  'qsfs',
  'zmachine',
  'zmachine-light',
  'zlogs',
  'gateway-name-proxy',
  'gateway-fqdn-proxy',
];
