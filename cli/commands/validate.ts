/** `tfgrid validate <program>`: every problem of a program at once (props, cross-construct rules, schema). */
import { App } from '../../constructs/app';
import { collectingErrors } from '../../constructs/errors';
import { UsageError } from '../args';
import { parseCommandArgs } from '../command-specs';
import { loadProgram } from '../load-program';
import { ExitCode, type Output } from '../output';

export async function validateCommand(argv: string[], io: Output): Promise<number> {
  const { positionals, flags } = parseCommandArgs('validate', argv);
  if (positionals.length !== 1)
    throw new UsageError('validate takes one program file: tfgrid validate <program.ts>');
  const app = collectingErrors(() => loadProgram(positionals[0], App.isApp));
  const problems = app.validate();
  if (flags.json) {
    io.out(JSON.stringify({ valid: problems.length === 0, problems }, null, 2));
  } else if (problems.length === 0) {
    io.out(`${positionals[0]}: valid`);
  } else {
    io.err(`${positionals[0]}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
    for (const p of problems) io.err(`- ${p}`);
  }
  return problems.length === 0 ? ExitCode.ok : ExitCode.invalid;
}
