/**
 * Node placement for the deployment units of one App, all at once (as the engine's schedule step):
 * distinct-node rules and capacity hold across units, and every unit's node (and its public
 * address, for wireguard endpoints) is known before any unit deploys, so units of a network can
 * refer to each other's endpoints without a dependency cycle. Placements are kept: an update only
 * schedules units that are new or whose selector changed.
 */
import type { DeploymentUnit, SlotSpec } from '../../constructs/manifest';
import type { GridBackend } from '../engine/backend';
import { placeUnits } from '../engine/placement';
import type { Capacity } from '../zos/types';
import type { CheckFailure } from './deployment-inputs';

/** What placement needs of a unit. */
export interface PlacementUnit {
  readonly unitId: string;
  readonly selector: SlotSpec;
  readonly capacity: Capacity;
  readonly publicIps: number;
  /** the unit serves a network's wireguard access, so its node needs a public address. @default false */
  readonly publicAddress?: boolean;
}

/** Inputs of a `tfgrid:Placement`. */
export interface PlacementInputs {
  readonly units: readonly PlacementUnit[];
}

export interface PlacementOutputs extends PlacementInputs {
  /** unit id -> node id */
  readonly nodes: Record<string, number>;
  /** unit id -> the node's public IPv4 without mask, or '' when it has none */
  readonly nodeIps: Record<string, string>;
}

export function checkPlacement(i: Partial<PlacementInputs>): CheckFailure[] {
  if (!Array.isArray(i.units))
    return [{ property: 'units', reason: 'must be a list of {unitId, selector, capacity, publicIps}' }];
  const ids = new Set<string>();
  const f: CheckFailure[] = [];
  for (const u of i.units) {
    if (typeof u?.unitId !== 'string' || ids.has(u.unitId))
      f.push({
        property: 'units',
        reason: `unit ids must be unique strings, got ${JSON.stringify(u?.unitId)}`,
      });
    else ids.add(u.unitId);
  }
  return f;
}

const key = (u: PlacementUnit): string =>
  JSON.stringify([u.selector, u.capacity, u.publicIps, ...(u.publicAddress ? ['public address'] : [])]);

/** Units whose placement must be (re)computed: new ones and those whose selector or size changed. */
export function unitsToPlace(olds: PlacementOutputs | undefined, news: PlacementInputs): string[] {
  const before = new Map((olds?.units ?? []).map((u) => [u.unitId, u]));
  return news.units
    .filter((u) => {
      const old = before.get(u.unitId);
      return !old || olds?.nodes[u.unitId] === undefined || key(old) !== key(u);
    })
    .map((u) => u.unitId);
}

function asUnit(u: PlacementUnit): DeploymentUnit {
  return {
    kind: 'deployment',
    id: u.unitId,
    selector: u.selector,
    constructs: [],
    workloads: [],
    publicIps: u.publicIps,
    capacity: u.capacity,
    cost: { usdPerMonth: 0, tftPerMonth: 0 },
    dependsOn: [],
  };
}

/** Places the units (keeping the nodes of `olds` where still valid) and looks up node addresses. */
export async function placeAll(
  b: GridBackend,
  news: PlacementInputs,
  olds?: PlacementOutputs,
): Promise<PlacementOutputs> {
  const fresh = new Set(unitsToPlace(olds, news));
  const nodes: Record<string, number> = {};
  if (fresh.size > 0) {
    // kept units take part pinned, so distinct-node rules see where they are
    const kept = new Map(
      news.units.filter((u) => !fresh.has(u.unitId)).map((u) => [u.unitId, olds!.nodes[u.unitId]]),
    );
    const needsPublic = new Set(news.units.filter((u) => u.publicAddress).map((u) => u.unitId));
    const placed = placeUnits(news.units.map(asUnit), await b.nodes(), b.twinId, kept, (u) =>
      needsPublic.has(u.id),
    );
    for (const [id, node] of placed) nodes[id] = node;
  } else for (const u of news.units) nodes[u.unitId] = olds!.nodes[u.unitId];
  const nodeIps: Record<string, string> = {};
  for (const u of news.units) nodeIps[u.unitId] = (await b.nodePublicIp(nodes[u.unitId])) ?? '';
  return { units: news.units, nodes, nodeIps };
}
