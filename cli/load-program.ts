/**
 * Loads a user's program (a .ts or .js file, or a YAML stack file) and returns the App it builds.
 * A program exports `build(): App` (preferred), a default function returning an App, or an `app` value;
 * a stack file (.yaml, .yml) is read by constructs/yaml (docs/yaml.md).
 * TypeScript is type checked first (type-check.ts) and then transpiled by the cached require hook
 * (register-ts.js); nothing reaches the grid before the program checked and built.
 */
import * as path from 'path';
import * as fs from 'fs';
import { ValidationError } from '../constructs/errors';
import type { loadStack as LoadStack } from '../constructs/yaml/load-stack';
import { isStackFile } from '../constructs/yaml/stack-file-name';
import { UsageError } from './args';
import { isTypeScriptFile, ProgramTypeCheck } from './type-check';

/** The program is wrong (it does not compile, throws while building, or gives no App): exit 1. */
export class ProgramError extends Error {
  /** @param problems each problem on its own, e.g. `main.ts:3:7: message` */
  constructor(
    message: string,
    readonly problems: readonly string[] = [message],
  ) {
    super(message);
  }
}

export function loadProgram<T>(
  file: string,
  isApp: (x: unknown) => x is T,
  onModule?: (mod: Record<string, unknown>) => void,
): T {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) {
    throw new UsageError(
      `program '${file}' not found (looked at ${abs}): pass the path of a .ts or .js file, or a .yaml stack`,
    );
  }
  if (isStackFile(abs)) {
    // the YAML reader is loaded for stacks only (a TypeScript program never needs it)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadStack } = require('../constructs/yaml/load-stack') as { loadStack: typeof LoadStack };
    const app = loadStack(file);
    if (!isApp(app)) throw new ProgramError(`stack '${file}' does not give an App`);
    onModule?.({});
    return app;
  }
  if (isTypeScriptFile(abs)) {
    const problems = new ProgramTypeCheck(abs).problems();
    if (problems.length > 0) {
      throw new ProgramError(
        `program '${file}' does not compile (${problems.length} TypeScript error${problems.length === 1 ? '' : 's'}):\n${problems.join('\n')}`,
        problems,
      );
    }
  }
  // stack traces of the program point into its TypeScript source (register-ts emits inline maps)
  process.setSourceMapsEnabled(true);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./register-ts');
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(abs);
  } catch (e) {
    throw programFailure(file, abs, 'failed to load', e);
  }
  onModule?.(mod);
  const candidates: unknown[] = [];
  try {
    for (const key of ['build', 'default']) {
      const f = mod[key];
      if (typeof f === 'function') candidates.push((f as () => unknown)());
    }
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    throw programFailure(file, abs, 'failed while building its App', e);
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

/** A ProgramError naming where in the user's code the error was thrown. */
function programFailure(file: string, abs: string, what: string, e: unknown): ProgramError {
  const message = e instanceof Error ? e.message : String(e);
  const at = userFrame(e, abs);
  return new ProgramError(`program '${file}' ${what}: ${at ? `${at}: ` : ''}${message}`);
}

/**
 * The first stack frame in the program file, else in another file beside it (not in node_modules),
 * as `file:line:col` relative to cwd.
 */
export function userFrame(e: unknown, programFile: string): string | undefined {
  const stack = e instanceof Error && typeof e.stack === 'string' ? e.stack : '';
  const frames = [...stack.matchAll(/\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):(\d+)\)?$/gm)].map((m) => ({
    file: m[1],
    line: m[2],
    col: m[3],
  }));
  const dir = path.dirname(programFile) + path.sep;
  const frame =
    frames.find((f) => f.file === programFile) ??
    frames.find((f) => f.file.startsWith(dir) && !f.file.includes(`${path.sep}node_modules${path.sep}`));
  return frame
    ? `${path.relative(process.cwd(), frame.file) || frame.file}:${frame.line}:${frame.col}`
    : undefined;
}
