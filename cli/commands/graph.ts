/**
 * `tfgrid graph <program> [--format svg|dot|mermaid] [--out FILE]`: the picture of a program (units
 * grouped by network and placement, references, dependency levels, cost). Offline: no grid needed.
 * `tfgrid plan --graph` draws the same picture coloured by the plan (engine-commands.ts).
 */
import * as fs from 'fs';
import { App } from '../../constructs/app';
import { programGraph } from '../../engine/graph/program-graph';
import { GRAPH_FORMATS, renderGraph, type GraphFormat } from '../../engine/graph/render';
import { UsageError } from '../args';
import { parseCommandArgs } from '../command-specs';
import { loadProgram } from '../load-program';
import { ExitCode, type Output } from '../output';


/** The --format flag's value, checked. */
export function graphFormat(v: string | boolean | undefined): GraphFormat {
  if (v === undefined) return 'svg';
  if (typeof v === 'string' && (GRAPH_FORMATS as readonly string[]).includes(v)) return v as GraphFormat;
  throw new UsageError(`--format must be one of ${GRAPH_FORMATS.join(', ')}, got '${String(v)}'`);
}

export async function graphCommand(argv: string[], io: Output): Promise<number> {
  const { positionals, flags } = parseCommandArgs('graph', argv);
  if (positionals.length !== 1)
    throw new UsageError('graph takes one program file: tfgrid graph <program.ts>');
  const format = graphFormat(flags.format);
  const { manifest } = loadProgram(positionals[0], App.isApp).synth();
  const text = renderGraph(programGraph(manifest), format);
  if (typeof flags.out === 'string') {
    try {
      fs.writeFileSync(flags.out, text);
    } catch (e) {
      throw new UsageError(
        `--out '${flags.out}': cannot write there (${(e as NodeJS.ErrnoException).code}): choose a writable file path`,
      );
    }
    io.err(`wrote ${flags.out}`);
  } else io.out(text);
  return ExitCode.ok;
}
