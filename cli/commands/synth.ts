/** `tfgrid synth <program> [--out FILE]`: the manifest of a program, printed or written to a file. */
import * as fs from 'fs';
import * as path from 'path';
import { App } from '../../constructs/app';
import { collectingErrors } from '../../constructs/errors';
import { manifestToJson, type Manifest } from '../../constructs/manifest';
import { UsageError } from '../args';
import { parseCommandArgs } from '../command-specs';
import { loadProgram } from '../load-program';
import { ExitCode, type Output } from '../output';

export function summarize(manifest: Manifest): string {
  const counts = new Map<string, number>();
  for (const u of manifest.units) counts.set(u.kind, (counts.get(u.kind) ?? 0) + 1);
  const kinds = [...counts.entries()].map(([k, n]) => `${n} ${k}`).join(', ') || 'no units';
  return (
    `project '${manifest.project}' on network '${manifest.network}': ${kinds}; ` +
    `estimated ${manifest.cost.usdPerMonth.toFixed(2)} USD/month (${manifest.cost.tftPerMonth.toFixed(2)} TFT/month)`
  );
}

export async function synthCommand(argv: string[], io: Output): Promise<number> {
  const { positionals, flags } = parseCommandArgs('synth', argv);
  if (positionals.length !== 1)
    throw new UsageError('synth takes one program file: tfgrid synth <program.ts>');
  const app = collectingErrors(() => loadProgram(positionals[0], App.isApp));
  const { manifest } = app.synth();
  const json = manifestToJson(manifest);
  if (typeof flags.out === 'string') {
    writeOut(flags.out, json);
    if (!flags.quiet) io.err(`wrote ${flags.out}`);
  } else {
    io.out(json);
  }
  if (!flags.quiet) io.err(summarize(manifest));
  return ExitCode.ok;
}

/** Writes the manifest to `file`; a directory that does not exist or a file that cannot be written is a wrong --out (exit 2). */
function writeOut(file: string, json: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir))
    throw new UsageError(
      `--out '${file}': directory '${dir}' does not exist: create it first or choose another path`,
    );
  try {
    fs.writeFileSync(file, json);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(
      `--out '${file}': cannot write the manifest there (${code}): choose a writable file path`,
    );
  }
}
