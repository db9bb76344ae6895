/**
 * A virtual machine (zos `zmachine`) booted from an flist, on one node, in one private network,
 * optionally with disks, a public IP, planetary (yggdrasil), mycelium, GPUs and log streams (zlogs).
 */
import { Construct, IConstruct } from 'constructs';
import { Checker } from './errors';
import { Disk, type DiskOptions } from './disk';

/** A disk of a machine: its options and the construct id. */
export interface MachineDiskOptions extends DiskOptions {
  /** Construct id of the disk (its workload name follows from the path). @default 'disk<i>' */
  readonly id?: string;
}
import { Flist } from './flist';
import type { SecretKind } from './manifest';
import { dottedPath, gibToBytes, MIB, stableHex, workloadNameFor } from './names';
import type { Network } from './network';
import type { NodeSelector, NodeSlot } from './node-selector';
import { PublicIp } from './public-ip';
import type { ISynthesizable, SynthContext } from './synth';

export interface MachineProps {
  /** Where the machine runs. Machines on the same slot share one node contract. */
  readonly node: NodeSelector;
  /** The private network the machine joins (zos gives a machine exactly one). */
  readonly network: Network;
  /** The image. @default Flist.ubuntu22() */
  readonly flist?: Flist;
  /** Virtual cores. @default 1 */
  readonly cpu?: number;
  /** Memory, MiB (at least 250). @default 2048 */
  readonly memoryMb?: number;
  /** Root filesystem size, GiB: 0 (the node's default) or at least 0.5; at least 2 when cpu * memory >= 8 GiB. @default 2 */
  readonly rootfsGb?: number;
  /** Environment variables. @default {} */
  readonly env?: Record<string, string>;
  /** Command the image runs first. @default - the flist's entrypoint */
  readonly entrypoint?: string;
  /** Public SSH keys, passed as SSH_KEY (one per line). @default [] */
  readonly sshKeys?: string[];
  /** Disks created on the node and mounted. @default [] */
  readonly disks?: MachineDiskOptions[];
  /** Reserve a public IPv4 for the machine. @default false */
  readonly publicIpv4?: boolean;
  /** Reserve a public IPv6 for the machine. @default false */
  readonly publicIpv6?: boolean;
  /** A PublicIp construct to use instead of publicIpv4/publicIpv6. @default - none */
  readonly publicIp?: PublicIp;
  /** A yggdrasil (planetary) IP. @default false */
  readonly planetary?: boolean;
  /** A mycelium IP (the network needs `mycelium: true`). @default false */
  readonly mycelium?: boolean;
  /** Seed of the mycelium IP, 12 hex characters (6 bytes). @default - derived from the project and path */
  readonly myceliumSeed?: string;
  /** GPUs to pass through, as `slot/vendor/device` (e.g. '0000:28:00.0/1002/731f'). @default [] */
  readonly gpu?: string[];
  /** Stream the machine's logs to these redis://, ws:// or wss:// urls (zos `zlogs`). @default [] */
  readonly zlogs?: string[];
  /** Serve a web console (corex). @default false */
  readonly corex?: boolean;
  /** Workload name. @default - from the construct path */
  readonly name?: string;
  /** Workload description. @default '' */
  readonly description?: string;
}

const SSH_KEY_PATTERN =
  /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-\S+) [A-Za-z0-9+/=]+( [^\n]*)?$/;

export class Machine extends Construct implements ISynthesizable {
  readonly slot: NodeSlot;
  readonly network: Network;
  readonly flist: Flist;
  readonly cpu: number;
  readonly memoryMb: number;
  readonly rootfsGb: number;
  readonly workloadName: string;
  readonly planetary: boolean;
  readonly mycelium: boolean;
  readonly publicIp?: PublicIp;
  private readonly props: MachineProps;
  private readonly env = new Map<string, string | ((ctx: SynthContext) => string)>();
  private readonly mounts: { name: string; mountpoint: string }[] = [];
  private readonly zlogs: string[];

