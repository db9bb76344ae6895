/** `zmount`: a virtual disk (SSD) a machine mounts; it may grow on update but never shrink. */
import { goUint } from './canonical';
import { diskSizeProblems } from './field-checks';
import type { ZmountData } from './types';
import { defineWorkloadType } from './workload-type';

export const zmountType = defineWorkloadType<ZmountData>({
  type: 'zmount',
  updatable: true,
  sharable: false,

  validate: (d, ctx) => diskSizeProblems(d.size, ctx.path),

  challenge: (d) => goUint(d.size),

  capacity: (d) => ({ cru: 0, mru: 0, sru: d.size ?? 0, hru: 0, ipv4u: 0 }),

  validateUpdate(previous, next, path) {
    if (typeof next.size === 'number' && typeof previous.size === 'number' && next.size < previous.size) {
      return [
        {
          path: `${path}.size`,
          message: 'not safe to shrink a disk',
          value: next.size,
          fix: `keep size at ${previous.size} bytes or more, or replace the disk with a new one`,
        },
      ];
    }
    return [];
  },
});
