/**
 * `network-light`: the private network of zos-light nodes; mycelium is required, the wireguard
 * fields are optional but still part of the challenge.
 */
import { ProblemList } from './field-checks';
import {
  networkMyceliumChallenge,
  validateNetworkMycelium,
  validateWireguardFields,
  wireguardChallenge,
} from './network';
import type { NetworkLightData } from './types';
import { zeroCapacity } from './types';
import { defineWorkloadType } from './workload-type';

export const networkLightType = defineWorkloadType<NetworkLightData>({
  type: 'network-light',
  updatable: true,
  sharable: true,

  validate(d, ctx) {
    const p = new ProblemList(ctx.path);
    validateWireguardFields(p, d, false);
    if (!d.subnet) p.add('subnet', 'network resource subnet cannot empty', 'set subnet, e.g. 10.20.2.0/24');
    validateNetworkMycelium(p, d.mycelium);
    return p.problems;
  },

  // zos's mycelium is not optional here: an absent one is written as an empty key
  challenge: (d) =>
    wireguardChallenge(d) + networkMyceliumChallenge(d.mycelium ?? { hex_key: '', peers: [] }),

  capacity: () => zeroCapacity(),
});
