/**
 * The zos model's rules run at synth on every unit: a rule the constructs do not check still stops
 * synth with the construct path and the prop; the rootfs minimum comes from the zos model (500 MiB,
 * zos's MinRootSize), not a rounder construct copy; `validate()` lists every problem at once.
 */
import { Construct } from 'constructs';
import { collectingErrors } from './errors';
import { App, Machine, Network, NodeSelector, Zdb } from './index';
import type { NodeSlot } from './node-selector';
import type { ISynthesizable, SynthContext } from './synth';
import { expectProblem, KEY, newApp, workload } from './testing/test-util';

/** A construct whose workload breaks a zos rule no construct checks (a zmount of 0 bytes). */
class ZeroDisk extends Construct implements ISynthesizable {
  private readonly slot: NodeSlot;
  constructor(scope: Construct, id: string, node: NodeSelector) {
    super(scope, id);
    this.slot = node.place(this);
  }
  synthesize(ctx: SynthContext): void {
    ctx
      .unit(this.slot)
      .add(this, { name: 'zero', type: 'zmount', data: { size: 0 }, fields: { size: 'sizeGb' } });
  }
}

describe('zos rules at synth', () => {
  test('a workload zos refuses stops synth, naming the construct path and the prop', () => {
    const app = newApp();
    new ZeroDisk(app, 'raw', NodeSelector.fromNodeId(app, 'n', 3));
    const hit = expectProblem(
      () => app.synth(),
      "raw: 'sizeGb' is refused by zos",
      "zmount 'zero' data.size",
    );
    expect(hit).toContain('invalid size, got 0');
    expect(app.validate()).toEqual([hit]);
  });

  test("rootfs follows zos's minimum: 500 MiB below cpu * memory of 8 GiB, 2 GiB from there", () => {
    const app = newApp();
    const node = NodeSelector.fromNodeId(app, 'n', 3);
    const network = new Network(app, 'net');
    // 0.49 GiB = 502 MiB: zos takes it (the construct once asked for 0.5 GiB)
    new Machine(app, 'small', { node, network, rootfsGb: 0.49, sshKeys: [KEY] });
    expect(workload(app.synth().manifest, 'node-3', 'small').size).toBe(502 * 1024 ** 2);
    expectProblem(
      () => new Machine(app, 'tiny', { node, network, rootfsGb: 0.48 }),
      "tiny: machine 'rootfsGb'",
      'at least 500 MiB',
      'got 0.48',
    );
    expectProblem(
      () => new Machine(app, 'big', { node, network, cpu: 2, memoryMb: 4096, rootfsGb: 1.9 }),
      "big: machine 'rootfsGb'",
      'at least 2 GiB',
    );
  });

  test('validate() lists construct problems and duplicate workload names together', () => {
    const app = collectingErrors(() => {
      const a = new App({ projectName: 'Bad_Name' });
      const node = NodeSelector.fromNodeId(a, 'n', 3);
      new Zdb(a, 'one', { node, sizeGb: 1, name: 'same' });
      new Zdb(a, 'two', { node, sizeGb: 1, name: 'same' });
      new Zdb(a, 'bad', { node, sizeGb: -1 });
      new Machine(a, 'vm', {
        node: 5 as never,
        network: 'net' as never,
        sshKeys: 'ssh-ed25519 AAAA' as never,
      });
      return a;
    });
    const problems = app.validate();
    expect(problems).toEqual([
      `(app): app 'projectName' must be 1 to 32 characters of [a-z0-9-], starting with a letter or digit, got "Bad_Name": set projectName to something like "my-project"`,
      "bad: zdb 'sizeGb' must be a positive number of GiB, got -1: set sizeGb to 1 or more",
      'vm: machine \'node\' must be a NodeSelector, got 5: pass a NodeSelector, e.g. new NodeSelector(app, "node", {...})',
      'vm: machine \'network\' must be a Network, got "net": pass a Network, e.g. new Network(app, "net")',
      'vm: machine \'sshKeys\' must be a list of public keys, got "ssh-ed25519 AAAA": write sshKeys as [ ... ]',
      "two: workload name 'same' is already used by one in deployment unit 'node-3': give the construct another id or name",
    ]);
  });
});
