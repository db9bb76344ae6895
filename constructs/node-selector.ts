/**
 * Placement: a fixed node, or filters the scheduler uses to pick nodes, handed out as "slots".
 * A slot is one node; one deployment unit (one node contract) carries every workload of a slot.
 * Slots of one selector are always distinct nodes (and distinct farms with `spread: 'farms'`).
 */
import { Construct, IConstruct } from 'constructs';
import { Checker, MAX_SIZE_GB, reportProblems } from './errors';
import type { NodeFilters, SlotSpec } from './manifest';
import { dottedPath } from './names';

export interface NodeSelectorProps {
  /** A fixed node id: no scheduling. Give either this or filters. @default - chosen by filters */
  readonly nodeId?: number;
  /** Only nodes of these farms. @default - any farm */
  readonly farmIds?: number[];
  /** Only nodes of the farm with this name. @default - any farm */
  readonly farmName?: string;
  /** Only nodes in this country (name or code as the grid proxy knows it). @default - anywhere */
  readonly country?: string;
  /** Minimum free cores. @default 0 */
  readonly minCru?: number;
  /** Minimum free memory, GiB. @default 0 */
  readonly minMruGb?: number;
  /** Minimum free SSD, GiB. @default 0 */
  readonly minSruGb?: number;
  /** Minimum free HDD, GiB. @default 0 */
  readonly minHruGb?: number;
  /** Only nodes whose farm has a free public IPv4. @default false */
  readonly publicIpv4?: boolean;
  /** Only nodes with a public domain (gateway nodes). @default false */
  readonly domain?: boolean;
  /** Only certified nodes. @default false */
  readonly certified?: boolean;
  /** Only dedicated nodes. @default false */
  readonly dedicated?: boolean;
  /** Only nodes with a GPU. @default false */
  readonly hasGpu?: boolean;
  /** Every construct using this selector gets its own node (else they share slot 0). @default false */
  readonly distinct?: boolean;
  /** How slots of this selector spread: over distinct nodes, or distinct nodes of distinct farms. @default 'nodes' */
  readonly spread?: 'nodes' | 'farms';
}

/** One node of a selector. Constructs on the same slot share one deployment unit. */
export class NodeSlot {
  /** paths of the constructs placed here */
  readonly consumers = new Set<string>();
  readonly distinctNodeFrom = new Set<NodeSlot>();
  readonly distinctFarmFrom = new Set<NodeSlot>();

  constructor(
    readonly selector: NodeSelector,
    readonly index: number,
  ) {}

  /** The deployment unit id: `node-<id>` for a fixed node (so selectors of one node merge), else `<selector>.<index>`. */
  get unitId(): string {
    return this.selector.nodeId !== undefined
      ? `node-${this.selector.nodeId}`
      : `${dottedPath(this.selector)}.${this.index}`;
  }

  spec(): SlotSpec {
    const ids = (s: Set<NodeSlot>): string[] =>
      [...new Set([...s].map((x) => x.unitId))].filter((id) => id !== this.unitId).sort();
    const where =
      this.selector.nodeId !== undefined
        ? { nodeId: this.selector.nodeId }
        : { filters: { ...this.selector.filters } };
    return {
      selector: this.selector.node.path,
      index: this.index,
      ...where,
      distinctNodeFrom: ids(this.distinctNodeFrom),
      distinctFarmFrom: ids(this.distinctFarmFrom),
    };
  }
}

/** Makes two slots land on different nodes (and farms when asked). */
export function keepApart(a: NodeSlot, b: NodeSlot, farms: boolean): void {
  a.distinctNodeFrom.add(b);
  b.distinctNodeFrom.add(a);
  if (farms) {
    a.distinctFarmFrom.add(b);
    b.distinctFarmFrom.add(a);
  }
}

const FILTER_KEYS = [
  'farmIds',
  'farmName',
  'country',
  'minCru',
  'minMruGb',
  'minSruGb',
  'minHruGb',
  'publicIpv4',
  'domain',
  'certified',
  'dedicated',
  'hasGpu',
] as const;

export class NodeSelector extends Construct {
  /** A selector for one known node. */
  static fromNodeId(scope: Construct, id: string, nodeId: number): NodeSelector {
    if (nodeId === undefined) {
      const s = new NodeSelector(scope, id, {});
      reportProblems(s, [
        `${s.node.path}: node selector 'nodeId' must be given to fromNodeId, got nothing: pass the id of a node`,
      ]);
      return s;
    }
    return new NodeSelector(scope, id, { nodeId });
  }

