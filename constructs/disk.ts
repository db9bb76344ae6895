/** A disk (zos `zmount`) on a machine's node, mounted into the machine. */
import { Construct } from 'constructs';
import { Checker } from './errors';
import type { Machine } from './machine';
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

  constructor(scope: Construct, id: string, props: DiskProps) {
    super(scope, id);
    const c = new Checker(this, 'disk');
    c.positiveNumber('sizeGb', props.sizeGb, 'GiB', 'set sizeGb to 1 or more');
    this.workloadName = props.name ?? workloadNameFor(this);
    c.workloadName('name', this.workloadName, 'data');
    const bad = props.machine.addMount(this, this.workloadName, props.mountpoint);
    if (bad) c.fail('mountpoint', props.mountpoint, bad[0], bad[1]);
    c.done();
    this.sizeGb = props.sizeGb;
    this.mountpoint = props.mountpoint;
    this.machine = props.machine;
  }

  synthesize(ctx: SynthContext): void {
    const size = gibToBytes(this.sizeGb);
    ctx
      .unit(this.machine.slot)
      .add(this, { name: this.workloadName, type: 'zmount', data: { size } }, { sru: size });
  }
}
