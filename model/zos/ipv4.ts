/**
 * `ipv4`: zos's deprecated public IPv4 workload (kept registered for older deployments): no data,
 * an empty challenge, one of the contract's reserved IPv4s. New deployments use `ip`.
 */
import { defineWorkloadType } from './workload-type';

export const ipv4Type = defineWorkloadType<Record<string, never>>({
  type: 'ipv4',
  updatable: false,
  sharable: false,
  validate: () => [],
  challenge: () => '',
  capacity: () => ({ cru: 0, mru: 0, sru: 0, hru: 0, ipv4u: 1 }),
});
