/**
 * `TfgridPlacement`: the node of every deployment unit of an App, chosen at once (distinct-node
 * rules and capacity across units) and kept. Deployments take their `nodeId` and their peers'
 * wireguard endpoints from it, so a network spanning several units has no dependency cycle.
 * The placement is made in Check (a preview shows it) and kept; it holds nothing on the grid.
 */
import * as pulumi from '@pulumi/pulumi';
import { GridProvider } from './grid-provider';
import type { PlacementUnit } from './placement-ops';

export const placementProvider: pulumi.dynamic.ResourceProvider = new GridProvider('placement');

export interface TfgridPlacementArgs {
  readonly units: pulumi.Input<readonly PlacementUnit[]>;
  /** the App's project: a state without placement (written by an older provider) keeps the nodes its contracts have */
  readonly project?: pulumi.Input<string>;
}

export class TfgridPlacement extends pulumi.dynamic.Resource {
  /** unit id -> node id */
  declare readonly nodes: pulumi.Output<Record<string, number>>;
  /** unit id -> the node's public IPv4 ('' when it has none) */
  declare readonly nodeIps: pulumi.Output<Record<string, string>>;
  /** unit id -> why this placement moved it off its node (only units it moved) */
  declare readonly moves: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: TfgridPlacementArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      placementProvider,
      name,
      { ...args, nodes: undefined, nodeIps: undefined, moves: undefined },
      opts,
      'tfgrid',
      'Placement',
    );
  }
}
