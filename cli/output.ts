/** Where the CLI writes: results to stdout, progress and errors to stderr (so `--json` stays parseable). */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

/** Exit codes a CI job can branch on. */
export const ExitCode = {
  ok: 0,
  /** the program or the manifest is invalid, or a plan was refused */
  invalid: 1,
  /** wrong command line */
  usage: 2,
  /** `plan --detailed-exitcode`: changes are pending */
  changes: 3,
  /** the grid refused or failed (chain, node, relay) */
  gridError: 4,
} as const;

/**
 * A command failed in a way it has already explained: main() prints the message (as
 * `{"error": ...}` under --json) and exits with `exitCode`. `details` go into the JSON form.
 */
export class CommandFailure extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
