/**
 * Node placement for the deployment units of one App, all at once (as the engine's schedule step):
 * distinct-node rules and capacity hold across units, and every unit's node (and its public
 * address, for wireguard endpoints) is known before any unit deploys, so units of a network can
 * refer to each other's endpoints without a dependency cycle. Placement runs in Check: its result
 * is part of the checked inputs, which a preview shows as they are, so deployments know their node
 * before anything is created. A unit keeps its node whenever the node can still hold it (as the
 * engine does): a unit that grows asks its node only for the growth; one that no longer fits, or
 * whose fixed node or public ip count changed, is placed again and the move is explained.
 */
import type { DeploymentUnit, SlotSpec } from '../constructs/manifest';
import type { GridBackend } from '../engine/backend';
import { observe } from '../engine/observe';
import { placeUnits } from '../engine/placement';
import { SchedulingError } from '../clients/proxy/scheduler';
import type { Capacity } from '../model/zos/types';
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
  /** the App's project (finds the nodes of existing contracts when the state has no placement) */
  readonly project?: string;
}

/** The checked inputs (and the outputs): the units and where they go. */
export interface PlacementOutputs extends PlacementInputs {
  /** unit id -> node id */
  readonly nodes: Record<string, number>;
  /** unit id -> the node's public IPv4 without mask, or '' when it has none */
  readonly nodeIps: Record<string, string>;
  /** unit id -> why this placement moved it off its node (only units it moved; always set, so a preview knows it) */
  readonly moves?: Record<string, string>;
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

type Need = { cru: number; mru: number; sru: number; hru: number };
const RESOURCES = ['cru', 'mru', 'sru', 'hru'] as const;

/** What a unit asks of its node beyond what it holds: the growth of each resource. */
function growthOf(before: Capacity, after: Capacity): Need {
  const g = { cru: 0, mru: 0, sru: 0, hru: 0 };
  for (const r of RESOURCES) g[r] = Math.max(0, (after[r] ?? 0) - (before[r] ?? 0));
  return g;
}
const grows = (n: Need | undefined): boolean => !!n && RESOURCES.some((r) => n[r] > 0);

/** Units placed before that may stay: same fixed node (or none) and same public ip count. */
export function keptUnits(
  olds: Partial<PlacementOutputs> | undefined,
  news: PlacementInputs,
): { pinned: Map<string, number>; growth: Map<string, Need>; why: Record<string, string> } {
  const before = new Map((olds?.units ?? []).map((u) => [u.unitId, u]));
  const pinned = new Map<string, number>();
  const growth = new Map<string, Need>();
  const why: Record<string, string> = {};
  for (const u of news.units) {
    const old = before.get(u.unitId);
    const node = olds?.nodes?.[u.unitId];
    if (!old || node === undefined) continue;
    if (u.selector.nodeId !== undefined && u.selector.nodeId !== node)
      why[u.unitId] = `its fixed node changed to ${u.selector.nodeId}`;
    else if (u.publicIps !== old.publicIps)
      why[u.unitId] = `its public ip count changed from ${old.publicIps} to ${u.publicIps}`;
    else if (!!u.publicAddress !== !!old.publicAddress)
      why[u.unitId] = u.publicAddress
        ? 'it now serves wireguard access (a public node)'
        : 'it no longer serves wireguard access';
    else {
      pinned.set(u.unitId, node);
      growth.set(u.unitId, growthOf(old.capacity, u.capacity));
    }
  }
  return { pinned, growth, why };
}

/** Units whose placement must be (re)computed: new ones, and kept ones that grow or cannot stay. */
export function unitsToPlace(olds: PlacementOutputs | undefined, news: PlacementInputs): string[] {
  const { pinned, growth } = keptUnits(olds, news);
  return news.units.map((u) => u.unitId).filter((id) => !pinned.has(id) || grows(growth.get(id)));
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

/**
 * A state without placement (an older provider kept it only in its outputs): the nodes the
 * project's contracts are on stay, as the engine keeps them.
 */
async function placedByContracts(b: GridBackend, news: PlacementInputs): Promise<Partial<PlacementOutputs>> {
  const nodes: Record<string, number> = {};
  for (const o of (await observe(b, news.project!)).deployments) nodes[o.unit] ??= o.nodeId;
  return { units: news.units.filter((u) => nodes[u.unitId] !== undefined), nodes };
}

/**
 * Places the units, keeping the nodes of `olds` wherever they can still hold their units, and
 * looks up node addresses. A growing unit whose node cannot hold the growth is placed again.
 */
export async function placeAll(
  b: GridBackend,
  news: PlacementInputs,
  previous?: Partial<PlacementOutputs>,
): Promise<PlacementOutputs> {
  const legacy = !!previous?.units && !previous.nodes && !!news.project;
  const olds = legacy ? await placedByContracts(b, news) : previous;
  const { pinned, growth, why } = keptUnits(olds, news);
  const nodes: Record<string, number> = {};
  const settled = news.units.every((u) => pinned.has(u.unitId) && !grows(growth.get(u.unitId)));
  if (settled) for (const u of news.units) nodes[u.unitId] = pinned.get(u.unitId)!;
  else {
    const grid = await b.nodes();
    const needsPublic = new Set(news.units.filter((u) => u.publicAddress).map((u) => u.unitId));
    for (;;) {
      try {
        const placed = placeUnits(news.units.map(asUnit), grid, b.twinId, pinned, {
          growth,
          publicAddress: (u) => needsPublic.has(u.id),
        });
        for (const [id, node] of placed) nodes[id] = node;
        break;
      } catch (e) {
        if (!(e instanceof SchedulingError)) throw e;
        // a node that cannot hold a unit's growth lets it go: the unit is placed again
        const stuck = e.failures.filter((f) => pinned.has(f.requestId) && grows(growth.get(f.requestId)));
        if (stuck.length === 0) throw e;
        for (const f of stuck) {
          why[f.requestId] = `node ${pinned.get(f.requestId)} cannot hold its new size (${f.reason})`;
          pinned.delete(f.requestId);
          growth.delete(f.requestId);
        }
      }
    }
  }
  const moves: Record<string, string> = {};
  for (const u of news.units) {
    const was = olds?.nodes?.[u.unitId];
    if (was !== undefined && was !== nodes[u.unitId])
      moves[u.unitId] =
        `moves from node ${was} to node ${nodes[u.unitId]}: ${why[u.unitId] ?? 'placed again'}`;
  }
  const nodeIps: Record<string, string> = {};
  for (const u of news.units) nodeIps[u.unitId] = (await b.nodePublicIp(nodes[u.unitId])) ?? '';
  return { ...news, nodes, nodeIps, moves };
}
