/**
 * `qsfs`: a quantum safe filesystem: a local zdbfs cache (SSD) whose data zstor spreads,
 * erasure-coded and encrypted, over zdb namespaces in `groups`; `meta` holds zstor's metadata.
 */
import { canonicalHex, goStr, goUint } from './canonical';
import { isObject, ProblemList } from './field-checks';
import type { QsfsConfig, QsfsData, ZdbBackend } from './types';
import { GiB } from './units';
import { defineWorkloadType } from './workload-type';

/** Encryption key length zstor's AES-256 needs, bytes. */
export const QSFS_KEY_LEN = 32;

function encryptionChallenge(e: { algorithm: string; key: string } | undefined): string {
  return goStr(e?.algorithm) + canonicalHex(e?.key);
}

function backendsChallenge(backends: readonly ZdbBackend[] | undefined): string {
  return (backends ?? []).map((b) => goStr(b.address) + goStr(b.namespace) + goStr(b.password)).join('');
}

/** The config's challenge: its fields in zos's declaration order. */
export function qsfsConfigChallenge(c: Partial<QsfsConfig>): string {
  let out =
    goUint(c.minimal_shards) +
    goUint(c.expected_shards) +
    goUint(c.redundant_groups) +
    goUint(c.redundant_nodes) +
    goUint(c.max_zdb_data_dir_size);
  out += encryptionChallenge(c.encryption);
  out +=
    goStr(c.meta?.type) +
    goStr(c.meta?.config?.prefix) +
    encryptionChallenge(c.meta?.config?.encryption) +
    backendsChallenge(c.meta?.config?.backends);
  for (const g of c.groups ?? []) out += backendsChallenge(g.backends);
  out += goStr(c.compression?.algorithm);
  return out;
}

function checkEncryption(p: ProblemList, field: string, e: unknown): void {
  const enc = isObject(e) ? e : {};
  p.str(`${field}.algorithm`, enc.algorithm);
  p.hex(
    `${field}.key`,
    enc.key ?? '',
    QSFS_KEY_LEN,
    `crypto/aes: invalid key size ${String(((enc.key as string) ?? '').length / 2)}`,
    'set key to 64 hex characters (32 random bytes); keep it safe, the data cannot be read without it',
  );
}

function checkBackends(p: ProblemList, field: string, list: unknown): void {
  p.list(field, list).forEach((raw, i) => {
    const b = isObject(raw) ? raw : {};
    p.str(`${field}[${i}].address`, b.address);
    p.str(`${field}[${i}].namespace`, b.namespace);
    p.str(`${field}[${i}].password`, b.password, true, true);
  });
}

export const qsfsType = defineWorkloadType<QsfsData>({
  type: 'qsfs',
  updatable: true,
  sharable: false,

  validate(d, ctx) {
    const p = new ProblemList(ctx.path);
    p.uint('cache', d.cache, 64, 'set cache (local zdbfs cache) in bytes, e.g. 1073741824 for 1 GiB');
    if (!isObject(d.config)) {
      p.add(
        'config',
        'config must be set',
        'set config {minimal_shards, expected_shards, ..., groups, meta, encryption, compression}',
      );
      return p.problems;
    }
    const c = d.config;
    for (const f of [
      'minimal_shards',
      'expected_shards',
      'redundant_groups',
      'redundant_nodes',
      'max_zdb_data_dir_size',
    ] as const) {
      p.uint(`config.${f}`, c[f], 32, `set config.${f} to a whole number`);
    }
    if (
      typeof c.minimal_shards === 'number' &&
      typeof c.expected_shards === 'number' &&
      c.minimal_shards > c.expected_shards
    ) {
      p.add(
        'config.minimal_shards',
        "minimal shards can't be greater than expected shards",
        `set minimal_shards <= expected_shards (${c.expected_shards})`,
        c.minimal_shards,
      );
    }
    checkEncryption(p, 'config.encryption', c.encryption);
    const meta: Record<string, unknown> = isObject(c.meta) ? c.meta : {};
    p.str('config.meta.type', meta.type);
    const mc: Record<string, unknown> = isObject(meta.config) ? meta.config : {};
    p.str('config.meta.config.prefix', mc.prefix);
    checkEncryption(p, 'config.meta.config.encryption', mc.encryption);
    checkBackends(p, 'config.meta.config.backends', mc.backends);
    p.list('config.groups', c.groups).forEach((g, i) =>
      checkBackends(p, `config.groups[${i}].backends`, isObject(g) ? g.backends : undefined),
    );
    p.str('config.compression.algorithm', isObject(c.compression) ? c.compression.algorithm : undefined);
    return p.problems;
  },

  challenge: (d) => goUint(d.cache) + qsfsConfigChallenge(d.config ?? {}),

  // zos reserves a core and 1 GiB for zstor/zdbfs, and the cache on SSD
  capacity: (d) => ({ cru: 1, mru: 1 * GiB, sru: d.cache ?? 0, hru: 0, ipv4u: 0 }),
});
