/**
 * `tfgrid dao plan|apply <folder>`: DAO governance as code. A folder of proposal and farm-vote files
 * (docs/governance.md) is planned against the chain for the signing account, and apply submits
 * that plan in one batch, or refuses before sending anything.
 */
import * as path from 'path';
import { applyGovernance, readChainView } from '../../engine/governance/governance-chain';
import { readGovernanceFolder, type GovernanceFolder } from '../../engine/governance/folder';
import { planGovernance, type GovernancePlan } from '../../engine/governance/planner';
import { GovernanceFileError } from '../../engine/governance/yaml-source';
import { UsageError } from '../args';
import { COMMAND_SPECS, parseCommandArgs } from '../command-specs';
import { governanceJson, governanceMarkdown, governanceText } from '../format-governance';
import { openSession, parseNetwork } from '../grid-session';
import { ExitCode, type Output } from '../output';
import { confirm } from './engine-commands';

/** The flags of `dao plan|apply` (command-specs.ts). */
export const governanceFlags = COMMAND_SPECS.dao.flags;

/** `--only` as a test on paths inside the folder; paths may be given relative to the folder or to here. */
function scopeOf(folder: GovernanceFolder, only: unknown): ((file: string) => boolean) | undefined {
  if (typeof only !== 'string') return undefined;
  const prefixes = only
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const inside = path.relative(folder.dir, path.resolve(s));
      return (inside.startsWith('..') || path.isAbsolute(inside) ? s : inside)
        .replace(/\\/g, '/')
        .replace(/\/$/, '');
    });
  if (prefixes.length === 0)
    throw new UsageError('--only needs files or subfolders of the folder, e.g. --only proposals');
  return (file) => prefixes.some((p) => file === p || file.startsWith(`${p}/`));
}

function print(io: Output, plan: GovernancePlan, format: unknown, json: boolean, extra = {}): void {
  if (json) io.out(governanceJson(plan, extra));
  else if (format === 'markdown') io.out(governanceMarkdown(plan));
  else io.out(governanceText(plan));
}

export async function governanceCommand(verb: 'plan' | 'apply', argv: string[], io: Output): Promise<number> {
  const { positionals, flags } = parseCommandArgs('dao', argv);
  if (positionals.length !== 1) throw new UsageError(`dao ${verb} takes one governance folder`);
  if (flags.format !== undefined && flags.format !== 'text' && flags.format !== 'markdown')
    throw new UsageError(`--format must be text or markdown, got '${String(flags.format)}'`);
  let folder: GovernanceFolder;
  try {
    folder = readGovernanceFolder(positionals[0]);
  } catch (e) {
    if (!(e instanceof GovernanceFileError)) throw new UsageError((e as Error).message);
    io.err(
      `tfgrid dao ${verb}: invalid governance folder:\n- ${e.problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('\n- ')}`,
    );
    return ExitCode.invalid;
  }
  const inScope = scopeOf(folder, flags.only);
  const session = await openSession(parseNetwork(flags.network, 'local'), io, {
    quiet: true,
    requireRelay: false,
  });
  try {
    const { api, pair } = session.backend;
    let view;
    try {
      view = await readChainView(api, pair.address, folder, folder.display);
    } catch (e) {
      if (!(e instanceof GovernanceFileError)) throw e;
      io.err(`tfgrid dao ${verb}: ${e.message}`);
      return ExitCode.invalid;
    }
    const plan = planGovernance(folder, view, inScope ? { inScope } : {});
    const json = !!flags.json;
    if (verb === 'plan') {
      print(io, plan, flags.format, json);
      // refusals are facts for the reviewer here; apply is what refuses
      return ExitCode.ok;
    }
    if (!json) print(io, plan, flags.format, false);
    if (plan.refusals.length > 0) {
      if (json) print(io, plan, flags.format, true, { sent: 0 });
      io.err(
        `tfgrid dao apply: refused, nothing was sent:\n- ${plan.refusals.map((r) => `${r.file}: ${r.message}`).join('\n- ')}`,
      );
      return ExitCode.invalid;
    }
    if (plan.actions.length > 0 && !(await confirm(io, 'submit these DAO calls?', !!flags.yes))) {
      io.err('apply declined: nothing was sent');
      return ExitCode.invalid;
    }
    const result = await applyGovernance({ api, signer: pair }, plan);
    if (json) print(io, plan, flags.format, true, { sent: result.extrinsics, closed: result.closed });
    else {
      io.out(`sent ${result.extrinsics} extrinsic(s)`);
      for (const c of result.closed)
        io.out(
          `closed ${c.hash}: ${c.approved ? 'approved' : 'disapproved'}${c.executed ? (c.executed.ok ? ', its action ran' : `, its action failed: ${c.executed.error}`) : ''}`,
        );
    }
    return ExitCode.ok;
  } finally {
    await session.close();
  }
}