  constructor(scope: Construct, id: string, props: MachineProps) {
    super(scope, id);
    const c = new Checker(this, 'machine');
    this.props = props;
    this.flist = props.flist ?? Flist.ubuntu22();
    const fp = this.flist.problem();
    if (fp) c.fail(...fp);
    this.cpu = props.cpu ?? 1;
    this.memoryMb = props.memoryMb ?? 2048;
    this.rootfsGb = props.rootfsGb ?? 2;
    c.integer('cpu', this.cpu, 1, 255, 'set cpu to a whole number of cores, 1 or more');
    c.check(
      Number.isInteger(this.memoryMb) && this.memoryMb >= 250,
      'memoryMb',
      this.memoryMb,
      'a whole number of MiB, at least 250',
      'set memoryMb to 250 or more',
    );
    const rootOk = typeof this.rootfsGb === 'number' && (this.rootfsGb === 0 || this.rootfsGb >= 0.5);
    if (c.check(rootOk, 'rootfsGb', this.rootfsGb, '0 or at least 0.5 GiB', 'set rootfsGb to 0.5 or more')) {
      const big = this.cpu * (this.memoryMb / 1024) >= 8;
      c.check(
        !big || this.rootfsGb === 0 || this.rootfsGb >= 2,
        'rootfsGb',
        this.rootfsGb,
        'at least 2 GiB for a machine with cpu * memory >= 8 GiB',
        'set rootfsGb to 2 or more',
      );
    }
    this.workloadName = props.name ?? workloadNameFor(this);
    c.workloadName('name', this.workloadName, 'vm1');
    for (const [k, v] of Object.entries(props.env ?? {})) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
        c.fail(
          'env',
          k,
          'variable names of [A-Za-z0-9_] not starting with a digit',
          `rename variable ${JSON.stringify(k)}`,
        );
      else if (typeof v !== 'string') c.fail(`env.${k}`, v, 'a string', `quote the value of ${k}`);
      else this.env.set(k, v);
    }
    const keys = props.sshKeys ?? [];
    keys.forEach((k, i) =>
      c.check(
        typeof k === 'string' && SSH_KEY_PATTERN.test(k.trim()),
        `sshKeys[${i}]`,
        k,
        "a public key such as 'ssh-ed25519 AAAA... me@host'",
        'paste the content of your ~/.ssh/id_*.pub',
      ),
    );
    if (keys.length > 0) {
      if (this.env.has('SSH_KEY'))
        c.fail('env.SSH_KEY', '(set)', 'left out when sshKeys is given', 'give the keys in sshKeys only');
      this.env.set('SSH_KEY', keys.map((k) => k.trim()).join('\n'));
    }
    for (const key of ['publicIpv4', 'publicIpv6', 'planetary', 'mycelium', 'corex'] as const)
      c.boolean(key, props[key]);
    this.planetary = props.planetary ?? false;
    this.mycelium = props.mycelium ?? false;
    if (this.mycelium && !props.network.mycelium) {
      c.fail(
        'mycelium',
        true,
        `used with a network that has mycelium (network ${props.network.node.path} has not)`,
        'set mycelium: true on the network, or leave it out here',
      );
    }
    if (props.myceliumSeed !== undefined) {
      c.check(
        /^[0-9a-fA-F]{12}$/.test(props.myceliumSeed),
        'myceliumSeed',
        props.myceliumSeed,
        '12 hex characters (6 bytes)',
        'give 12 hex characters or leave it out',
      );
    }
    (props.gpu ?? []).forEach((g, i) =>
      c.check(
        /^[0-9a-fA-F:.]+\/[0-9a-fA-F]{4}\/[0-9a-fA-F]{4}$/.test(g),
        `gpu[${i}]`,
        g,
        "'slot/vendor/device' such as '0000:28:00.0/1002/731f'",
        "list the node's GPUs with the grid proxy",
      ),
    );
    if ((props.gpu ?? []).length > 0 && props.node.nodeId === undefined && !props.node.filters.hasGpu) {
      c.fail(
        'gpu',
        props.gpu,
        'used on a fixed node or a selector with hasGpu',
        'set hasGpu: true on the node selector, or a nodeId',
      );
    }
    this.zlogs = props.zlogs ?? [];
    this.zlogs.forEach((u, i) =>
      c.check(
        /^(redis|ws|wss):\/\/\S+$/.test(u),
        `zlogs[${i}]`,
        u,
        'a redis://, ws:// or wss:// url',
        'give the url of your log collector',
      ),
    );
    if (props.publicIp && (props.publicIpv4 || props.publicIpv6)) {
      c.fail(
        'publicIp',
        props.publicIp.node.path,
        'left out when publicIpv4/publicIpv6 is set',
        'use one of the two',
      );
    }
    this.entrypointValue = props.entrypoint ?? this.flist.entrypoint;
    this.slot = props.node.place(this);
    this.network = props.network;
    props.network.join(this, this.slot, true);
    if (props.publicIp) {
      const err = props.publicIp.attach(this, this.slot);
      if (err) c.problems.push(err);
      this.publicIp = props.publicIp;
    } else if (props.publicIpv4 || props.publicIpv6) {
      this.publicIp = new PublicIp(this, 'PublicIp', {
        v4: props.publicIpv4 ?? false,
        v6: props.publicIpv6 ?? false,
      });
      this.publicIp.attach(this, this.slot);
    }
    c.done();
    (props.disks ?? []).forEach(
      (d, i) =>
        new Disk(this, d.id ?? `disk${i}`, {
          sizeGb: d.sizeGb,
          mountpoint: d.mountpoint,
          name: d.name,
          machine: this,
        }),
    );
  }

  private readonly entrypointValue: string;

  /** The machine's private IP in its network (assigned deterministically). */
  get privateIp(): string {
    return this.network.ipOf(this) ?? '';
  }

  /** Mounts a disk or qsfs workload; returns [requirement, fix] when the mountpoint is bad. */
  addMount(_by: IConstruct, name: string, mountpoint: string): [string, string] | undefined {
    if (typeof mountpoint !== 'string' || !/^\/\S*[^/]$/.test(mountpoint)) {
      return ["an absolute path other than '/', e.g. '/data'", 'choose a directory such as /data'];
    }
    if (this.mounts.some((m) => m.mountpoint === mountpoint)) {
      return [`unique in machine ${this.node.path}`, 'mount each disk at its own path'];
    }
    this.mounts.push({ name, mountpoint });
    return undefined;
  }

  /** Sets an env variable whose value is a secret (it appears as a placeholder in the manifest). */
  setSecretEnv(key: string, secretName: string, kind: SecretKind, value?: string): void {
    this.env.set(key, (ctx) => ctx.secret(secretName, kind, value));
  }

  /** Sets an env variable computed at synth (e.g. another machine's IP). */
  setLazyEnv(key: string, value: () => string): void {
    this.env.set(key, () => value());
  }

  synthesize(ctx: SynthContext): void {
    const env: Record<string, string> = {};
    for (const key of [...this.env.keys()].sort()) {
      const v = this.env.get(key)!;
      env[key] = typeof v === 'function' ? v(ctx) : v;
    }
    const network: Record<string, unknown> = {
      public_ip: this.publicIp?.workloadName ?? '',
      planetary: this.planetary,
      interfaces: [{ network: this.network.name, ip: this.privateIp }],
    };
    if (this.mycelium) {
      const seed =
        this.props.myceliumSeed?.toLowerCase() ?? stableHex(`${ctx.project}/${dottedPath(this)}`, 6);
      network.mycelium = { network: this.network.name, hex_seed: seed };
    }
    const size = gibToBytes(this.rootfsGb);
    const memory = this.memoryMb * MIB;
    const data: Record<string, unknown> = {
      flist: this.flist.url,
      network,
      size,
      compute_capacity: { cpu: this.cpu, memory },
      mounts: this.mounts.map((m) => ({ name: m.name, mountpoint: m.mountpoint })),
      entrypoint: this.entrypointValue,
      env,
      corex: this.props.corex ?? false,
    };
    if (this.props.gpu?.length) data.gpu = [...this.props.gpu];
    const unit = ctx.unit(this.slot);
    unit.add(
      this,
      { name: this.workloadName, type: 'zmachine', data, description: this.props.description },
      { cru: this.cpu, mru: memory, sru: size },
    );
    this.zlogs.forEach((output, i) => {
      const name = `${this.workloadName.slice(0, 30)}_log${i}`;
      unit.add(this, { name, type: 'zlogs', data: { zmachine: this.workloadName, output } });
    });
  }
}
