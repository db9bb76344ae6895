/**
 * `gateway-name-proxy`: serves `<name>.<gateway domain>` from the backends. The name must be
 * reserved first with a name contract on chain (that check needs the chain, not done here).
 */
import { goStr } from './canonical';
import { ProblemList } from './field-checks';
import { gatewayBaseChallenge, validateGatewayBase } from './gateway-base';
import type { GatewayNameProxyData } from './types';
import { zeroCapacity } from './types';
import { defineWorkloadType } from './workload-type';

/** Gateway names zos accepts (the chain's name contract is stricter: 3..64 of [a-z0-9-_]). */
export const GATEWAY_NAME_PATTERN = /^[a-zA-Z0-9\-_]+$/;

export const gatewayNameProxyType = defineWorkloadType<GatewayNameProxyData>({
  type: 'gateway-name-proxy',
  updatable: false,
  sharable: false,

  validate(d, ctx) {
    const p = new ProblemList(ctx.path);
    if (typeof d.name !== 'string' || !GATEWAY_NAME_PATTERN.test(d.name)) {
      p.add(
        'name',
        `name ${String(d.name)} is invalid`,
        'use letters, digits, - and _ only (and reserve it with a name contract)',
        d.name,
      );
    }
    validateGatewayBase(p, d, ctx);
    return p.problems;
  },

  challenge: (d) => goStr(d.name) + gatewayBaseChallenge(d),

  // traffic is billed by the bytes served, not reserved capacity
  capacity: () => zeroCapacity(),
});
