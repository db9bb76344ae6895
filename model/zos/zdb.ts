/**
 * `zdb`: a 0-db namespace on HDD; its name is the workload id. On update the mode is fixed and
 * the size may only grow (zos cannot account for a namespace shrunk below its use).
 */
import { goBool, goStr, goUint } from './canonical';
import { ProblemList } from './field-checks';
import type { ZdbData } from './types';
import { defineWorkloadType } from './workload-type';

/** zdb modes: key-value (`user`) or append-only with generated keys (`seq`). */
export const ZDB_MODES: readonly string[] = ['user', 'seq'];

export const zdbType = defineWorkloadType<ZdbData>({
  type: 'zdb',
  updatable: true,
  sharable: false,

  validate(d, ctx) {
    const p = new ProblemList(ctx.path);
    if (p.uint('size', d.size, 64, 'set size in bytes, e.g. 1073741824 for 1 GiB') && d.size === 0) {
      p.add('size', 'invalid size', 'set size to more than 0 bytes', d.size);
    }
    if (!ZDB_MODES.includes(d.mode)) p.add('mode', 'invalid mode', "set mode to 'user' or 'seq'", d.mode);
    p.str('password', d.password, true, true);
    p.bool('public', d.public);
    return p.problems;
  },

  challenge: (d) => goUint(d.size) + goStr(d.mode) + goStr(d.password) + goBool(d.public),

  capacity: (d) => ({ cru: 0, mru: 0, sru: 0, hru: d.size ?? 0, ipv4u: 0 }),

  validateUpdate(previous, next, path) {
    const out = [];
    if (previous.mode !== next.mode) {
      out.push({
        path: `${path}.mode`,
        message: 'cannot change namespace mode',
        value: next.mode,
        fix: `keep mode '${previous.mode}', or replace the zdb with a new one`,
      });
    }
    if (typeof next.size === 'number' && typeof previous.size === 'number' && next.size < previous.size) {
      out.push({
        path: `${path}.size`,
        message: 'cannot shrink zdb namespace',
        value: next.size,
        fix: `keep size at ${previous.size} bytes or more`,
      });
    }
    return out;
  },
});