  readonly nodeId?: number;
  /** the filters given (empty for a fixed node) */
  readonly filters: NodeFilters;
  readonly distinct: boolean;
  readonly spread: 'nodes' | 'farms';
  private readonly slotList: NodeSlot[] = [];

  constructor(scope: Construct, id: string, selectorProps: NodeSelectorProps = {}) {
    super(scope, id);
    const c = new Checker(this, 'node selector');
    const props = c.props(selectorProps, true);
    const filters: Record<string, unknown> = {};
    for (const key of FILTER_KEYS) if (props[key] !== undefined) filters[key] = props[key];
    if (props.nodeId !== undefined) {
      c.integer('nodeId', props.nodeId, 1, 2 ** 32 - 1, 'set nodeId to the id of a node on the grid');
      const extra = Object.keys(filters);
      if (extra.length > 0) {
        c.fail(
          'nodeId',
          props.nodeId,
          'given alone',
          `remove the filters (${extra.join(', ')}) or remove nodeId`,
        );
      }
    }
    if (props.farmIds !== undefined) {
      const ok = Array.isArray(props.farmIds) && props.farmIds.length > 0;
      if (
        c.check(ok, 'farmIds', props.farmIds, 'a non-empty list of farm ids', 'list at least one farm id')
      ) {
        props.farmIds!.forEach((f, i) =>
          c.integer(`farmIds[${i}]`, f, 1, 2 ** 32 - 1, 'use positive farm ids'),
        );
      }
    }
    for (const key of ['farmName', 'country'] as const) {
      const v = props[key];
      if (v !== undefined) {
        c.check(
          typeof v === 'string' && v.trim() !== '',
          key,
          v,
          'a non-empty string',
          `set ${key} or leave it out`,
        );
      }
    }
    for (const key of ['minCru', 'minMruGb', 'minSruGb', 'minHruGb'] as const) {
      const v = props[key];
      if (v !== undefined) {
        c.check(
          typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_SIZE_GB,
          key,
          v,
          `a number from 0 to ${MAX_SIZE_GB}`,
          `set ${key} to 0 or more`,
        );
      }
    }
    for (const key of ['publicIpv4', 'domain', 'certified', 'dedicated', 'hasGpu', 'distinct'] as const) {
      c.boolean(key, props[key]);
    }
    c.check(
      props.spread === undefined || props.spread === 'nodes' || props.spread === 'farms',
      'spread',
      props.spread,
      "'nodes' or 'farms'",
      "set spread to 'nodes' or 'farms'",
    );
    const ok = c.done();
    // after a problem (only while errors are collected) the selector places on filters alone
    this.nodeId = ok ? props.nodeId : undefined;
    this.filters = (ok ? filters : {}) as NodeFilters;
    this.distinct = ok ? (props.distinct ?? false) : false;
    this.spread = ok ? (props.spread ?? 'nodes') : 'nodes';
  }

  /** Slots handed out so far (copies). */
  get slots(): NodeSlot[] {
    return [...this.slotList];
  }

  /** How many distinct nodes this selector can give (1 for a fixed node). */
  get maxSlots(): number {
    return this.nodeId !== undefined ? 1 : Number.MAX_SAFE_INTEGER;
  }

  /** One node for a construct: the shared slot 0, or a fresh slot when `distinct`. */
  place(consumer: IConstruct): NodeSlot {
    return this.placeMany(consumer, 1)[0];
  }

  /**
   * `count` distinct nodes for one construct. Slots 0..count-1 (shared with other users of the
   * selector), or fresh slots when `distinct`. Asking a fixed-node selector for more than one is an
   * error the caller reports (check `maxSlots` first).
   */
  placeMany(consumer: IConstruct, count: number): NodeSlot[] {
    const start = this.distinct ? this.slotList.length : 0;
    const n = Math.min(count, this.maxSlots);
    const out: NodeSlot[] = [];
    for (let i = start; i < start + n; i++) {
      if (!this.slotList[i]) this.addSlot(i);
      const slot = this.slotList[i];
      slot.consumers.add(consumer.node.path);
      out.push(slot);
    }
    return out;
  }

  private addSlot(index: number): void {
    const slot = new NodeSlot(this, index);
    for (const other of this.slotList) keepApart(slot, other, this.spread === 'farms');
    this.slotList[index] = slot;
  }
}
