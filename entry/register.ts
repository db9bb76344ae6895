/**
 * `tfgrid-iac/register`: lets Node (and so the Pulumi CLI: `nodeargs: --require=tfgrid-iac/register`
 * in Pulumi.yaml) run a TypeScript program with a real type check. The first .ts file required is
 * type checked with everything it imports, against the nearest tsconfig.json (type-check.ts), and
 * a program with errors stops with `file:line:col: message` before any of it runs. Files are then
 * transpiled by the cached hook of register-ts.js.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a require hook */
import { ProgramTypeCheck } from '../cli/type-check';

type Loader = (module: NodeJS.Module, filename: string) => void;

const checked = new Set<string>();

if (!(require.extensions['.ts'] as Loader & { typeChecked?: boolean })?.typeChecked) {
  require('../cli/register-ts');
  const transpile = require.extensions['.ts'] as Loader;
  const loader: Loader & { typeChecked?: boolean } = (module, filename) => {
    if (!checked.has(filename) && !filename.includes('/node_modules/')) {
      const check = new ProgramTypeCheck(filename);
      const problems = check.problems();
      if (problems.length > 0) {
        throw new Error(
          `${filename} does not compile (${problems.length} TypeScript error${problems.length === 1 ? '' : 's'}):\n${problems.join('\n')}`,
        );
      }
      for (const f of check.checkedFiles) checked.add(f);
      checked.add(filename);
    }
    transpile(module, filename);
  };
  loader.typeChecked = true;
  require.extensions['.ts'] = loader;
}
