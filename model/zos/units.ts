/** Byte units as zos's gridtypes.Unit multipliers (powers of 1024). */
export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
export const TiB = 1024 * GiB;
