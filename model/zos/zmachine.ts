/**
 * `zmachine`: a VM (or container flist run as a VM) with a private network interface, optional
 * public IP (an `ip` workload), planetary (yggdrasil) and mycelium addresses, mounts and gpus.
 */
import { goBool, goStr } from './canonical';
import { isObject, ProblemList } from './field-checks';
import {
  interfacesChallenge,
  machineCapacity,
  machineChallenge,
  validateMachineCommon,
} from './machine-common';
import type { ZmachineData } from './types';
import { defineWorkloadType, findWorkload } from './workload-type';

/** Workload types a zmachine's public_ip may name (`ipv4` is zos's deprecated form). */
const PUBLIC_IP_TYPES: readonly string[] = ['ip', 'ipv4'];

export const zmachineType = defineWorkloadType<ZmachineData>({
  type: 'zmachine',
  updatable: false,
  sharable: false,

  validate(d, ctx) {
    const p = new ProblemList(ctx.path);
    const net = isObject(d.network) ? d.network : ({} as ZmachineData['network']);
    if (!isObject(d.network))
      p.add(
        'network',
        'network must be set',
        'set network {public_ip, planetary, interfaces: [{network, ip}]}',
      );
    validateMachineCommon(d, net, p, ctx, 'network');
    p.bool('network.planetary', net.planetary);
    if (p.str('network.public_ip', net.public_ip) && net.public_ip) {
      const name = net.public_ip;
      const wl = findWorkload(ctx, name);
      if (!wl) {
        p.add(
          'network.public_ip',
          'public ip is not found',
          `add an 'ip' workload named '${name}' to the deployment, or set public_ip to ''`,
          name,
        );
      } else if (!PUBLIC_IP_TYPES.includes(wl.type)) {
        p.add(
          'network.public_ip',
          `workload of name '${name}' is not a public ip`,
          `name an 'ip' workload, not a '${wl.type}'`,
          name,
        );
      } else {
        const users = ctx.workloads.filter(
          (w) =>
            w.type === 'zmachine' &&
            isObject(w.data) &&
            isObject(w.data.network) &&
            w.data.network.public_ip === name,
        );
        if (users.length > 1) {
          p.add(
            'network.public_ip',
            'public ip is assigned to multiple vms',
            `give each machine its own 'ip' workload ('${name}' is used by ${users.map((w) => w.name).join(', ')})`,
            name,
          );
        }
      }
    }
    return p.problems;
  },

  challenge(d) {
    const net = d.network ?? ({} as ZmachineData['network']);
    return machineChallenge(
      d,
      goStr(net.public_ip) + goBool(net.planetary) + interfacesChallenge(net.interfaces, net.mycelium),
    );
  },

  capacity: machineCapacity,
});
