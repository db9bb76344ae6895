/** `ip`: a public IPv4 (one of the contract's reserved IPs, charged) and/or IPv6 for one machine. */
import { goBool } from './canonical';
import { isObject, ProblemList } from './field-checks';
import type { PublicIpData, Workload } from './types';
import { defineWorkloadType } from './workload-type';

export const ipType = defineWorkloadType<PublicIpData>({
  type: 'ip',
  updatable: false,
  sharable: false,

  validate(d, ctx) {
    const p = new ProblemList(ctx.path);
    p.bool('v4', d.v4);
    p.bool('v6', d.v6);
    if (!d.v4 && !d.v6) p.add('v4', 'public ip workload with no selections', 'set v4 and/or v6 to true');
    return p.problems;
  },

  challenge: (d) => goBool(d.v4) + goBool(d.v6),

  capacity: (d) => ({ cru: 0, mru: 0, sru: 0, hru: 0, ipv4u: d.v4 ? 1 : 0 }),
});

/** Does `w` take one of the contract's public IPv4s (an `ip` with v4, or the deprecated `ipv4`)? */
export function takesPublicIpv4(w: Pick<Workload, 'type' | 'data'> | undefined): boolean {
  if (w?.type === 'ipv4') return true;
  return w?.type === 'ip' && isObject(w.data) && w.data.v4 === true;
}
