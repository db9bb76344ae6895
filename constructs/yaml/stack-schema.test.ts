/** The stack schema: the checked-in stack.schema.json is what the constructs' schemas give, and every construct has a kind. */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { Construct } from 'constructs';
import * as constructs from '..';
import { App } from '../app';
import { KIND_NAMES, KINDS } from './kinds';
import { stackSchema } from './stack-schema';

describe('stack.schema.json', () => {
  test('is current: run `npm run schema:stack` after changing schema.json or the kinds', () => {
    const file = path.join(__dirname, '..', '..', 'stack.schema.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(stackSchema());
  });

  test('every construct class the package exports is a kind of stack resource', () => {
    const classes = Object.entries(constructs)
      .filter(([, v]) => typeof v === 'function' && v.prototype instanceof Construct && v !== App)
      .map(([k]) => k)
      .sort();
    expect(classes.length).toBeGreaterThan(10);
    expect([...KIND_NAMES].sort()).toEqual(classes);
    for (const k of KIND_NAMES) expect(KINDS[k].construct.name).toBe(k);
  });

  test('compiles, and tells a good resource from misspelt keys, unknown kinds and wrong types', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(stackSchema());
    const ok = {
      project: 'p',
      resources: {
        node: { kind: 'NodeSelector', minCru: '${env:MIN_CRU:plain}' },
        net: { kind: 'Network' },
        vm: { kind: 'Machine', node: 'node', network: 'net', flist: 'alpine', cpu: 2 },
        gw: { kind: 'GatewayName', node: 'node', name: 'abc', backends: [{ machine: 'vm', port: 80 }] },
        store: { kind: 'ZstorCluster', nodes: ['node'], dataShards: 1, parityShards: 0, zdbSizeGb: 1 },
      },
    };
    expect(validate(ok)).toBe(true);
    for (const bad of [
      { ...ok, resources: { vm: { kind: 'Machine', node: 'n', network: 'x', memoryMB: 4 } } },
      { ...ok, resources: { vm: { kind: 'Machin' } } },
      { ...ok, resources: { db: { kind: 'Zdb', node: 'n', sizeGb: 'ten' } } },
      { ...ok, projectName: 'p' },
    ]) {
      expect(validate(bad)).toBe(false);
    }
  });
});
