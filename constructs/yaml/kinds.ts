/**
 * The resource kinds a YAML stack may list: one entry per construct class, saying which props
 * schema (schema.json `$defs`) describes it and which of its fields name other resources; it is
 * built as `new Construct(stack, name, props)`. Adding a construct kind to YAML is one entry here;
 * the checks stay in the construct.
 */
import type { Construct, IConstruct } from 'constructs';
import { DaoProposal } from '../dao-proposal';
import { DaoVote } from '../dao-vote';
import { Disk } from '../disk';
import { Flist } from '../flist';
import { GatewayFqdn } from '../gateway-fqdn';
import { GatewayName } from '../gateway-name';
import { KubernetesCluster } from '../kubernetes-cluster';
import { Machine } from '../machine';
import { Network } from '../network';
import { NodeSelector } from '../node-selector';
import { PublicIp } from '../public-ip';
import { Qsfs } from '../qsfs';
import { dottedPath } from '../names';
import type { PropsSchemaName } from '../schema';
import { Zdb } from '../zdb';
import { ZstorCluster } from '../zstor-cluster';

/** A field that names another resource of the stack. */
export interface RefSpec {
  /** the kinds the named resource may be (keys of KINDS) */
  readonly kinds: readonly string[];
  /** values matching this are taken as they are, not as names (e.g. a proposal hash) */
  readonly literal?: RegExp;
}

/** A field holding a value written in YAML as text, built into an object for the construct. */
export interface ValueSpec {
  /** what the YAML may hold, as a JSON Schema (for the stack schema) */
  readonly schema: Record<string, unknown>;
  /** the object the construct takes */
  readonly build: (value: unknown) => unknown;
}

export interface KindSpec {
  /** the construct class: built as `new construct(stack, name, props)` */
  // the constructs take typed props; the YAML layer hands them what the file says and lets them check it
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly construct: new (scope: Construct, id: string, props: any) => IConstruct;
  /** the construct's props in schema.json's `$defs` */
  readonly props: PropsSchemaName;
  /**
   * Fields naming other resources, by path: `node`, `master.node`, `workers[].node` (every item),
   * `nodes|[]` (one name or a list of names).
   */
  readonly refs: Readonly<Record<string, RefSpec>>;
  /** Fields given as YAML values and built into objects (an flist). */
  readonly values?: Readonly<Record<string, ValueSpec>>;
  /** The field (path prefix) a nested construct of this resource comes from, for error positions. */
  readonly childField?: (resource: IConstruct, childId: string, props: Record<string, unknown>) => string;
  /** Gives secret values to the construct as secrets where it has a way (a machine's env). */
  readonly secretField?: (resource: IConstruct, field: string, value: string) => boolean;
}

/** The flists by name: `flist: ubuntu22`. */
export const FLIST_NAMES = {
  ubuntu22: () => Flist.ubuntu22(),
  alpine: () => Flist.alpine(),
  centos8: () => Flist.centos8(),
  base: () => Flist.base(),
  k3s: () => Flist.k3s(),
} as const;

/** `flist`: a name of FLIST_NAMES, an url, or {url, md5, entrypoint}; the Machine checks the result. */
const FLIST: ValueSpec = {
  schema: {
    description: `an flist: ${Object.keys(FLIST_NAMES).join(', ')}, an url ending in .flist, or {url, md5, entrypoint}`,
    anyOf: [
      { enum: Object.keys(FLIST_NAMES) },
      { type: 'string', pattern: '^https?://\\S+\\.flist$' },
      {
        type: 'object',
        additionalProperties: false,
        required: ['url'],
        properties: {
          url: { type: 'string', description: "http(s) url ending in '.flist'" },
          md5: { type: 'string', description: '32 hex characters', pattern: '^[0-9a-fA-F]{32}$' },
          entrypoint: { type: 'string', description: 'the command the image starts' },
        },
      },
    ],
  },
  build: (v) => {
    if (typeof v === 'string')
      return v in FLIST_NAMES ? FLIST_NAMES[v as keyof typeof FLIST_NAMES]() : Flist.fromUrl(v);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as { url?: string; md5?: string; entrypoint?: string };
      return Flist.fromUrl(o.url as string, { md5: o.md5, entrypoint: o.entrypoint });
    }
    return v;
  },
};

const SELECTOR: RefSpec = { kinds: ['NodeSelector'] };
const NETWORK: RefSpec = { kinds: ['Network'] };
const MACHINE: RefSpec = { kinds: ['Machine'] };

export const KINDS = {
  NodeSelector: { construct: NodeSelector, props: 'NodeSelectorProps', refs: {} },
  Network: { construct: Network, props: 'NetworkProps', refs: {} },
  PublicIp: { construct: PublicIp, props: 'PublicIpProps', refs: { node: SELECTOR } },
  Machine: {
    construct: Machine,
    props: 'MachineProps',
    refs: { node: SELECTOR, network: NETWORK, publicIp: { kinds: ['PublicIp'] } },
    values: { flist: FLIST },
    childField: (_m, childId, p) => {
      const disks = Array.isArray(p.disks) ? (p.disks as { id?: unknown }[]) : [];
      const i = disks.findIndex((d, i) => (d?.id ?? `disk${i}`) === childId);
      return i >= 0 ? `disks[${i}]` : 'disks';
    },
    secretField: (m, field, value) => {
      const key = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(field)?.[1];
      if (!key || key === 'SSH_KEY') return false;
      (m as Machine).setSecretEnv(key, `${dottedPath(m)}.env.${key}`, 'password', value);
      return true;
    },
  },
  Disk: { construct: Disk, props: 'DiskProps', refs: { machine: MACHINE } },
  Zdb: { construct: Zdb, props: 'ZdbProps', refs: { node: SELECTOR } },
  ZstorCluster: { construct: ZstorCluster, props: 'ZstorClusterProps', refs: { 'nodes|[]': SELECTOR } },
  Qsfs: {
    construct: Qsfs,
    props: 'QsfsProps',
    refs: { machine: MACHINE, zstor: { kinds: ['ZstorCluster'] } },
  },
  KubernetesCluster: {
    construct: KubernetesCluster,
    props: 'KubernetesClusterProps',
    refs: { network: NETWORK, 'master.node': SELECTOR, 'workers[].node': SELECTOR },
    values: { flist: FLIST },
    childField: (k, childId) => {
      const c = k as KubernetesCluster;
      if (c.master?.node.id === childId) return 'master';
      const i = c.workers.findIndex((w) => w.node.id === childId);
      return i >= 0 ? `workers[${i}]` : '';
    },
  },
  GatewayName: {
    construct: GatewayName,
    props: 'GatewayNameProps',
    refs: { node: SELECTOR, network: NETWORK, 'backends[].machine': MACHINE },
  },
  GatewayFqdn: {
    construct: GatewayFqdn,
    props: 'GatewayFqdnProps',
    refs: { node: SELECTOR, network: NETWORK, 'backends[].machine': MACHINE },
  },
  DaoProposal: { construct: DaoProposal, props: 'DaoProposalProps', refs: {} },
  DaoVote: {
    construct: DaoVote,
    props: 'DaoVoteProps',
    refs: { proposal: { kinds: ['DaoProposal'], literal: /^0x/ } },
  },
} satisfies Record<string, KindSpec>;

export type KindName = keyof typeof KINDS;

export const KIND_NAMES = Object.keys(KINDS) as KindName[];

/** The spec of a kind, or undefined for an unknown one. */
export function kindSpec(kind: string): KindSpec | undefined {
  return Object.prototype.hasOwnProperty.call(KINDS, kind) ? KINDS[kind as KindName] : undefined;
}
