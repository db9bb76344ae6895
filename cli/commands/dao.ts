/**
 * `tfgrid dao list`: the DAO proposals on chain, with their votes (what DaoVote constructs refer to);
 * `tfgrid dao plan|apply <folder>`: governance as code (commands/dao-governance.ts).
 */
import { UsageError } from '../args';
import { parseCommandArgs } from '../command-specs';
import { openSession, parseNetwork } from '../grid-session';
import { ExitCode, type Output } from '../output';
import { governanceCommand } from './dao-governance';

export async function daoCommand(argv: string[], io: Output): Promise<number> {
  if (argv[0] === 'plan' || argv[0] === 'apply') return governanceCommand(argv[0], argv.slice(1), io);
  const { positionals, flags } = parseCommandArgs('dao', argv);
  if (positionals[0] !== 'list')
    throw new UsageError(
      "dao takes 'list', or 'plan' / 'apply' with a governance folder (docs/governance.md)",
    );
  const session = await openSession(parseNetwork(flags.network, 'local'), io, { quiet: true });
  try {
    const proposals = await session.backend.daoProposals();
    if (flags.json) io.out(JSON.stringify(proposals, null, 2));
    else if (proposals.length === 0) io.out('no open proposals');
    else {
      for (const p of proposals) {
        const yes = p.ayes.reduce((s, v) => s + v.weight, 0);
        const no = p.nays.reduce((s, v) => s + v.weight, 0);
        io.out(
          `${p.hash}  #${p.index} "${p.description}" (${p.link})\n  threshold ${p.threshold}, votes ${p.ayes.length} yes (weight ${yes}) / ${p.nays.length} no (weight ${no}), ends at block ${p.end}`,
        );
      }
    }
    return ExitCode.ok;
  } finally {
    await session.close();
  }
}
