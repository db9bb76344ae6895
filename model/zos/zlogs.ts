/** `zlogs`: streams a zmachine's logs to a redis or websocket URL. */
import { goStr } from './canonical';
import { ProblemList } from './field-checks';
import type { ZlogsData } from './types';
import { zeroCapacity } from './types';
import { defineWorkloadType, findWorkload } from './workload-type';

/** URL schemes zos streams logs to. */
export const ZLOGS_SCHEMES: readonly string[] = ['redis', 'ws', 'wss'];

export const zlogsType = defineWorkloadType<ZlogsData>({
  type: 'zlogs',
  updatable: false,
  sharable: false,

  validate(d, ctx) {
    const p = new ProblemList(ctx.path);
    const wl = typeof d.zmachine === 'string' ? findWorkload(ctx, d.zmachine) : undefined;
    if (!wl || wl.type !== 'zmachine') {
      p.add(
        'zmachine',
        `no zmachine with name '${String(d.zmachine)}' found`,
        'name a zmachine workload of this deployment',
        d.zmachine,
      );
    }
    if (p.str('output', d.output, false)) {
      const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(d.output)?.[1]?.toLowerCase() ?? '';
      if (!ZLOGS_SCHEMES.includes(scheme)) {
        p.add(
          'output',
          `invalid output schema '${scheme}' not supported`,
          'use a redis://, ws:// or wss:// URL',
        );
      }
    }
    return p.problems;
  },

  challenge: (d) => goStr(d.zmachine) + goStr(d.output),

  capacity: () => zeroCapacity(),
});
