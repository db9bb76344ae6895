/** The layer rule refuses wrong-way imports and lets downward ones, tests and support folders through. */
import * as path from 'path';
import { Linter } from 'eslint';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const layers = require('./layers');

const ROOT = path.join(__dirname, '..');

function lint(file: string, code: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [{ files: ['**/*.ts'], plugins: { layers }, rules: { 'layers/imports-downward': 'error' } }],
    path.join(ROOT, file),
  );
  return messages.map((m) => m.message);
}

describe('layers/imports-downward', () => {
  it('refuses an import from a higher layer, naming both layers and the fix', () => {
    const [msg, ...rest] = lint('model/zos/zdb.ts', "import { Engine } from '../../engine/engine';");
    expect(rest).toEqual([]);
    expect(msg).toContain("model/zos/zdb.ts (model) may not import '../../engine/engine' (engine)");
    expect(msg).toContain('Move the shared code down a layer');
  });

  it.each([
    ['constructs/machine.ts', "import { x } from '../engine/plan';"],
    ['clients/chain/grid.ts', "import { x } from '../../constructs/app';"],
    ['pulumi/connection.ts', "import { x } from '../cli/commands/devgrid';"],
    ['devgrid/grid.ts', "const e = require('../engine/engine');"],
    ['engine/plan.ts', "export * from '../cli/main';"],
    ['clients/chain/twins.ts', "import('../../devgrid/chain/chain');"],
  ])('refuses %s -> %s', (file, code) => {
    expect(lint(file, code)).toHaveLength(1);
  });

  it.each([
    ['engine/plan.ts', "import { x } from '../constructs/manifest'; import { y } from '../clients/chain/grid';"],
    ['cli/main.ts', "import { x } from '../devgrid/grid'; import { y } from '../engine/engine';"],
    ['devgrid/dev-node.ts', "import { x } from '../clients/rmb/client'; import { y } from '../model/zos/types';"],
    ['constructs/schema.ts', "import s from '../schema.json';"],
    ['model/zos/zdb.test.ts', "import { x } from '../../devgrid/grid';"],
    ['integration/support/test-chain.ts', "import { x } from '../../devgrid/chain/chain';"],
    ['pulumi/testing/provider-host.ts', "import { x } from '../../cli/register-ts';"],
    ['engine/plan.ts', "import { x } from 'fs';"],
  ])('allows %s -> %s', (file, code) => {
    expect(lint(file, code)).toEqual([]);
  });
});
