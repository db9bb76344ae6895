/** Every example program has a YAML twin (examples/<name>.yaml) that synthesises to the identical manifest and secrets. */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { App, manifestToJson } from '../constructs';
import { loadStack } from '../constructs/yaml/load-stack';
import { stackSchema } from '../constructs/yaml/stack-schema';
import { EXAMPLES } from './lib/catalog';

describe('YAML twins of the examples', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(stackSchema());

  test.each([...EXAMPLES])('%s.yaml gives the manifest of its TypeScript program', (name) => {
    const file = path.join(__dirname, `${name}.yaml`);
    expect(fs.existsSync(file)).toBe(true);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = (require(path.join(__dirname, `${name}.ts`)) as { build: () => App }).build().synth();
    const stack = loadStack(file, { env: process.env });
    expect(stack.validate()).toEqual([]);
    const yaml = stack.synth();
    expect(manifestToJson(yaml.manifest)).toBe(manifestToJson(ts.manifest));
    expect(yaml.secrets).toEqual(ts.secrets);
    // editors check the file with the schema its first line names
    const text = fs.readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../stack.schema.json');
    expect(validate(parse(text))).toBe(true);
  });
});
