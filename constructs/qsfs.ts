/**
 * A quantum safe filesystem (zos `qsfs` workload) mounted into a machine: a local zdb cache in front
 * of a zstor cluster (or backends given by hand). The qsfs lives on the machine's node.
 */
import { Construct } from 'constructs';
import { UINT_MAX } from '../model/zos/field-checks';
import type { QsfsConfig, ZdbBackend } from '../model/zos/types';
import { Checker } from './errors';
import { Machine } from './machine';
import { dottedPath, GIB, gibToBytes, workloadNameFor } from './names';
import type { ISynthesizable, SynthContext } from './synth';
import { checkQsfsBackends } from './qsfs-backends';
import { zstorConfigProblems, ZstorCluster } from './zstor-cluster';

/** A zdb backend given by hand (an existing namespace). */
export interface QsfsBackend {
  /** IP literal and port: 'ipv4:9900' or '[ipv6]:9900'. */
  readonly address: string;
  /** Namespace name. */
  readonly namespace: string;
  /** Namespace password (secret). @default '' */
  readonly password?: string;
}

/** Backends given by hand instead of a ZstorCluster. */
export interface QsfsBackends {
  /** k: shards needed to read. */
  readonly minimalShards: number;
  /** n: shards written. */
  readonly expectedShards: number;
  /** @default 0 */
  readonly redundantGroups?: number;
  /** @default 0 */
  readonly redundantNodes?: number;
  /** Exactly 4 user-mode zdbs for metadata. */
  readonly meta: QsfsBackend[];
  /** Groups of seq-mode data zdbs (at least expectedShards in total). */
  readonly groups: QsfsBackend[][];
}

export interface QsfsProps {
  /** The machine that mounts the filesystem (the qsfs is created on its node). */
  readonly machine: Machine;
  /** Absolute path in the machine. */
  readonly mountpoint: string;
  /** Local cache size, GiB (charged as SSD). */
  readonly cacheGb: number;
  /** The zstor cluster holding the data. Give this or `backends`. */
  readonly zstor?: ZstorCluster;
  /** Backends given by hand. Give this or `zstor`. */
  readonly backends?: QsfsBackends;
  /** AES-256 key, 64 hex characters (secret). @default - the cluster's key, else generated */
  readonly encryptionKey?: string;
  /** Compression algorithm; zstor knows only snappy. @default 'snappy' */
  readonly compression?: 'snappy';
  /** Local zdb data kept before pushing to zstor, MiB. @default - the cache size */
  readonly maxZdbDataDirSizeMb?: number;
  /** Prefix of metadata keys (hand-given backends). @default - the construct path */
  readonly metaPrefix?: string;
  /** Workload name. @default - from the construct path */
  readonly name?: string;
}

export class Qsfs extends Construct implements ISynthesizable {
  readonly machine: Machine;
  readonly cacheGb: number;
  readonly workloadName: string;
  readonly zstor?: ZstorCluster;
  private readonly props: QsfsProps;

