/**
 * Runs the real `tfgrid` bin as a user's shell does (a child process, no terminal), for the CLI's
 * integration tests. `env` is what the process gets; a dev grid's data dir goes in TFGRID_DEVGRID_DIR.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

export const ROOT = path.join(__dirname, '..', '..');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runTfgrid(env: NodeJS.ProcessEnv, ...args: string[]): CliRun {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'tfgrid.js'), ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 100_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
