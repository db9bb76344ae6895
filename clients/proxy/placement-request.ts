/**
 * What one deployment unit asks of the node it lands on: the scheduler's input, one per `NodeSelector`
 * of a manifest.
 */
import type { ProxyCapacity } from './types';

/** Capacity a unit will use: `cru` in cores, the rest in bytes. */
export type PlacementCapacity = ProxyCapacity;

export interface PlacementRequest {
  /** unique within one `schedule()` call, e.g. the construct path `web/vm` */
  readonly id: string;
  /** a fixed node: verified to exist, be up, match the other requirements and have room */
  readonly nodeId?: number;
  /** only nodes of these farms */
  readonly farmIds?: readonly number[];
  /** only nodes of the farm with this name (case-insensitive, as the proxy compares) */
  readonly farmName?: string;
  /** only nodes in this country (case-insensitive) */
  readonly country?: string;
  /** the capacity the unit will use */
  readonly need: PlacementCapacity;
  /** public ipv4 addresses the unit takes from the node's farm. @default 0 */
  readonly publicIpv4?: number;
  /** the node must have a public config with an ipv4 (it can be dialled, e.g. for wireguard access). @default false */
  readonly ipv4?: boolean;
  /** the node must have public ipv6. @default false */
  readonly ipv6?: boolean;
  /** the node must serve gateways under a domain. @default false */
  readonly domain?: boolean;
  /** the node must be certified. @default false */
  readonly certified?: boolean;
  /** the unit needs a whole node: one rented by us, or rentable. @default false */
  readonly dedicated?: boolean;
  /** the node must have at least one gpu. @default false */
  readonly hasGpu?: boolean;
  /** requests sharing this group land on distinct nodes */
  readonly distinctGroup?: string;
  /** requests sharing this group land on distinct farms */
  readonly distinctFarmGroup?: string;
}

export interface ScheduleOptions {
  /**
   * The deploying twin. Nodes rented by other twins, in dedicated farms or with an extra fee are left
   * out unless rented by this twin. Without it, every rented node is left out.
   */
  readonly twinId?: number;
  /**
   * node checks the search may spend beyond its first pass, so an impossible combination fails fast
   * instead of trying every permutation. @default 2_000_000
   */
  readonly maxChecks?: number;
}

/** Throws on a request the scheduler cannot interpret (a bug in the caller, not a placement failure). */
export function validateRequests(requests: readonly PlacementRequest[]): void {
  const seen = new Set<string>();
  for (const r of requests) {
    if (typeof r.id !== 'string' || r.id === '')
      throw new Error('placement request: id must be a non-empty string');
    if (seen.has(r.id)) throw new Error(`placement request '${r.id}': id is used twice; ids must be unique`);
    seen.add(r.id);
    for (const key of ['cru', 'mru', 'sru', 'hru'] as const) {
      const v = r.need?.[key];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new Error(`placement request '${r.id}': need.${key} must be a non-negative number, got ${v}`);
      }
    }
    if (r.publicIpv4 !== undefined && (!Number.isInteger(r.publicIpv4) || r.publicIpv4 < 0)) {
      throw new Error(
        `placement request '${r.id}': publicIpv4 must be a non-negative integer, got ${r.publicIpv4}`,
      );
    }
    if (r.nodeId !== undefined && (!Number.isInteger(r.nodeId) || r.nodeId <= 0)) {
      throw new Error(`placement request '${r.id}': nodeId must be a positive integer, got ${r.nodeId}`);
    }
  }
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Human size for messages: `8 GiB`, `1.5 GiB`, `512 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${round2(bytes / GiB)} GiB`;
  if (bytes >= MiB) return `${round2(bytes / MiB)} MiB`;
  return `${bytes} B`;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