  constructor(scope: Construct, id: string, qsfsProps: QsfsProps) {
    super(scope, id);
    const c = new Checker(this, 'qsfs');
    const props = c.props(qsfsProps);
    c.sizeGb('cacheGb', props.cacheGb, 'set cacheGb to 1 or more');
    c.check(
      (props.zstor === undefined) !== (props.backends === undefined),
      'zstor',
      props.zstor instanceof ZstorCluster ? props.zstor.node.path : props.zstor,
      'given, or backends given, but not both',
      'pass a ZstorCluster as zstor (or backends by hand)',
    );
    if (props.zstor !== undefined)
      c.instance(
        'zstor',
        props.zstor,
        ZstorCluster,
        'a ZstorCluster',
        'pass a ZstorCluster, or backends by hand',
      );
    c.aesKey('encryptionKey', props.encryptionKey);
    c.check(
      props.compression === undefined || props.compression === 'snappy',
      'compression',
      props.compression,
      "'snappy'",
      "leave compression out or set 'snappy'",
    );
    if (props.maxZdbDataDirSizeMb !== undefined)
      c.integer(
        'maxZdbDataDirSizeMb',
        props.maxZdbDataDirSizeMb,
        1,
        UINT_MAX[32],
        'set it to a whole number of MiB',
      );
    else if (!c.failed('cacheGb'))
      c.check(
        Math.round((props.cacheGb as number) * 1024) <= UINT_MAX[32],
        'cacheGb',
        props.cacheGb,
        `at most ${Math.floor(UINT_MAX[32] / 1024)} GiB when maxZdbDataDirSizeMb is left out (zos keeps it in a uint32 of MiB)`,
        'lower cacheGb or set maxZdbDataDirSizeMb',
      );
    if (props.metaPrefix !== undefined)
      c.check(
        typeof props.metaPrefix === 'string' && props.metaPrefix !== '',
        'metaPrefix',
        props.metaPrefix,
        'a non-empty string',
        'leave metaPrefix out or give a name',
      );
    if (props.backends !== undefined) checkQsfsBackends(c, props.backends);
    const name = props.name ?? workloadNameFor(this);
    c.workloadName('name', name, 'qsfs1');
    const machine = props.machine;
    if (c.instance('machine', machine, Machine, 'a Machine', 'pass the Machine that mounts the filesystem')) {
      const bad = machine.addMount(this, c.failed('name') ? '' : name, props.mountpoint as string);
      if (bad) c.fail('mountpoint', props.mountpoint, bad[0], bad[1]);
      this.node.addDependency(machine);
    }
    if (props.zstor instanceof ZstorCluster) this.node.addDependency(props.zstor);
    c.done();
    this.props = props as QsfsProps;
    this.machine = machine as Machine;
    this.cacheGb = props.cacheGb as number;
    this.zstor = props.zstor;
    this.workloadName = name;
  }

  synthesize(ctx: SynthContext): void {
    const cache = gibToBytes(this.cacheGb);
    const maxDir = this.props.maxZdbDataDirSizeMb ?? Math.round(this.cacheGb * 1024);
    const ownKey =
      this.props.encryptionKey !== undefined
        ? ctx.secret(
            `${dottedPath(this)}.encryption-key`,
            'aes-256-key',
            this.props.encryptionKey.toLowerCase(),
          )
        : undefined;
    let config: QsfsConfig;
    if (this.zstor) {
      config = this.zstor.zstorConfig(ctx, maxDir, ownKey);
    } else {
      const b = this.props.backends!;
      const key = ownKey ?? ctx.secret(`${dottedPath(this)}.encryption-key`, 'aes-256-key');
      const backend = (x: QsfsBackend, name: string): ZdbBackend => ({
        address: x.address,
        namespace: x.namespace,
        password: x.password
          ? ctx.secret(`${dottedPath(this)}.${name}.password`, 'password', x.password)
          : '',
      });
      config = {
        minimal_shards: b.minimalShards,
        expected_shards: b.expectedShards,
        redundant_groups: b.redundantGroups ?? 0,
        redundant_nodes: b.redundantNodes ?? 0,
        max_zdb_data_dir_size: maxDir,
        encryption: { algorithm: 'AES', key },
        meta: {
          type: 'zdb',
          config: {
            prefix: this.props.metaPrefix ?? dottedPath(this),
            encryption: { algorithm: 'AES', key },
            backends: b.meta.map((x, i) => backend(x, `meta${i}`)),
          },
        },
        groups: b.groups.map((g, gi) => ({ backends: g.map((x, i) => backend(x, `group${gi}.${i}`)) })),
        compression: { algorithm: 'snappy' },
      };
    }
    // the grid reports a bad qsfs config only as a mount timeout: catch it here
    const field = this.zstor ? 'zstor' : 'backends';
    for (const p of zstorConfigProblems(config)) ctx.problem(`${this.node.path}: qsfs '${field}' ${p}`);
    ctx.unit(this.machine.slot).add(
      this,
      {
        name: this.workloadName,
        type: 'qsfs',
        data: { cache, config: config as unknown as Record<string, unknown> },
        fields: {
          cache: 'cacheGb',
          'config.max_zdb_data_dir_size': 'maxZdbDataDirSizeMb',
          config: this.zstor ? 'zstor' : 'backends',
        },
      },
      { cru: 1, mru: GIB, sru: cache },
    );
  }
}
