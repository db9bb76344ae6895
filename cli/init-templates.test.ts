/** The files of `tfgrid init`: a valid project name from any folder name, and the Pulumi files only with --pulumi. */
import { projectNameOf, projectTemplate } from './init-templates';

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
