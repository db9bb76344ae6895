/**
 * `volume`: a btrfs volume (SSD) mounted into a machine as a shared filesystem. Zos lets it
 * shrink only down to the space already used, which only the node knows.
 */
import { goUint } from './canonical';
import { diskSizeProblems } from './field-checks';
import type { VolumeData } from './types';
import { defineWorkloadType } from './workload-type';

export const volumeType = defineWorkloadType<VolumeData>({
  type: 'volume',
  updatable: true,
  sharable: false,

  validate: (d, ctx) => diskSizeProblems(d.size, ctx.path),

  challenge: (d) => goUint(d.size),

  capacity: (d) => ({ cru: 0, mru: 0, sru: d.size ?? 0, hru: 0, ipv4u: 0 }),
});
