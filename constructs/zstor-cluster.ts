/**
 * A zstor cluster: k data + (n-k) parity shards of every file, each on a seq-mode zdb of a distinct
 * node, plus exactly 4 user-mode zdbs for metadata (storage-facts.md). Stored bytes ~= size * n / k;
 * any n - k data zdbs may be lost. A Qsfs uses the cluster as its backend.
 */
import { displayValue, isPlaceholder } from './placeholders';
import { Construct } from 'constructs';
import type { QsfsConfig, ZdbBackend } from '../model/zos/types';
import { Checker, ValidationError } from './errors';
import { dottedPath } from './names';
import { keepApart, NodeSelector, type NodeSlot } from './node-selector';
import { SynthContext } from './synth';
import { renderToml, type TomlTable } from './toml';
import { Zdb } from './zdb';

export interface ZstorClusterProps {
  /** One selector handing out n distinct nodes, or a list of n selectors (one node each). */
  readonly nodes: NodeSelector | NodeSelector[];
  /** k: data shards, the number needed to read a file (zstor's minimal_shards). */
  readonly dataShards: number;
  /** n - k: extra shards; this many data zdbs may be lost. */
  readonly parityShards: number;
  /** Size of each data zdb, GiB. */
  readonly zdbSizeGb: number;
  /** Size of each of the 4 metadata zdbs, GiB. @default 1 */
  readonly metaZdbSizeGb?: number;
  /** Put every data zdb on a node of a different farm too. @default false */
  readonly spreadAcrossFarms?: boolean;
  /** Nodes of the group that may be unreachable while writing (at most parityShards). @default 0 */
  readonly redundantNodes?: number;
  /** AES-256 key, 64 hex characters (secret). @default - generated */
  readonly encryptionKey?: string;
  /** Prefix of metadata keys. @default - the construct path */
  readonly metaPrefix?: string;
}

/** Optional top-level fields of a zstor config file (not part of the zos qsfs workload). */
export interface ZstorFileOptions {
  root?: string;
  socket?: string;
  zdb_data_dir_path?: string;
  zdbfs_mountpoint?: string;
  prometheus_port?: number;
}

export const META_BACKENDS = 4;

export class ZstorCluster extends Construct {
  readonly dataShards: number;
  readonly parityShards: number;
  readonly dataZdbs: Zdb[] = [];
  readonly metaZdbs: Zdb[] = [];
  readonly redundantNodes: number;
  readonly metaPrefix: string;
  private readonly encryptionKey?: string;

  constructor(scope: Construct, id: string, clusterProps: ZstorClusterProps) {
    super(scope, id);
    const c = new Checker(this, 'zstor cluster');
    const props = c.props(clusterProps);
    c.integer('dataShards', props.dataShards, 1, 254, 'set dataShards (k) to 1 or more, e.g. 16');
    c.integer('parityShards', props.parityShards, 0, 254, 'set parityShards to 0 or more, e.g. 4');
    const k = c.failed('dataShards') ? 1 : (props.dataShards as number);
    const parity = c.failed('parityShards') ? 0 : (props.parityShards as number);
    const n = k + parity;
    c.check(
      n <= 255,
      'parityShards',
      props.parityShards,
      'such that dataShards + parityShards <= 255',
      'use fewer shards',
    );
    c.sizeGb('zdbSizeGb', props.zdbSizeGb, 'set zdbSizeGb to 1 or more');
    if (props.metaZdbSizeGb !== undefined)
      c.sizeGb('metaZdbSizeGb', props.metaZdbSizeGb, 'set metaZdbSizeGb to 1 or more');
    c.boolean('spreadAcrossFarms', props.spreadAcrossFarms);
    const redundantNodes = props.redundantNodes ?? 0;
    c.check(
      typeof redundantNodes === 'number' &&
        Number.isInteger(redundantNodes) &&
        redundantNodes >= 0 &&
        redundantNodes <= parity,
      'redundantNodes',
      props.redundantNodes,
      `an integer from 0 to parityShards (${parity})`,
      'lower redundantNodes or add parity shards',
    );
    c.aesKey('encryptionKey', props.encryptionKey);
    const metaPrefix = props.metaPrefix ?? dottedPath(this);
    c.check(
      typeof metaPrefix === 'string' && metaPrefix.length > 0,
      'metaPrefix',
      props.metaPrefix,
      'a non-empty string',
      'leave metaPrefix out or give a name',
    );
    const slots = c.problems.length === 0 ? this.placeSlots(c, props as ZstorClusterProps, n) : [];
    const ok = c.done();
    this.dataShards = k;
    this.parityShards = parity;
    this.redundantNodes = ok ? redundantNodes : 0;
    this.metaPrefix = ok ? metaPrefix : dottedPath(this);
    this.encryptionKey = ok ? props.encryptionKey?.toLowerCase() : undefined;
    if (slots.length !== n) return;
    slots.forEach((slot, i) => {
      const z = new Zdb(this, `data${i}`, { node: slot, sizeGb: props.zdbSizeGb!, mode: 'seq' });
      z.generatePassword();
      this.dataZdbs.push(z);
    });
    for (let i = 0; i < META_BACKENDS; i++) {
      const z = new Zdb(this, `meta${i}`, {
        node: slots[i % n],
        sizeGb: props.metaZdbSizeGb ?? 1,
        mode: 'user',
      });
      z.generatePassword();
      this.metaZdbs.push(z);
    }
  }

