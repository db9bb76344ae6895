/**
 * `tfgrid init [dir] [--pulumi | --yaml]`: a new project in `dir` (default: the current folder). Writes the
 * files of init-templates.ts that are not there yet (an existing file is kept and said so), and adds
 * this package (and @pulumi/pulumi) to package.json, creating it if needed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../../model/config/project-dir';
import { UsageError } from '../args';
import { parseCommandArgs } from '../command-specs';
import { projectNameOf, projectTemplate } from '../init-templates';
import { ExitCode, type Output } from '../output';

/** This package's version, from its package.json. */
function ownVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

type PackageJson = Record<string, unknown> & {
  dependencies?: Record<string, string>;
  scripts?: Record<string, string>;
};

export async function initCommand(argv: string[], io: Output): Promise<number> {
  const { positionals, flags } = parseCommandArgs('init', argv);
  if (positionals.length > 1) throw new UsageError('init takes at most one directory: tfgrid init [dir]');
  const dir = path.resolve(positionals[0] ?? '.');
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory())
    throw new UsageError(`'${positionals[0]}' is a file: pass a directory (it is created if missing)`);
  fs.mkdirSync(dir, { recursive: true });

  const pkgFile = path.join(dir, 'package.json');
  const existing = fs.existsSync(pkgFile);
  let pkg: PackageJson;
  try {
    pkg = existing ? (JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as PackageJson) : {};
  } catch (e) {
    throw new UsageError(`${pkgFile} is not valid JSON (${(e as Error).message}): fix it or init elsewhere`);
  }
  const projectName = projectNameOf(typeof pkg.name === 'string' ? pkg.name : path.basename(dir));
  if (flags.pulumi && flags.yaml)
    throw new UsageError('--pulumi deploys a TypeScript program: give --pulumi or --yaml, not both');
  const template = projectTemplate(projectName, ownVersion(), flags.pulumi === true, flags.yaml === true);
  const program = flags.yaml ? 'stack.yaml' : 'main.ts';

  const written: string[] = [];
  const kept: string[] = [];
  for (const [name, content] of template.files) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) kept.push(name);
    else {
      fs.writeFileSync(file, content);
      written.push(name);
    }
  }

  const added: string[] = [];
  if (!existing) Object.assign(pkg, { name: projectName, version: '0.1.0', private: true });
  pkg.scripts ??= {};
  for (const [k, v] of Object.entries(template.scripts)) pkg.scripts[k] ??= v;
  pkg.dependencies ??= {};
  for (const [k, v] of Object.entries(template.dependencies)) {
    if (pkg.dependencies[k] === undefined) {
      pkg.dependencies[k] = v;
      added.push(`${k}@${v}`);
    }
  }
  fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  written.unshift(existing ? 'package.json (updated)' : 'package.json');

  const where = path.relative(process.cwd(), dir) || '.';
  io.out(`initialised ${where}: ${written.join(', ')}`);
  if (kept.length > 0) io.out(`kept as they were: ${kept.join(', ')}`);
  const steps = [
    ...(where !== '.' ? [`cd ${where}`] : []),
    ...(added.length > 0 ? ['npm install'] : []),
    'export SSH_PUBLIC_KEY="$(cat ~/.ssh/id_ed25519.pub)" ZDB_PASSWORD="$(openssl rand -hex 16)"',
    `npx tfgrid plan ${program}`,
    ...(flags.pulumi ? ['pulumi up   # see README.md for the stack config'] : []),
  ];
  io.out(`next:\n${steps.map((s) => `  ${s}`).join('\n')}`);
  return ExitCode.ok;
}
