/**
 * `tfgrid unlock <program>`: breaks the project's lease (engine/lease.ts) left by an
 * apply or destroy that died. It says who holds the lease and until when, and asks first
 * (`--yes` without a terminal): breaking a live holder's lease lets two applies run at once.
 */
import { App } from '../../constructs/app';
import { breakLease, readLease } from '../../engine/lease';
import { UsageError } from '../args';
import { parseCommandArgs } from '../command-specs';
import { openSession, parseNetwork } from '../grid-session';
import { loadProgram } from '../load-program';
import { ExitCode, type Output } from '../output';
import { confirm } from './engine-commands';

export async function unlockCommand(argv: string[], io: Output): Promise<number> {
  const { positionals, flags: f } = parseCommandArgs('unlock', argv);
  if (positionals.length !== 1)
    throw new UsageError('unlock takes one program file: tfgrid unlock <program.ts>');
  const { manifest } = loadProgram(positionals[0], App.isApp).synth();
  const session = await openSession(parseNetwork(f.network, manifest.network), io, { quiet: !!f.quiet });
  try {
    const lease = await readLease(session.backend, manifest.project);
    if (!lease) {
      io.out(`project '${manifest.project}' has no lease: nothing to unlock`);
      return ExitCode.ok;
    }
    const until = new Date(lease.expiresAt).toISOString();
    const state =
      lease.expiresAt > Date.now()
        ? `held by ${lease.holder} until ${until}`
        : `expired at ${until} (${lease.holder})`;
    io.err(`the lease of project '${manifest.project}' is ${state}`);
    if (
      !(await confirm(
        io,
        'break it? an apply or destroy still running would then run beside another',
        !!f.yes,
      ))
    ) {
      io.err('lease kept');
      return ExitCode.invalid;
    }
    await breakLease(session.backend, manifest.project);
    io.out(`unlocked project '${manifest.project}'`);
    return ExitCode.ok;
  } finally {
    await session.close();
  }
}
