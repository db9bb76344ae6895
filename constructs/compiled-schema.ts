/**
 * schema.json compiled by ajv into validators once per schema, not once per process. Compiling the
 * schema costs about 0.6 s of CPU, in every `tfgrid` command that synthesizes; the code ajv
 * generates for it (its "standalone code") is kept on disk, keyed by the schema, ajv's version and
 * options and the validators asked for, and later processes load it in milliseconds. Same ajv, same
 * schema, same checks: only the compile step is saved. A cache that cannot be read or written costs
 * speed only, and a changed schema is a different key.
 *
 * The cache is the package's cache folder (model/config/cache-dir.ts).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- ajv is loaded only when the cache misses */
import * as crypto from 'crypto';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import type { ValidateFunction } from 'ajv/dist/2020';
import { packageCacheDir } from '../model/config/cache-dir';

/** How the manifest is checked (allErrors: every problem at once). */
const AJV_OPTIONS = { allErrors: true, strict: true, strictRequired: false, strictTypes: false } as const;

/** The validators of one schema: `manifest` (the whole schema) and one per `$defs` name asked for. */
export interface CompiledSchema {
  readonly validators: Readonly<Record<string, ValidateFunction>>;
  /** where they came from: compiled now, or loaded from the cache */
  readonly source: 'compiled' | 'cache';
}

/** The file a schema's compiled validators are kept in. */
export function schemaCacheFile(schema: { $id?: string }, defs: readonly string[], dir: string): string {
  const { version } = require('ajv/package.json') as { version: string };
  const key = crypto
    .createHash('sha256')
    .update(JSON.stringify({ ajv: version, options: AJV_OPTIONS, defs, schema }))
    .digest('hex')
    .slice(0, 24);
  return path.join(dir, `schema-validators-${key}.js`);
}

/** Compiled schemas kept (the most recent): older ones were left by earlier versions of the package. */
const KEEP_SCHEMAS = 4;

/** Removes all but the `keep` most recently written compiled schemas in `dir`. */
function pruneOlder(dir: string, keep: number): void {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^schema-validators-[0-9a-f]+\.js$/.test(f))
    .map((f) => ({ f, at: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { f } of files.slice(keep)) fs.rmSync(path.join(dir, f), { force: true });
}

/** Runs standalone code the way a CommonJS module runs, resolving `ajv/dist/runtime/*` from ajv. */
function loadStandalone(code: string): Record<string, ValidateFunction> {
  const mod = { exports: {} as Record<string, ValidateFunction> };
  const requireFromAjv = createRequire(require.resolve('ajv/package.json'));
  new Function('require', 'module', 'exports', code)(requireFromAjv, mod, mod.exports);
  return mod.exports;
}

/**
 * The validators of `schema` (an `$id` is required: `$defs` are addressed through it): from the
 * cache in `dir` when it holds them, else compiled now and written there for the next process.
 */
export function compiledSchema(
  schema: { $id: string },
  defs: readonly string[],
  dir: string = packageCacheDir(),
): CompiledSchema {
  const file = schemaCacheFile(schema, defs, dir);
  const names = ['manifest', ...defs];
  try {
    const validators = loadStandalone(fs.readFileSync(file, 'utf8'));
    if (names.every((n) => typeof validators[n] === 'function')) return { validators, source: 'cache' };
  } catch {
    // not cached yet, or unreadable: compile
  }
  // ajv itself is loaded only here: a process with a warm cache never needs it
  const Ajv2020 = (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default;
  const ajv = new Ajv2020({ ...AJV_OPTIONS, code: { source: true } });
  const validators: Record<string, ValidateFunction> = { manifest: ajv.compile(schema) };
  const refs: Record<string, string> = { manifest: schema.$id };
  for (const name of defs) {
    const ref = `${schema.$id}#/$defs/${name}`;
    const v = ajv.getSchema(ref);
    if (!v) continue;
    validators[name] = v;
    refs[name] = ref;
  }
  try {
    const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default;
    const code = standaloneCode(ajv, refs);
    fs.mkdirSync(dir, { recursive: true });
    // written whole, then renamed: a process reading it at the same time sees all of it or nothing
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, file);
    pruneOlder(dir, KEEP_SCHEMAS);
  } catch {
    // a read-only node_modules only costs speed
  }
  return { validators, source: 'compiled' };
}
