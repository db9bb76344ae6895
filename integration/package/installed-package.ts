/**
 * Test support: this package as a user gets it. `npm pack` (which builds dist/ through `prepack`),
 * then an install of the tarball into a fresh directory outside the repository, offline: the
 * project's lockfile is cut from the repository's (the tarball's dependency tree plus @pulumi/pulumi,
 * at the versions CI installs), so `npm ci --offline` takes everything from the npm cache.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const REPO_ROOT = path.join(__dirname, '..', '..');

interface LockEntry {
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly [key: string]: unknown;
}

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly bin: Record<string, string>;
  readonly engines: Record<string, string>;
  readonly dependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
  readonly peerDependenciesMeta: Record<string, unknown>;
}

/** What `npm` is run with: no network, no notices. */
export function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

/** Runs `npm pack` in the repository (prepack builds dist/); returns the tarball's path. */
export function packTarball(outDir: string): string {
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', outDir], {
    cwd: REPO_ROOT,
    env: npmEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const name = out.trim().split('\n').pop()!;
  return path.join(outDir, name);
}

/** The node_modules path `name` resolves to from `from` in a lockfile's `packages`. */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let dir = from; ; ) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return undefined;
    const i = dir.lastIndexOf('/node_modules/');
    dir = i >= 0 ? dir.slice(0, i) : '';
  }
}

/**
 * Writes `package.json` and `package-lock.json` of a project depending on the tarball (and on
 * `extra` packages from the repository's lockfile), then runs `npm ci --offline` there.
 */
export function installTarball(projectDir: string, tarball: string, extra: Record<string, string>): void {
  const own = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;
  const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const keep: Record<string, LockEntry> = {};
  const todo: [string, string][] = [...Object.keys(own.dependencies), ...Object.keys(extra)].map((n) => [
    '',
    n,
  ]);
  while (todo.length > 0) {
    const [from, name] = todo.pop()!;
    const at = resolveIn(lock.packages, from, name);
    if (!at || keep[at]) continue; // an optional peer that is not installed, or done
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { dev, devOptional, peer, ...entry } = lock.packages[at];
    keep[at] = entry;
    for (const deps of [entry.dependencies, entry.optionalDependencies, entry.peerDependencies])
      for (const dep of Object.keys(deps ?? {})) todo.push([at, dep]);
  }
  const spec = `file:${path.relative(projectDir, tarball)}`;
  keep[`node_modules/${own.name}`] = {
    version: own.version,
    resolved: spec,
    license: own.license,
    dependencies: own.dependencies,
    bin: own.bin,
    engines: own.engines,
    peerDependencies: own.peerDependencies,
    peerDependenciesMeta: own.peerDependenciesMeta,
  };
  const dependencies = { ...extra, [own.name]: spec };
  const project = { name: path.basename(projectDir), version: '0.1.0', private: true, dependencies };
  const packages = Object.fromEntries(Object.entries(keep).sort(([a], [b]) => a.localeCompare(b)));
  fs.mkdirSync(projectDir, { recursive: true });
  fs.writeFileSync(path.join(projectDir, 'package.json'), JSON.stringify(project, null, 2));
  fs.writeFileSync(
    path.join(projectDir, 'package-lock.json'),
    JSON.stringify(
      { ...project, lockfileVersion: 3, requires: true, packages: { '': project, ...packages } },
      null,
      2,
    ),
  );
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: projectDir,
    env: npmEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
