/**
 * Placeholders: values synth cannot know (`${ref:...}`, `${secret:...}`, `${wgpub:...}`,
 * `${endpoint:...}`, see manifest.ts) that the engine fills in before it hashes a deployment.
 *
 * Only constructs make them. What a construct hands out (`zdb.ref('address')`, a secret of
 * `setSecretEnv`) is a token carrying a random per-process nonce; when a workload is added, its
 * data is written in the manifest form: each token becomes its placeholder and every other `$`
 * is doubled. So a user string is taken literally wherever it goes (env, entrypoint, backends...):
 * `'x ${secret:db.password}'` reaches the node as typed, and only references made by constructs
 * resolve, also when a program puts them inside its own strings. Object keys are never resolved.
 */
import { randomBytes } from 'crypto';

export type PlaceholderKind = 'ref' | 'secret' | 'wgpub' | 'endpoint';

/** One nonce per process, shared by every copy of this module that a process may load. */
const NONCE_KEY = Symbol.for('tfgrid-iac/placeholder-nonce');
const registry = globalThis as unknown as Record<symbol, string | undefined>;
const NONCE = (registry[NONCE_KEY] ??= randomBytes(8).toString('hex'));

/** What a construct hands out for a placeholder: only this process can make one. */
export function placeholderToken(kind: PlaceholderKind, arg: string): string {
  return `\${tfgrid-${NONCE}:${kind}:${arg}}`;
}

/** A token of this process; groups: kind, argument. */
const TOKEN = `\\$\\{tfgrid-${NONCE}:(ref|secret|wgpub|endpoint):([^}]*)\\}`;

/** True when `s` is exactly one construct-made placeholder (token or manifest form). */
export function isPlaceholder(s: string): boolean {
  return new RegExp(`^${TOKEN}$`).test(s) || /^\$\{(ref|secret|wgpub|endpoint):[^}]*\}$/.test(s);
}

/** `v` with `fn` applied to every string in it (object keys as they are). */
function mapStrings<T>(v: T, fn: (s: string) => string): T {
  if (typeof v === 'string') return fn(v) as T;
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, fn)) as T;
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, fn)])) as T;
  return v;
}

/** Workload data in manifest form: tokens become placeholders, every other `$` is doubled (literal). */
export function manifestValue<T>(v: T): T {
  const re = new RegExp(`${TOKEN}|\\$`, 'g');
  return mapStrings(v, (s) =>
    // most strings hold no `$` at all
    !s.includes('$')
      ? s
      : s.replace(re, (_whole, kind?: string, arg?: string) =>
          kind === undefined ? '$$' : `\${${kind}:${arg}}`,
        ),
  );
}

/** For showing to the user (a rendered config preview): tokens become placeholders, nothing else changes. */
export function displayValue<T>(v: T): T {
  const re = new RegExp(TOKEN, 'g');
  return mapStrings(v, (s) => s.replace(re, (_whole, kind: string, arg: string) => `\${${kind}:${arg}}`));
}

/** `$$` (a literal `$`) or a placeholder, in a manifest string. */
const MANIFEST_TOKEN = /\$\$|\$\{(ref|secret|wgpub|endpoint):([^}]*)\}/g;

/**
 * Replaces the placeholders of a manifest string with what `value` gives (undefined: left as it
 * is) and each `$$` with `$`.
 */
export function replacePlaceholders(
  s: string,
  value: (kind: PlaceholderKind, arg: string, whole: string) => string | undefined,
): string {
  if (!s.includes('$')) return s;
  return s.replace(MANIFEST_TOKEN, (whole, kind?: string, arg?: string) =>
    kind === undefined ? '$' : (value(kind as PlaceholderKind, arg!, whole) ?? whole),
  );
}

/** The placeholders in a manifest value (strings inside arrays and objects), with their dotted paths. */
export function placeholdersIn(
  v: unknown,
  path = '',
): { kind: PlaceholderKind; arg: string; path: string }[] {
  const out: { kind: PlaceholderKind; arg: string; path: string }[] = [];
  collectPlaceholders(v, path, out);
  return out;
}

function collectPlaceholders(
  v: unknown,
  path: string,
  out: { kind: PlaceholderKind; arg: string; path: string }[],
): void {
  if (typeof v === 'string') {
    if (!v.includes('$')) return;
    for (const m of v.matchAll(MANIFEST_TOKEN))
      if (m[1] !== undefined) out.push({ kind: m[1] as PlaceholderKind, arg: m[2], path });
    return;
  }
  const join = (k: string | number) => (path ? `${path}.${k}` : String(k));
  if (Array.isArray(v)) v.forEach((x, i) => collectPlaceholders(x, join(i), out));
  else if (v && typeof v === 'object')
    for (const k of Object.keys(v)) collectPlaceholders((v as Record<string, unknown>)[k], join(k), out);
}
