/**
 * A virtual machine (zos `zmachine`) booted from an flist, on one node, in one private network,
 * optionally with disks, a public IP, planetary (yggdrasil), mycelium, GPUs and log streams (zlogs).
 */
import { Construct, IConstruct } from 'constructs';
import { UINT_MAX } from '../model/zos/field-checks';
import { MIN_MACHINE_MEMORY, minRootSize } from '../model/zos/machine-common';
import { Checker, isPlainObject, MAX_SIZE_GB, MAX_SIZE_MB, reportProblems } from './errors';
import { Disk, type DiskOptions } from './disk';

/** A disk of a machine: its options and the construct id. */
export interface MachineDiskOptions extends DiskOptions {
  /** Construct id of the disk (its workload name follows from the path). @default 'disk<i>' */
  readonly id?: string;
}
import { Flist } from './flist';
import type { SecretKind } from './manifest';
import { dottedPath, GIB, gibToBytes, MIB, stableHex, workloadNameFor } from './names';
import { Network } from './network';
import { NodeSelector, type NodeSlot } from './node-selector';
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
  /** Root filesystem size, GiB: 0 (the node's default) or at least 500 MiB (0.48828125 GiB); at least 2 when cpu * memory >= 8 GiB (zos's MinRootSize). @default 2 */
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

/** Which prop each zmachine data field comes from (for zos problems). */
const MACHINE_FIELDS: Readonly<Record<string, string>> = {
  flist: 'flist',
  size: 'rootfsGb',
  'compute_capacity.cpu': 'cpu',
  'compute_capacity.memory': 'memoryMb',
  'network.interfaces': 'network',
  'network.mycelium': 'myceliumSeed',
  'network.public_ip': 'publicIp',
  mounts: 'disks',
  entrypoint: 'entrypoint',
  env: 'env',
  gpu: 'gpu',
  corex: 'corex',
};

