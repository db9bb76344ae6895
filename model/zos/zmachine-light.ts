/**
 * `zmachine-light`: the machine of zos-light nodes; no planetary and no public IP, reachable
 * through its private network-light interface and mycelium.
 */
import { isObject, ProblemList } from './field-checks';
import {
  interfacesChallenge,
  machineCapacity,
  machineChallenge,
  validateMachineCommon,
} from './machine-common';
import type { ZmachineLightData } from './types';
import { defineWorkloadType } from './workload-type';

export const zmachineLightType = defineWorkloadType<ZmachineLightData>({
  type: 'zmachine-light',
  updatable: false,
  sharable: false,

  validate(d, ctx) {
    const p = new ProblemList(ctx.path);
    const net = isObject(d.network) ? d.network : ({} as ZmachineLightData['network']);
    if (!isObject(d.network))
      p.add('network', 'network must be set', 'set network {interfaces: [{network, ip}], mycelium?}');
    validateMachineCommon(d, net, p, ctx, 'network-light');
    return p.problems;
  },

  challenge(d) {
    const net = d.network ?? ({} as ZmachineLightData['network']);
    return machineChallenge(d, interfacesChallenge(net.interfaces, net.mycelium));
  },

  capacity: machineCapacity,
});
