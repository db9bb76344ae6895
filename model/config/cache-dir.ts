/**
 * Where the package keeps what it can compute again but need not (compiled schema validators, chain
 * metadata): `node_modules/.cache/tfgrid-iac` of the project that installed it (of the checkout
 * itself when run from source). It belongs to that project as node_modules does, never to a shared
 * temp dir: some of these files are code that runs.
 */
import * as path from 'path';
import { packageRoot } from './project-dir';

export function packageCacheDir(root: string = packageRoot()): string {
  const parent = path.dirname(root);
  const nodeModules = path.basename(parent) === 'node_modules' ? parent : path.join(root, 'node_modules');
  return path.join(nodeModules, '.cache', 'tfgrid-iac');
}
