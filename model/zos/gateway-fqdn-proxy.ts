/** `gateway-fqdn-proxy`: serves a domain the user owns (pointed at the gateway node) from the backends. */
import { goStr } from './canonical';
import { ProblemList } from './field-checks';
import { gatewayBaseChallenge, validateGatewayBase } from './gateway-base';
import type { GatewayFqdnProxyData } from './types';
import { zeroCapacity } from './types';
import { defineWorkloadType } from './workload-type';

/** Domain names zos accepts: dot-separated labels, the last one 2+ characters. */
export const FQDN_PATTERN = /^([a-zA-Z0-9\-_]+\.)+[a-zA-Z0-9\-_]{2,}$/;

export const gatewayFqdnProxyType = defineWorkloadType<GatewayFqdnProxyData>({
  type: 'gateway-fqdn-proxy',
  updatable: false,
  sharable: false,

  validate(d, ctx) {
    const p = new ProblemList(ctx.path);
    if (typeof d.fqdn !== 'string' || !FQDN_PATTERN.test(d.fqdn)) {
      p.add(
        'fqdn',
        `fqdn ${String(d.fqdn)} is invalid`,
        'write a full domain name such as app.example.com (no scheme, no trailing dot)',
        d.fqdn,
      );
    }
    validateGatewayBase(p, d, ctx);
    return p.problems;
  },

  challenge: (d) => goStr(d.fqdn) + gatewayBaseChallenge(d),

  // traffic is billed by the bytes served, not reserved capacity
  capacity: () => zeroCapacity(),
});
