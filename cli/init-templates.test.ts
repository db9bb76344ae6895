/** The files of `tfgrid init`: a valid project name from any folder name, and the Pulumi files only with --pulumi. */
import * as ts from 'typescript';
import * as constructs from '../constructs';
import { manifestToJson, type App } from '../constructs';
import { loadStack } from '../constructs/yaml/load-stack';
import { programSource, projectNameOf, projectTemplate } from './init-templates';

test('a folder name becomes a valid projectName', () => {
  expect(projectNameOf('My App_2')).toBe('my-app-2');
  expect(projectNameOf('---')).toBe('my-project');
  expect(projectNameOf('x'.repeat(40))).toHaveLength(32);
});

test('--pulumi adds Pulumi.yaml, index.ts and @pulumi/pulumi; .gitignore keeps .tfgrid/ out', () => {
  const plain = projectTemplate('hello', '1.2.3', false);
  expect([...plain.files.keys()]).toEqual(['tsconfig.json', 'main.ts', '.gitignore', 'README.md']);
  expect(plain.dependencies).toEqual({ 'tfgrid-iac': '^1.2.3' });
  expect(plain.files.get('.gitignore')).toContain('.tfgrid/');
  expect(plain.files.get('main.ts')).toContain("projectName: 'hello'");
  const pulumi = projectTemplate('hello', '1.2.3', true);
  expect(pulumi.files.get('Pulumi.yaml')).toContain('nodeargs: --require=tfgrid-iac/register');
  expect(pulumi.files.get('index.ts')).toContain("from 'tfgrid-iac/pulumi'");
  expect(pulumi.dependencies['@pulumi/pulumi']).toBe('^3.248.0');
});

test('--yaml writes stack.yaml (with the schema line for editors) that gives the App of main.ts', () => {
  const yaml = projectTemplate('hello', '1.2.3', false, true);
  expect([...yaml.files.keys()]).toEqual(['stack.yaml', '.gitignore', 'README.md']);
  expect(yaml.scripts.plan).toBe('tfgrid plan stack.yaml');
  const text = yaml.files.get('stack.yaml')!;
  expect(text.split('\n')[0]).toBe(
    '# yaml-language-server: $schema=./node_modules/tfgrid-iac/stack.schema.json',
  );
  const env = {
    SSH_PUBLIC_KEY:
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFRXWNVSYGXbyJ1I2qoycrR4hF2+Mirr1X0LRzIk8PGm me@host',
    ZDB_PASSWORD: 'a-password-of-the-test',
  };
  const fromYaml = loadStack('stack.yaml', { text, env }).synth();
  // main.ts, run as the package's user runs it ('tfgrid-iac' is this repository's constructs)
  const js = ts.transpileModule(programSource('hello'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS },
  }).outputText;
  const mod: { exports: { build?: () => App } } = { exports: {} };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    new Function('require', 'module', 'exports', js)(
      (id: string) => (id === 'tfgrid-iac' ? constructs : undefined),
      mod,
      mod.exports,
    );
    const fromTs = mod.exports.build!().synth();
    expect(manifestToJson(fromYaml.manifest)).toBe(manifestToJson(fromTs.manifest));
    expect(fromYaml.secrets).toEqual(fromTs.secrets);
  } finally {
    process.env = saved;
  }
});
