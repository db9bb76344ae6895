/** A disk (zos `zmount`) on a machine's node, mounted into the machine. */
import { Construct } from 'constructs';
import { Checker } from './errors';
import { Machine } from './machine';
import { gibToBytes, workloadNameFor } from './names';
import type { ISynthesizable, SynthContext } from './synth';

export interface DiskOptions {
  /** Size, GiB. */
  readonly sizeGb: number;
  /** Absolute path in the machine, e.g. '/data'. */
  readonly mountpoint: string;
  /** Workload name. @default - from the construct path */
  readonly name?: string;
}

export interface DiskProps extends DiskOptions {
  /** The machine that mounts the disk (the disk is created on its node). */
  readonly machine: Machine;
}

export class Disk extends Construct implements ISynthesizable {
  readonly sizeGb: number;
  readonly mountpoint: string;
  readonly machine: Machine;
  readonly workloadName: string;

  constructor(scope: Construct, id: string, diskProps: DiskProps) {
    super(scope, id);
    const c = new Checker(this, 'disk');
    const props = c.props(diskProps);
    c.sizeGb('sizeGb', props.sizeGb, 'set sizeGb to 1 or more');
    const name = props.name ?? workloadNameFor(this);
    c.workloadName('name', name, 'data');
    const machine = props.machine;
    if (c.instance('machine', machine, Machine, 'a Machine', 'pass the Machine that mounts the disk')) {
      const bad = machine.addMount(this, c.failed('name') ? '' : name, props.mountpoint as string);
      if (bad) c.fail('mountpoint', props.mountpoint, bad[0], bad[1]);
      this.node.addDependency(machine);
    }
    c.done();
    this.sizeGb = props.sizeGb as number;
    this.mountpoint = props.mountpoint as string;
    this.machine = machine as Machine;
    this.workloadName = name as string;
  }

  synthesize(ctx: SynthContext): void {
    const size = gibToBytes(this.sizeGb);
    ctx
      .unit(this.machine.slot)
      .add(
        this,
        { name: this.workloadName, type: 'zmount', data: { size }, fields: { size: 'sizeGb' } },
        { sru: size },
      );
  }
}
