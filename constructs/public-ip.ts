/** A public IP (zos `ip` workload) for one machine on the same node; v4 costs one farm IP. */
import { Construct, IConstruct } from 'constructs';
import { Checker } from './errors';
import { workloadNameFor } from './names';
import type { NodeSelector, NodeSlot } from './node-selector';
import type { ISynthesizable, SynthContext } from './synth';

export interface PublicIpProps {
  /** Where the IP lives; leave out when a machine takes it (it goes to the machine's node). @default - the machine's node */
  readonly node?: NodeSelector;
  /** A public IPv4 (reserved from the farm, billed per hour). @default true */
  readonly v4?: boolean;
  /** A public IPv6. @default false */
  readonly v6?: boolean;
  /** Workload name. @default - from the construct path */
  readonly name?: string;
}

export class PublicIp extends Construct implements ISynthesizable {
  readonly v4: boolean;
  readonly v6: boolean;
  readonly workloadName: string;
  private placed?: NodeSlot;
  private user?: IConstruct;

  constructor(scope: Construct, id: string, props: PublicIpProps = {}) {
    super(scope, id);
    const c = new Checker(this, 'public ip');
    c.boolean('v4', props.v4);
    c.boolean('v6', props.v6);
    this.v4 = props.v4 ?? true;
    this.v6 = props.v6 ?? false;
    c.check(this.v4 || this.v6, 'v4', props.v4, 'true when v6 is false', 'ask for v4, v6 or both');
    this.workloadName = props.name ?? workloadNameFor(this);
    c.workloadName('name', this.workloadName, 'web_ip');
    c.done();
    if (props.node) this.placed = props.node.place(this);
    this.node.addValidation({
      validate: () =>
        this.placed
          ? []
          : [`${this.node.path}: public ip has no node: set 'node' or give it to a machine ('publicIp')`],
    });
  }

  /** The slot the IP is on, once placed. */
  get slot(): NodeSlot | undefined {
    return this.placed;
  }

  /** Called by a Machine taking this IP: returns a problem message, or undefined. */
  attach(machine: IConstruct, slot: NodeSlot): string | undefined {
    if (this.user) {
      return `${machine.node.path}: machine 'publicIp' ${this.node.path} is already used by ${this.user.node.path}: give each machine its own PublicIp`;
    }
    if (this.placed && this.placed.unitId !== slot.unitId) {
      return `${machine.node.path}: machine 'publicIp' ${this.node.path} is on '${this.placed.unitId}', the machine on '${slot.unitId}': leave the ip's node out so it follows the machine`;
    }
    this.user = machine;
    this.placed = slot;
    return undefined;
  }

  synthesize(ctx: SynthContext): void {
    if (!this.placed) return;
    const unit = ctx.unit(this.placed);
    unit.add(this, { name: this.workloadName, type: 'ip', data: { v4: this.v4, v6: this.v6 } });
    if (this.v4) unit.publicIps += 1;
  }
}
