/**
 * Checks of qsfs backends given by hand (`Qsfs` props `backends`): the shard counts, exactly 4
 * metadata zdbs, groups of data zdbs, and each backend's address, namespace and password as zstor
 * needs them.
 */
import type { Checker } from './errors';
import { isPlainObject, showValue } from './errors';
import type { QsfsBackends } from './qsfs';
import { BACKEND_ADDRESS_PATTERN, META_BACKENDS } from './zstor-cluster';

/** Most shards a zstor config takes. */
const MAX_SHARDS = 255;

function checkBackend(c: Checker, field: string, b: unknown): void {
  if (
    !c.check(
      isPlainObject(b),
      field,
      b,
      'an object {address, namespace, password}',
      `write ${field} as {address: '[2001:db8::1]:9900', namespace: 'ns'}`,
    )
  )
    return;
  const x = b as Record<string, unknown>;
  c.check(
    typeof x.address === 'string' && BACKEND_ADDRESS_PATTERN.test(x.address),
    `${field}.address`,
    x.address,
    "an IP literal with port ('[ipv6]:9900' or 'ipv4:9900')",
    "give the zdb's address, not a host name",
  );
  c.check(
    typeof x.namespace === 'string' && x.namespace !== '',
    `${field}.namespace`,
    x.namespace,
    'a non-empty namespace name',
    "give the zdb's namespace",
  );
  if (x.password !== undefined)
    c.check(
      typeof x.password === 'string',
      `${field}.password`,
      x.password,
      'a string',
      'give the namespace password or leave it out',
      true,
    );
}

/** Records every problem of hand-given backends on `c`. */
export function checkQsfsBackends(c: Checker, b: QsfsBackends): void {
  if (
    !c.check(
      isPlainObject(b),
      'backends',
      b,
      'an object {minimalShards, expectedShards, meta, groups}',
      'pass a ZstorCluster as zstor, or backends as an object',
    )
  )
    return;
  const k = b.minimalShards;
  const okK = c.integer('backends.minimalShards', k, 1, MAX_SHARDS, 'set minimalShards (k) to 1 or more');
  c.integer(
    'backends.expectedShards',
    b.expectedShards,
    okK ? k : 1,
    MAX_SHARDS,
    'set expectedShards (n) to minimalShards or more',
  );
  for (const key of ['redundantGroups', 'redundantNodes'] as const) {
    if (b[key] !== undefined)
      c.integer(`backends.${key}`, b[key], 0, MAX_SHARDS, `set ${key} to 0 or more, or leave it out`);
  }
  const meta = b.meta;
  if (
    c.check(
      Array.isArray(meta) && meta.length === META_BACKENDS,
      'backends.meta',
      Array.isArray(meta) ? `${meta.length} backends` : meta,
      `a list of exactly ${META_BACKENDS} user-mode zdbs`,
      `list ${META_BACKENDS} metadata backends`,
    )
  )
    meta.forEach((x, i) => checkBackend(c, `backends.meta[${i}]`, x));
  const groups = b.groups;
  const groupsOk =
    Array.isArray(groups) && groups.length > 0 && groups.every((g) => Array.isArray(g) && g.length > 0);
  if (
    c.check(
      groupsOk,
      'backends.groups',
      groups,
      'a non-empty list of non-empty lists of seq-mode zdbs',
      'write groups as [[backend, backend, ...]]',
    )
  ) {
    groups.forEach((g, gi) => g.forEach((x, i) => checkBackend(c, `backends.groups[${gi}][${i}]`, x)));
    const total = groups.reduce((s, g) => s + g.length, 0);
    c.check(
      typeof b.expectedShards !== 'number' || total >= b.expectedShards,
      'backends.groups',
      `${total} backends`,
      `at least expectedShards (${showValue(b.expectedShards)}) data backends`,
      'add data backends or lower expectedShards',
    );
  }
}
