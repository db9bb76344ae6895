/** The provisioner of every workload type, and the order zos provisions them in. */
import type { WorkloadType } from '../../../model/zos/types';
import { WORKLOAD_ORDER } from '../../../model/zos/workload-types';
import type { Provisioner } from '../provisioner';
import { volumeProvisioner, zmountProvisioner } from './disk';
import { gatewayFqdnProvisioner, gatewayNameProvisioner } from './gateway';
import { ipProvisioner } from './ip';
import { networkProvisioner } from './network';
import { qsfsProvisioner } from './qsfs';
import { zdbProvisioner } from './zdb';
import { zlogsProvisioner } from './zlogs';
import { zmachineProvisioner } from './zmachine';

const PROVISIONERS: Record<WorkloadType, Provisioner> = {
  network: networkProvisioner,
  'network-light': networkProvisioner,
  ip: ipProvisioner,
  ipv4: ipProvisioner,
  zmount: zmountProvisioner,
  volume: volumeProvisioner,
  zdb: zdbProvisioner,
  qsfs: qsfsProvisioner,
  zmachine: zmachineProvisioner,
  'zmachine-light': zmachineProvisioner,
  zlogs: zlogsProvisioner,
  'gateway-name-proxy': gatewayNameProvisioner,
  'gateway-fqdn-proxy': gatewayFqdnProvisioner,
};

/** Dependencies first (zos's order). */
export const PROVISION_ORDER = WORKLOAD_ORDER;

export function provisionerFor(type: WorkloadType): Provisioner {
  return PROVISIONERS[type];
}
