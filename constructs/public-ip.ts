/** A public IP (zos `ip` workload) for one machine on the same node; v4 costs one farm IP. */
import { Construct, IConstruct } from 'constructs';
import { Checker } from './errors';
import { workloadNameFor } from './names';
import { NodeSelector, type NodeSlot } from './node-selector';
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

  constructor(scope: Construct, id: string, ipProps: PublicIpProps = {}) {
    super(scope, id);
    const c = new Checker(this, 'public ip');
    const props = c.props(ipProps, true);
    c.boolean('v4', props.v4);
    c.boolean('v6', props.v6);
    this.v4 = props.v4 === undefined ? true : props.v4 === true;
    this.v6 = props.v6 === true;
    if (!c.failed('v4') && !c.failed('v6'))
      c.check(this.v4 || this.v6, 'v4', props.v4, 'true when v6 is false', 'ask for v4, v6 or both');
    const name = props.name ?? workloadNameFor(this);
    this.workloadName = c.workloadName('name', name, 'web_ip') ? name : workloadNameFor(this);
    if (props.node !== undefined)
      c.instance(
        'node',
        props.node,
        NodeSelector,
        'a NodeSelector',
        'pass a NodeSelector, or leave node out when a machine takes the ip',
      );
    c.done();
    if (props.node instanceof NodeSelector) {
      this.placed = props.node.place(this);
      this.node.addDependency(props.node);
    }
    this.node.addValidation({
      validate: () =>
        this.placed
          ? []
          : [
              `${this.node.path}: public ip 'node' is not set: set 'node' or give it to a machine ('publicIp')`,
            ],
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
    unit.add(this, {
      name: this.workloadName,
      type: 'ip',
      data: { v4: this.v4, v6: this.v6 },
      fields: { v4: 'v4', v6: 'v6' },
    });
    if (this.v4) unit.publicIps += 1;
  }
}