  /** True when the cluster has all its zdbs (it may not while errors are collected). */
  get complete(): boolean {
    return this.dataZdbs.length === this.expectedShards && this.metaZdbs.length === META_BACKENDS;
  }

  private placeSlots(c: Checker, props: ZstorClusterProps, n: number): NodeSlot[] {
    const farms = props.spreadAcrossFarms ?? false;
    if (props.nodes instanceof NodeSelector) {
      if (props.nodes.maxSlots < n) {
        c.fail(
          'nodes',
          props.nodes.node.path,
          `a selector giving ${n} distinct nodes (it is fixed to node ${props.nodes.nodeId})`,
          `use a selector with filters, or a list of ${n} selectors`,
        );
        return [];
      }
      const slots = props.nodes.placeMany(this, n);
      if (farms) slots.forEach((a, i) => slots.slice(i + 1).forEach((b) => keepApart(a, b, true)));
      return slots;
    }
    if (
      !Array.isArray(props.nodes) ||
      props.nodes.length !== n ||
      !props.nodes.every((x) => x instanceof NodeSelector)
    ) {
      c.fail(
        'nodes',
        Array.isArray(props.nodes) ? `${props.nodes.length} selectors` : props.nodes,
        `a NodeSelector, or a list of exactly ${n} NodeSelectors (dataShards + parityShards)`,
        `give ${n} node selectors`,
      );
      return [];
    }
    const slots = props.nodes.map((s) => s.place(this));
    slots.forEach((a, i) =>
      slots.slice(i + 1).forEach((b, j) => {
        if (a.unitId === b.unitId) {
          c.fail(
            `nodes[${i + 1 + j}]`,
            b.selector.node.path,
            `a node other than nodes[${i}] (both are '${a.unitId}')`,
            'give every shard its own node',
          );
        }
        keepApart(a, b, farms);
      }),
    );
    return slots;
  }

  /** n: total shards (zstor's expected_shards). */
  get expectedShards(): number {
    return this.dataShards + this.parityShards;
  }

  /** Stored bytes per byte of data: n / k. */
  get overhead(): number {
    return this.expectedShards / this.dataShards;
  }

  /** Data zdbs (nodes) that may be lost with every file still readable: n - k. Metadata reads need 2 of the 4 meta zdbs. */
  get survivesNodeFailures(): number {
    return this.parityShards;
  }

  /** Usable capacity, GiB: k * zdbSizeGb. */
  get usableGb(): number {
    return this.dataShards * (this.dataZdbs[0]?.sizeGb ?? 0);
  }

  /** Name of the secret holding the AES key. */
  get encryptionKeySecretName(): string {
    return `${dottedPath(this)}.encryption-key`;
  }

  /**
   * The zstor config (zos qsfs `config` field order) with placeholders for zdb addresses, namespaces,
   * passwords and the key; `keyPlaceholder` overrides the cluster's key.
   */
  zstorConfig(ctx: SynthContext, maxZdbDataDirSizeMb: number, keyPlaceholder?: string): QsfsConfig {
    const key = keyPlaceholder ?? ctx.secret(this.encryptionKeySecretName, 'aes-256-key', this.encryptionKey);
    const backend = (z: Zdb): ZdbBackend => ({
      address: z.ref('address'),
      namespace: z.ref('Namespace'),
      password: z.passwordPlaceholder(ctx),
    });
    return {
      minimal_shards: this.dataShards,
      expected_shards: this.expectedShards,
      redundant_groups: 0,
      redundant_nodes: this.redundantNodes,
      max_zdb_data_dir_size: maxZdbDataDirSizeMb,
      encryption: { algorithm: 'AES', key },
      meta: {
        type: 'zdb',
        config: {
          prefix: this.metaPrefix,
          encryption: { algorithm: 'AES', key },
          backends: this.metaZdbs.map(backend),
        },
      },
      groups: [{ backends: this.dataZdbs.map(backend) }],
      compression: { algorithm: 'snappy' },
    };
  }

