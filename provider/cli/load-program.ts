/**
 * Loads a user's program (a .ts or .js file) and returns the App it builds.
 * A program exports `build(): App` (preferred), a default function returning an App, or an `app` value.
 */
import * as path from 'path';
import * as fs from 'fs';
import { UsageError } from './args';

export class ProgramError extends Error {}

export function loadProgram<T>(
  file: string,
  isApp: (x: unknown) => x is T,
  onModule?: (mod: Record<string, unknown>) => void,
): T {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) {
    throw new UsageError(
      `program '${file}' not found (looked at ${abs}): pass the path of a .ts or .js file`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./register-ts');
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(abs);
  } catch (e) {
    throw new ProgramError(`program '${file}' failed to load: ${(e as Error).message}`);
  }
  onModule?.(mod);
  const candidates: unknown[] = [];
  for (const key of ['build', 'default']) {
    const f = mod[key];
    if (typeof f === 'function') candidates.push((f as () => unknown)());
  }
  if (mod.app !== undefined) candidates.push(mod.app);
  const app = candidates.find(isApp);
  if (!app) {
    throw new ProgramError(
      `program '${file}' does not give an App: export 'function build(): App' (or a default function, or 'app')`,
    );
  }
  return app;
}
