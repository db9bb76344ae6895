/**
 * Capacity accounting of an emulated node (pure): what its deployments reserve, what is left, and
 * zos's checks before a workload is provisioned.
 */
import { addCapacity, workloadCapacity } from '../../model/zos/deployment';
import { zeroCapacity, type Capacity, type Deployment, type Workload } from '../../model/zos/types';

/** States in which a workload holds its capacity (zos: ResultState.IsOkay, ok or paused). */
const HOLDING = new Set(['ok', 'paused']);

export function usedCapacity(deployments: readonly Deployment[], exceptWorkloadId?: string): Capacity {
  let used = zeroCapacity();
  for (const d of deployments) {
    for (const w of d.workloads) {
      if (!HOLDING.has(w.result?.state ?? 'init')) continue;
      if (exceptWorkloadId === `${d.twin_id}-${d.contract_id}-${w.name}`) continue;
      used = addCapacity(used, workloadCapacity(w));
    }
  }
  return used;
}

/**
 * Zos's check before provisioning: memory must fit what is usable (total - system - used); disks
 * must fit the free ssd/hdd. Returns zos's message, or undefined when it fits. Cores are not
 * checked: zos lets workloads share cores.
 */
export function capacityProblem(
  w: Workload,
  total: Capacity,
  system: Capacity,
  used: Capacity,
): string | undefined {
  const need = workloadCapacity(w);
  const usableMru = total.mru - system.mru - used.mru;
  if (need.mru > 0 && need.mru > usableMru) {
    return `failed to satisfy required capacity: cannot fulfil required memory size ${need.mru} bytes out of usable ${Math.max(0, usableMru)} bytes`;
  }
  const freeSru = total.sru - system.sru - used.sru;
  if (need.sru > 0 && need.sru > freeSru) {
    return `failed to allocate storage: not enough space on ssd: required ${need.sru} bytes, free ${Math.max(0, freeSru)} bytes`;
  }
  const freeHru = total.hru - system.hru - used.hru;
  if (need.hru > 0 && need.hru > freeHru) {
    return `failed to allocate storage: not enough space on hdd: required ${need.hru} bytes, free ${Math.max(0, freeHru)} bytes`;
  }
  return undefined;
}
