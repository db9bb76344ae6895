/**
 * The schema's validators loaded from the on-disk cache check exactly what freshly compiled ones
 * check, a changed schema is compiled anew (its own key), and a damaged cache file is replaced.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import schema from '../schema.json';
import { App } from './app';
import { Machine } from './machine';
import { Network } from './network';
import { NodeSelector } from './node-selector';
import { compiledSchema, schemaCacheFile } from './compiled-schema';
import { PROPS_SCHEMA_NAMES } from './schema';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-cache-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function manifest(): Record<string, unknown> {
  const app = new App({ projectName: 'cache-check' });
  const net = new Network(app, 'net', { ipRange: '10.40.0.0/16' });
  const node = new NodeSelector(app, 'n', { minCru: 1 });
  new Machine(app, 'vm', { node, network: net, cpu: 1, memoryMb: 256, rootfsGb: 0.5 });
  return JSON.parse(JSON.stringify(app.synth().manifest)) as Record<string, unknown>;
}

const problems = (v: { (x: unknown): boolean; errors?: unknown }, x: unknown) =>
  v(x) ? [] : JSON.parse(JSON.stringify(v.errors));

it('a second process loads the validators from the cache, and they check what compiled ones check', () => {
  const first = compiledSchema(schema, PROPS_SCHEMA_NAMES, dir);
  expect(first.source).toBe('compiled');
  expect(fs.existsSync(schemaCacheFile(schema, PROPS_SCHEMA_NAMES, dir))).toBe(true);
  const second = compiledSchema(schema, PROPS_SCHEMA_NAMES, dir);
  expect(second.source).toBe('cache');

  const good = manifest();
  const bad = { ...good, project: 'Bad_Name', units: [{ kind: 'nonsense' }], extra: 1 };
  const { apiVersion: _dropped, ...missing } = good;
  for (const m of [good, bad, missing, {}, null, 'x'])
    expect(problems(second.validators.manifest, m)).toEqual(problems(first.validators.manifest, m));
  expect(problems(second.validators.manifest, good)).toEqual([]);
  expect(problems(second.validators.manifest, bad).length).toBeGreaterThan(2);

  const zdbs = [{ node: 'n', sizeGb: 2, mode: 'seq' }, { node: 'n', sizeGb: -1, mode: 'fast' }, {}];
  for (const z of zdbs)
    expect(problems(second.validators.ZdbProps, z)).toEqual(problems(first.validators.ZdbProps, z));
  for (const name of PROPS_SCHEMA_NAMES) expect(typeof second.validators[name]).toBe('function');
});

it('a changed schema is not served the validators of the old one', () => {
  compiledSchema(schema, PROPS_SCHEMA_NAMES, dir);
  // the same schema with one more required field: another key, compiled anew
  const changed = { ...schema, required: [...schema.required, 'addedField'] };
  expect(schemaCacheFile(changed, PROPS_SCHEMA_NAMES, dir)).not.toBe(
    schemaCacheFile(schema, PROPS_SCHEMA_NAMES, dir),
  );
  const c = compiledSchema(changed, PROPS_SCHEMA_NAMES, dir);
  expect(c.source).toBe('compiled');
  expect(problems(c.validators.manifest, manifest())).toEqual([
    expect.objectContaining({ keyword: 'required', params: { missingProperty: 'addedField' } }),
  ]);
  expect(compiledSchema(changed, PROPS_SCHEMA_NAMES, dir).source).toBe('cache');
});

it('a damaged cache file is compiled again and replaced', () => {
  const file = schemaCacheFile(schema, PROPS_SCHEMA_NAMES, dir);
  fs.writeFileSync(file, 'exports.manifest = (');
  const c = compiledSchema(schema, PROPS_SCHEMA_NAMES, dir);
  expect(c.source).toBe('compiled');
  expect(problems(c.validators.manifest, manifest())).toEqual([]);
  expect(compiledSchema(schema, PROPS_SCHEMA_NAMES, dir).source).toBe('cache');
});

it('a cache folder that cannot be written only costs speed', () => {
  const file = path.join(dir, 'a-file');
  fs.writeFileSync(file, '');
  // a folder under a plain file cannot be made
  const c = compiledSchema(schema, PROPS_SCHEMA_NAMES, path.join(file, 'sub'));
  expect(c.source).toBe('compiled');
  expect(problems(c.validators.manifest, manifest())).toEqual([]);
});

it('keeps the four most recent schemas only', () => {
  const files = () => fs.readdirSync(dir).filter((f) => f.startsWith('schema-validators-'));
  const keys: string[] = [];
  for (let i = 0; i < 6; i++) {
    const changed = { ...schema, description: `version ${i}` };
    compiledSchema(changed, [], dir);
    keys.push(path.basename(schemaCacheFile(changed, [], dir)));
    // written a second apart, in this order (file times can be coarser than the loop)
    const at = new Date(Date.now() - (10 - i) * 1000);
    fs.utimesSync(path.join(dir, keys[i]), at, at);
  }
  expect(files().sort()).toEqual(keys.slice(2).sort());
});
