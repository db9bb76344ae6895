/** A 0-db namespace (zos `zdb` workload) on a node's HDD: key-value ('user') or append-only ('seq'). */
import { Construct } from 'constructs';
import { Checker } from './errors';
import { refPlaceholder } from './manifest';
import { dottedPath, gibToBytes, workloadNameFor } from './names';
import { ZDB_MODES } from '../model/zos/zdb';
import { NodeSelector, NodeSlot } from './node-selector';
import type { ISynthesizable, SynthContext } from './synth';

export type ZdbMode = 'user' | 'seq';

export interface ZdbProps {
  /** Where the namespace lives: a selector, or a slot taken from one. */
  readonly node: NodeSelector | NodeSlot;
  /** Maximum size of the namespace, GiB (it may grow later, never shrink). */
  readonly sizeGb: number;
  /** 'user' (key-value) or 'seq' (append-only, what zstor uses for data). Fixed once created. @default 'user' */
  readonly mode?: ZdbMode;
  /** Namespace password (secret); given as `undefined` it is an error (an unset environment variable). @default - no password */
  readonly password?: string;
  /** Allow password-less read-only access. @default false */
  readonly public?: boolean;
  /** Workload name. @default - from the construct path */
  readonly name?: string;
}

export class Zdb extends Construct implements ISynthesizable {
  readonly slot: NodeSlot;
  readonly sizeGb: number;
  readonly mode: ZdbMode;
  readonly public: boolean;
  readonly workloadName: string;
  private readonly password?: string;
  private generated = false;

  constructor(scope: Construct, id: string, zdbProps: ZdbProps) {
    super(scope, id);
    const c = new Checker(this, 'zdb');
    const props = c.props(zdbProps);
    c.sizeGb('sizeGb', props.sizeGb, 'set sizeGb to 1 or more');
    const mode = props.mode ?? 'user';
    c.check(
      ZDB_MODES.includes(mode),
      'mode',
      props.mode,
      ZDB_MODES.map((m) => `'${m}'`).join(' or '),
      "set mode to 'user' (key-value) or 'seq' (append-only)",
    );
    // `password: process.env.X!` with X unset must not quietly make a namespace anyone can open
    c.check(
      !('password' in props) || props.password !== undefined,
      'password',
      undefined,
      'a password when the field is given',
      'set the password (is its environment variable unset?), or leave the field out for a namespace without password',
    );
    if (props.password !== undefined) {
      const ok =
        typeof props.password === 'string' &&
        props.password.length > 0 &&
        props.password.length <= 128 &&
        !/\s/.test(props.password);
      c.check(
        ok,
        'password',
        props.password,
        '1 to 128 characters without spaces',
        'choose another password or leave it out',
        true,
      );
    }
    c.boolean('public', props.public);
    const name = props.name ?? workloadNameFor(this);
    c.workloadName('name', name, 'db1');
    const node = props.node;
    const isSlot = node instanceof NodeSlot;
    c.check(
      node instanceof NodeSelector || isSlot,
      'node',
      node,
      'a NodeSelector or a slot of one',
      'pass a NodeSelector, e.g. new NodeSelector(app, "node", {...})',
    );
    const ok = c.done();
    this.mode = ok ? mode : 'user';
    this.workloadName = ok ? name : workloadNameFor(this);
    this.sizeGb = ok ? (props.sizeGb as number) : 1;
    this.public = props.public === true;
    this.password = ok ? props.password : undefined;
    // without a node (only while errors are collected) the zdb is left unplaced
    const selector = node instanceof NodeSelector ? node : isSlot ? node.selector : undefined;
    this.slot = isSlot ? node : (selector ?? new NodeSelector(this, 'InvalidNode')).place(this);
    if (isSlot) this.slot.consumers.add(this.node.path);
    if (selector) this.node.addDependency(selector);
  }

  /** Name of the secret holding the password. */
  get passwordSecretName(): string {
    return `${dottedPath(this)}.password`;
  }

  /** Has the engine generate a password (used by ZstorCluster); ignored when one is given. */
  generatePassword(): void {
    this.generated = true;
  }

  /** Whether the namespace has a password (given or generated). */
  get hasPassword(): boolean {
    return this.password !== undefined || this.generated;
  }

  /** A placeholder for a result field known after deploy: 'Namespace', 'Port', 'IPs' or 'address' (ip:port). */
  ref(field: 'Namespace' | 'Port' | 'IPs' | 'address'): string {
    return refPlaceholder(this.slot.unitId, this.workloadName, field);
  }

  /** The password placeholder (declares the secret), or '' without password. */
  passwordPlaceholder(ctx: SynthContext): string {
    return this.hasPassword ? ctx.secret(this.passwordSecretName, 'password', this.password) : '';
  }

  synthesize(ctx: SynthContext): void {
    const size = gibToBytes(this.sizeGb);
    const data = { size, mode: this.mode, password: this.passwordPlaceholder(ctx), public: this.public };
    ctx.unit(this.slot).add(
      this,
      {
        name: this.workloadName,
        type: 'zdb',
        data,
        fields: { size: 'sizeGb', mode: 'mode', password: 'password', public: 'public' },
      },
      { hru: size },
    );
  }
}
