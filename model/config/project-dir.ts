/**
 * Where a project's local files live: its root is the nearest directory at or above the current one
 * with a package.json (so a command run from a subfolder uses the project's dev grid), and the
 * package's own root, from which the CLI finds its bin.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The dev grid's data dir inside a project root. */
export const DEVGRID_SUBDIR = path.join('.tfgrid', 'devgrid');

/** The nearest directory at or above `from` holding a package.json, or undefined. */
export function nearestPackageDir(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The dev grid's data dir for `--network local`: `TFGRID_DEVGRID_DIR` if set, else `.tfgrid/devgrid`
 * in the project root (the nearest package.json above `cwd`, or `cwd` itself without one).
 */
export function devGridDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  if (env.TFGRID_DEVGRID_DIR) return path.resolve(cwd, env.TFGRID_DEVGRID_DIR);
  return path.join(nearestPackageDir(cwd) ?? path.resolve(cwd), DEVGRID_SUBDIR);
}

/** This package's root (source checkout or installed copy, whether running from dist/ or not). */
export function packageRoot(): string {
  const root = nearestPackageDir(__dirname);
  if (!root) throw new Error(`no package.json above ${__dirname}`);
  // dist/ has no package.json of its own, so the first one above is the package's
  return root;
}