/** The smallest rootfs zos gives any machine, bytes. */
const MIN_ROOT_SIZE = minRootSize(1, MIN_MACHINE_MEMORY);

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

  constructor(scope: Construct, id: string, machineProps: MachineProps) {
    super(scope, id);
    const c = new Checker(this, 'machine');
    const props = c.props(machineProps);
    this.props = props as MachineProps;
    const node = props.node;
    const network = props.network;
    c.instance(
      'node',
      node,
      NodeSelector,
      'a NodeSelector',
      'pass a NodeSelector, e.g. new NodeSelector(app, "node", {...})',
    );
    c.instance('network', network, Network, 'a Network', 'pass a Network, e.g. new Network(app, "net")');
    const flist = props.flist ?? Flist.ubuntu22();
    if (
      c.instance(
        'flist',
        flist,
        Flist,
        'an Flist',
        'use Flist.fromUrl("https://...flist") or Flist.ubuntu22()',
      )
    ) {
      const fp = flist.problem();
      if (fp) c.fail(...fp);
    }
    this.flist = flist instanceof Flist && !c.failed('flist') ? flist : Flist.ubuntu22();
    const cpu = props.cpu ?? 1;
    const memoryMb = props.memoryMb ?? 2048;
    const rootfsGb = props.rootfsGb ?? 2;
    c.integer('cpu', cpu, 1, UINT_MAX[8], 'set cpu to a whole number of cores, 1 or more');
    c.integer(
      'memoryMb',
      memoryMb,
      MIN_MACHINE_MEMORY / MIB,
      MAX_SIZE_MB,
      `set memoryMb to ${MIN_MACHINE_MEMORY / MIB} or more`,
    );
    this.checkRootfs(c, rootfsGb, cpu, memoryMb);
    const name = props.name ?? workloadNameFor(this);
    c.workloadName('name', name, 'vm1');
    this.workloadName = c.failed('name') ? workloadNameFor(this) : (name as string);
    const env = props.env ?? {};
    if (c.check(isPlainObject(env), 'env', env, 'an object of strings', 'write env as {KEY: "value"}')) {
      for (const [k, v] of Object.entries(env)) {
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
    }
    c.string('entrypoint', props.entrypoint, true, 'set entrypoint to a command, or leave it out');
    c.string('description', props.description, true, 'set description to a text, or leave it out');
    const keys = c.list('sshKeys', props.sshKeys, 'a list of public keys');
    keys.forEach((k, i) =>
      c.check(
        typeof k === 'string' && SSH_KEY_PATTERN.test(k.trim()),
        `sshKeys[${i}]`,
        k,
        "a public key such as 'ssh-ed25519 AAAA... me@host'",
        'paste the content of your ~/.ssh/id_*.pub',
      ),
    );
    if (keys.length > 0 && !c.failed('sshKeys')) {
      if (this.env.has('SSH_KEY'))
        c.fail('env.SSH_KEY', '(set)', 'left out when sshKeys is given', 'give the keys in sshKeys only');
      this.env.set('SSH_KEY', (keys as string[]).map((k) => k.trim()).join('\n'));
    }
    for (const key of ['publicIpv4', 'publicIpv6', 'planetary', 'mycelium', 'corex'] as const)
      c.boolean(key, props[key]);
    this.planetary = props.planetary === true;
    this.mycelium = props.mycelium === true;
    if (this.mycelium && network instanceof Network && !network.mycelium) {
      c.fail(
        'mycelium',
        true,
        `used with a network that has mycelium (network ${network.node.path} has not)`,
        'set mycelium: true on the network, or leave it out here',
      );
    }
    if (props.myceliumSeed !== undefined) {
      c.check(
        typeof props.myceliumSeed === 'string' && /^[0-9a-fA-F]{12}$/.test(props.myceliumSeed),
        'myceliumSeed',
        props.myceliumSeed,
        '12 hex characters (6 bytes)',
        'give 12 hex characters or leave it out',
      );
    }
    const gpu = c.list('gpu', props.gpu, "a list of 'slot/vendor/device'");
    gpu.forEach((g, i) =>
      c.check(
        typeof g === 'string' && /^[0-9a-fA-F:.]+\/[0-9a-fA-F]{4}\/[0-9a-fA-F]{4}$/.test(g),
        `gpu[${i}]`,
        g,
        "'slot/vendor/device' such as '0000:28:00.0/1002/731f'",
        "list the node's GPUs with the grid proxy",
      ),
    );
    if (gpu.length > 0 && node instanceof NodeSelector && node.nodeId === undefined && !node.filters.hasGpu) {
      c.fail(
        'gpu',
        props.gpu,
        'used on a fixed node or a selector with hasGpu',
        'set hasGpu: true on the node selector, or a nodeId',
      );
    }
    this.zlogs = c.list('zlogs', props.zlogs, 'a list of urls') as string[];
    this.zlogs.forEach((u, i) =>
      c.check(
        typeof u === 'string' && /^(redis|ws|wss):\/\/\S+$/.test(u),
        `zlogs[${i}]`,
        u,
        'a redis://, ws:// or wss:// url',
        'give the url of your log collector',
      ),
    );
    if (props.publicIp !== undefined) {
      c.instance(
        'publicIp',
        props.publicIp,
        PublicIp,
        'a PublicIp',
        'pass a PublicIp, or use publicIpv4/publicIpv6',
      );
      if (props.publicIpv4 || props.publicIpv6) {
        c.fail(
          'publicIp',
          props.publicIp instanceof PublicIp ? props.publicIp.node.path : props.publicIp,
          'left out when publicIpv4/publicIpv6 is set',
          'use one of the two',
        );
      }
    }
    const disks = c.list('disks', props.disks, 'a list of disks');
    disks.forEach((d, i) => {
      if (
        !c.check(
          isPlainObject(d),
          `disks[${i}]`,
          d,
          'an object {sizeGb, mountpoint}',
          'write a disk as {sizeGb: 10, mountpoint: "/data"}',
        )
      )
        return;
      const did = (d as MachineDiskOptions).id;
      if (did !== undefined)
        c.check(
          typeof did === 'string' && /^[A-Za-z0-9_-]+$/.test(did),
          `disks[${i}].id`,
          did,
          'a construct id of [A-Za-z0-9_-]',
          'leave id out, or give a short name such as "data"',
        );
    });
    this.entrypointValue = typeof props.entrypoint === 'string' ? props.entrypoint : this.flist.entrypoint;
    const placed = node instanceof NodeSelector && network instanceof Network;
    const ok = c.done();
    this.cpu = ok ? (cpu as number) : 1;
    this.memoryMb = ok ? (memoryMb as number) : 2048;
    this.rootfsGb = ok ? (rootfsGb as number) : 2;
    // without a node or network (only while errors are collected) the machine is left unplaced
    this.network = network instanceof Network ? network : new Network(this, 'InvalidNetwork');
    this.slot = placed ? node.place(this) : new NodeSelector(this, 'InvalidNode').place(this);
    this.node.addDependency(this.network);
    this.network.join(this, this.slot, true);
    if (props.publicIp instanceof PublicIp) {
      const err = props.publicIp.attach(this, this.slot);
      if (err) reportProblems(this, [err]);
      this.publicIp = props.publicIp;
      this.node.addDependency(props.publicIp);
    } else if (props.publicIpv4 === true || props.publicIpv6 === true) {
      this.publicIp = new PublicIp(this, 'PublicIp', {
        v4: props.publicIpv4 === true,
        v6: props.publicIpv6 === true,
      });
      this.publicIp.attach(this, this.slot);
    }
    disks.forEach((d, i) => {
      if (!isPlainObject(d)) return;
      const o = d as unknown as MachineDiskOptions;
      const did = typeof o.id === 'string' && /^[A-Za-z0-9_-]+$/.test(o.id) ? o.id : `disk${i}`;
      new Disk(this, did, { sizeGb: o.sizeGb, mountpoint: o.mountpoint, name: o.name, machine: this });
    });
  }

  /** rootfs: zos's rule (0 for the minimum, else at least the minimum for this cpu and memory). */
  private checkRootfs(c: Checker, rootfsGb: unknown, cpu: unknown, memoryMb: unknown): void {
    const n = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
    const min = minRootSize(n(cpu, 1), n(memoryMb, 0) * MIB);
    const bytes = typeof rootfsGb === 'number' && Number.isFinite(rootfsGb) ? gibToBytes(rootfsGb) : NaN;
    const minText = min >= GIB ? `${min / GIB} GiB` : `${min / MIB} MiB (${min / GIB} GiB)`;
    const why = min > MIN_ROOT_SIZE ? " (zos's minimum when cpu * memory >= 8 GiB)" : '';
    c.check(
      bytes === 0 || (bytes >= min && bytes <= UINT_MAX[64]),
      'rootfsGb',
      rootfsGb,
      `0 (the node's minimum) or at least ${minText}${why}, at most ${MAX_SIZE_GB} GiB`,
      `set rootfsGb to ${min >= GIB ? min / GIB : 0.5} or more (or 0)`,
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
      {
        name: this.workloadName,
        type: 'zmachine',
        data,
        description: this.props.description,
        fields: MACHINE_FIELDS,
      },
      { cru: this.cpu, mru: memory, sru: size },
    );
    this.zlogs.forEach((output, i) => {
      const name = `${this.workloadName.slice(0, 30)}_log${i}`;
      unit.add(this, {
        name,
        type: 'zlogs',
        data: { zmachine: this.workloadName, output },
        fields: { output: `zlogs[${i}]` },
      });
    });
  }
}