  /** The cluster's zstor config file as TOML, with placeholders where values are known after deploy. */
  renderConfig(maxZdbDataDirSizeMb = 32, file: ZstorFileOptions = {}): string {
    return renderZstorConfig(
      displayValue(this.zstorConfig(new SynthContext('preview'), maxZdbDataDirSizeMb)),
      file,
    );
  }
}

/** A zdb address as zstor takes it: an IP literal with a port ('[ipv6]:9900' or 'ipv4:9900'). */
export const BACKEND_ADDRESS_PATTERN = /^(\[[0-9a-fA-F:.]+\]|\d{1,3}(\.\d{1,3}){3}):\d{1,5}$/;

/** Checks a zstor config against zstor's rules; returns problems ([] when valid). */
export function zstorConfigProblems(cfg: QsfsConfig): string[] {
  const p: string[] = [];
  const data = cfg.groups.flatMap((g) => g.backends);
  if (!(cfg.minimal_shards >= 1 && cfg.minimal_shards <= cfg.expected_shards)) {
    p.push(
      `zstor config: minimal_shards (${cfg.minimal_shards}) must be 1 to expected_shards (${cfg.expected_shards})`,
    );
  }
  if (data.length < cfg.expected_shards) {
    p.push(
      `zstor config: ${data.length} data backends for expected_shards ${cfg.expected_shards}: add backends or lower expected_shards`,
    );
  }
  if (cfg.meta.config.backends.length !== META_BACKENDS) {
    p.push(
      `zstor config: meta needs exactly ${META_BACKENDS} backends, got ${cfg.meta.config.backends.length}`,
    );
  }
  for (const b of [...cfg.meta.config.backends, ...data]) {
    if (!isPlaceholder(b.address) && !BACKEND_ADDRESS_PATTERN.test(b.address)) {
      p.push(
        `zstor config: backend address ${JSON.stringify(b.address)} must be an IP literal with port ('[ipv6]:9900' or 'ipv4:9900'), not a host name`,
      );
    }
  }
  for (const k of [cfg.encryption.key, cfg.meta.config.encryption.key]) {
    if (!isPlaceholder(k) && !/^[0-9a-f]{64}$/.test(k))
      p.push('zstor config: encryption key must be 64 lowercase hex characters (value not shown)');
  }
  const worst = data.length - cfg.redundant_nodes;
  if (cfg.groups.length === 1 && worst < cfg.minimal_shards) {
    p.push(
      `zstor config: losing redundant_nodes (${cfg.redundant_nodes}) leaves ${worst} backends, fewer than minimal_shards (${cfg.minimal_shards})`,
    );
  }
  return p;
}

/** Renders a zstor config file (TOML) exactly in zstor's field names; throws a ValidationError when the config breaks zstor's rules. */
export function renderZstorConfig(cfg: QsfsConfig, file: ZstorFileOptions = {}): string {
  const problems = zstorConfigProblems(cfg);
  if (problems.length > 0) throw new ValidationError(problems);
  const backend = (b: ZdbBackend): TomlTable => ({
    address: b.address,
    namespace: b.namespace,
    password: b.password || undefined,
  });
  const doc: TomlTable = {
    minimal_shards: cfg.minimal_shards,
    expected_shards: cfg.expected_shards,
    redundant_groups: cfg.redundant_groups,
    redundant_nodes: cfg.redundant_nodes,
    root: file.root,
    zdbfs_mountpoint: file.zdbfs_mountpoint,
    socket: file.socket,
    prometheus_port: file.prometheus_port,
    zdb_data_dir_path: file.zdb_data_dir_path,
    max_zdb_data_dir_size: cfg.max_zdb_data_dir_size,
    encryption: { algorithm: cfg.encryption.algorithm, key: cfg.encryption.key },
    compression: { algorithm: cfg.compression.algorithm },
    meta: {
      type: cfg.meta.type,
      config: {
        prefix: cfg.meta.config.prefix,
        encryption: { algorithm: cfg.meta.config.encryption.algorithm, key: cfg.meta.config.encryption.key },
        backends: cfg.meta.config.backends.map(backend),
      },
    },
    groups: cfg.groups.map((g) => ({ backends: g.backends.map(backend) })),
  };
  return renderToml(doc);
}
