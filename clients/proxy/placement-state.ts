/**
 * What is left on the grid while one `schedule()` call places its requests: free capacity per node,
 * free public IPs per farm, and which nodes/farms each distinct group already uses. Placements are
 * undoable so the search can backtrack.
 */
import type { PlacementRequest } from './placement-request';
import { freeCapacity, ProxyCapacity, ProxyFarm, ProxyNode } from './types';

export class PlacementState {
  private readonly free = new Map<number, ProxyCapacity>();
  private readonly farmIps = new Map<number, number>();
  private readonly farmNames = new Map<number, string>();
  private readonly groupNodes = new Map<string, Map<number, number>>();
  private readonly groupFarms = new Map<string, Map<number, number>>();

  constructor(nodes: readonly ProxyNode[], farms?: readonly ProxyFarm[]) {
    for (const node of nodes) {
      this.free.set(node.nodeId, freeCapacity(node));
      // every node of a farm reports the farm's free IPs; keep the largest in case reports lag
      const ips = this.farmIps.get(node.farmId);
      if (ips === undefined || node.farm_free_ips > ips) this.farmIps.set(node.farmId, node.farm_free_ips);
      if (node.farmName) this.farmNames.set(node.farmId, node.farmName);
    }
    // the farm list, when given, is the better source: it lists each ip with its contract
    for (const farm of farms ?? []) {
      this.farmIps.set(farm.farmId, farm.publicIps.filter((ip) => !ip.contract_id).length);
      this.farmNames.set(farm.farmId, farm.name);
    }
  }

  /** Free capacity of a node now (after this call's placements). */
  freeOf(nodeId: number): ProxyCapacity {
    return this.free.get(nodeId) ?? { cru: 0, mru: 0, sru: 0, hru: 0 };
  }

  freeIpsOf(farmId: number): number {
    return this.farmIps.get(farmId) ?? 0;
  }

  farmNameOf(node: ProxyNode): string {
    return this.farmNames.get(node.farmId) ?? node.farmName;
  }

  /** Nodes already taken by a distinct group. */
  nodesOfGroup(group: string): number[] {
    return [...(this.groupNodes.get(group)?.keys() ?? [])].sort((a, b) => a - b);
  }

  /** Farms already taken by a distinct farm group. */
  farmsOfGroup(group: string): number[] {
    return [...(this.groupFarms.get(group)?.keys() ?? [])].sort((a, b) => a - b);
  }

  groupHasNode(group: string, nodeId: number): boolean {
    return (this.groupNodes.get(group)?.get(nodeId) ?? 0) > 0;
  }

  groupHasFarm(group: string, farmId: number): boolean {
    return (this.groupFarms.get(group)?.get(farmId) ?? 0) > 0;
  }

  place(request: PlacementRequest, node: ProxyNode): void {
    this.apply(request, node, -1);
  }

  unplace(request: PlacementRequest, node: ProxyNode): void {
    this.apply(request, node, +1);
  }

  private apply(request: PlacementRequest, node: ProxyNode, sign: 1 | -1): void {
    const f = this.freeOf(node.nodeId);
    const n = request.need;
    this.free.set(node.nodeId, {
      cru: f.cru + sign * n.cru,
      mru: f.mru + sign * n.mru,
      sru: f.sru + sign * n.sru,
      hru: f.hru + sign * n.hru,
    });
    if (request.publicIpv4)
      this.farmIps.set(node.farmId, this.freeIpsOf(node.farmId) + sign * request.publicIpv4);
    if (request.distinctGroup) count(this.groupNodes, request.distinctGroup, node.nodeId, -sign);
    if (request.distinctFarmGroup) count(this.groupFarms, request.distinctFarmGroup, node.farmId, -sign);
  }
}

function count(groups: Map<string, Map<number, number>>, group: string, key: number, delta: number): void {
  let members = groups.get(group);
  if (!members) groups.set(group, (members = new Map()));
  const next = (members.get(key) ?? 0) + delta;
  if (next > 0) members.set(key, next);
  else members.delete(key);
}
