/** The zos deployment model: types, workload types, challenge and hash, signing, validation, updates. */
export * from './types';
export * from './units';
export * from './canonical';
export type { Problem, ValidationContext, WorkloadTypeSpec } from './workload-type';
export { defineWorkloadType, findWorkload } from './workload-type';
export { workloadTypes, workloadTypeSpec, requireWorkloadTypeSpec } from './workload-types';
export {
  minRootSize,
  rootSize,
  MIN_MACHINE_MEMORY,
  MYCELIUM_IP_SEED_LEN,
  RESERVED_NETWORK_NAMES,
  MOUNTABLE_TYPES,
} from './machine-common';
export { MYCELIUM_KEY_LEN } from './network';
export { backendError } from './gateway-base';
export { GATEWAY_NAME_PATTERN } from './gateway-name-proxy';
export { FQDN_PATTERN } from './gateway-fqdn-proxy';
export { ZDB_MODES } from './zdb';
export { QSFS_KEY_LEN } from './qsfs';
export { ZLOGS_SCHEMES } from './zlogs';
export * from './challenge';
export * from './signing';
export * from './deployment';
export * from './update-rules';
