/**
 * Every command of the `tfgrid` CLI in one table: what it does, its arguments, its subcommands and
 * its flags. The parser, `tfgrid --help`, `tfgrid <command> --help` and the README's command table
 * all read it, so a new flag is one entry here and nowhere else.
 *
 * A new command: (1) an entry here (summary, args, flags; shared flags are the consts below);
 * (2) its code in commands/<name>.ts, a function `(argv, io) => Promise<exit code>` that starts with
 * `parseCommandArgs('<name>', argv)` and throws UsageError / CommandFailure for main() to report;
 * (3) a line in main.ts's RUN (the type checker asks for it); (4) `npm run readme:tables`.
 */
import { parseArgs, type FlagSpec, type ParsedArgs } from './args';

/** Flags several commands share (one description each). */
const network: FlagSpec = {
  value: true,
  valueName: 'NAME',
  description: "local (the dev grid) | dev | qa | test | main; default: the App's network (local)",
};
const json: FlagSpec = { value: false, description: 'machine-readable output on stdout (errors too)' };
const quiet: FlagSpec = { value: false, description: 'no progress output on stderr' };
const yes: FlagSpec = { value: false, description: 'do not ask (needed without a terminal)' };

export interface CommandSpec {
  /** one line for `tfgrid --help` and the README */
  readonly summary: string;
  /** positional arguments as written in the usage line, e.g. '<program>' */
  readonly args: string;
  /** what `tfgrid <command> --help` adds below the summary */
  readonly details?: readonly string[];
  /** subcommands (the first positional) and what each does */
  readonly subcommands?: Readonly<Record<string, string>>;
  readonly flags: Readonly<Record<string, FlagSpec>>;
}

const timings: FlagSpec = {
  value: false,
  description: 'print where the time went (start, program, synth, connect, grid reads, diff, ...) to stderr',
};

const lockTimeout: FlagSpec = {
  value: true,
  valueName: 'S',
  description:
    'seconds to wait while another apply or destroy of the project holds its lease (default 300; 0: fail at once)',
};

export const COMMAND_SPECS = {
  init: {
    summary:
      'a new project: package.json, tsconfig.json, main.ts, .gitignore, README (with `--pulumi` also Pulumi.yaml and index.ts; with `--yaml` stack.yaml instead of tsconfig.json and main.ts)',
    args: '[dir]',
    details: [
      'Files that exist are kept (and said so); dir (default: the current folder) is created if missing.',
    ],
    flags: {
      pulumi: { value: false, description: 'also a Pulumi project (Pulumi.yaml, index.ts using deployApp)' },
      yaml: { value: false, description: 'a YAML stack (stack.yaml) instead of a TypeScript program' },
    },
  },
  synth: {
    summary: 'prints (or writes) the manifest; a summary with the estimated monthly cost goes to stderr',
    args: '<program>',
    flags: {
      out: { value: true, valueName: 'FILE', description: 'write the manifest to FILE instead of stdout' },
      quiet: { value: false, description: 'no summary on stderr' },
    },
  },
  validate: {
    summary: 'reports every problem of a program at once',
    args: '<program>',
    flags: { json: { value: false, description: 'print {valid, problems} as JSON' } },
  },
  plan: {
    summary:
      'what apply would do per unit: create, update in place, replace (with the reason), delete, and the cost change',
    args: '<program>',
    details: ['Reads the chain and the nodes; changes nothing. Unchanged units are summarised in one line.'],
    flags: {
      network,
      json,
      quiet,
      'detailed-exitcode': { value: false, description: 'exit 3 when there are changes, 0 when none' },
      out: {
        value: true,
        valueName: 'FILE',
        description: "save the plan to FILE (no secret in it) for 'tfgrid apply FILE'",
      },
      graph: { value: false, description: 'print the program graph coloured by the plan instead of text' },
      format: { value: true, valueName: 'F', description: 'with --graph: svg (default) | dot | mermaid' },
      timings,
    },
  },
  apply: {
    summary:
      'makes the grid match the program; on failure cancels what it created and reverts what it updated, then says what failed and what was undone',
    args: '<program | plan.json>',
    details: [
      'Prints the plan, asks (unless --yes), applies that plan, then prints the outputs.',
      "Given a plan saved with 'tfgrid plan <program> --out plan.json' it applies exactly that plan without asking again; if the program or the grid no longer gives it, nothing is changed (exit 1).",
    ],
    flags: {
      network,
      json,
      quiet,
      yes,
      verify: {
        value: false,
        description: 'check the outputs: RESP to zdbs, SSH to machines, HTTP through gateways',
      },
      timeout: {
        value: true,
        valueName: 'S',
        description: 'seconds to wait for workloads to be ready (default 300)',
      },
      'lock-timeout': lockTimeout,
      timings,
    },
  },
  refresh: {
    summary:
      'detects drift: contracts billed while the node lost the workloads or has them in error, nodes not answering, grace periods, orphans (exit 3 on drift)',
    args: '<program>',
    flags: { network, json, quiet, timings },
  },
  status: {
    summary: "the project's contracts on the grid, including orphans (contracts the program no longer has)",
    args: '<program>',
    flags: { network, json, quiet, timings },
  },
  destroy: {
    summary:
      'cancels every contract of the project (its node contracts and the names it owns) on chain, also when nodes or the RMB relay are down, and names the nodes it could not tell',
    args: '<program>',
    details: ['Lists the contracts it will cancel, then asks (unless --yes).'],
    flags: { network, json, quiet, yes, 'lock-timeout': lockTimeout, timings },
  },
  unlock: {
    summary:
      "breaks the project's lease left by an apply or destroy that died (says who held it, asks first)",
    args: '<program>',
    details: [
      "Says who holds the lease and until when. Breaking a live holder's lease lets two applies run at once.",
    ],
    flags: { network, yes, quiet },
  },
  dao: {
    summary: 'DAO proposals on chain and their votes; governance as code: plan and apply a folder of proposal and vote files',
    args: 'list | plan <folder> | apply <folder>',
    details: [
      'A governance folder holds one file per proposal and one per farm vote (docs/governance.md).',
      'Single proposals and votes can also be DaoProposal and DaoVote constructs of a program.',
    ],
    subcommands: {
      list: 'the proposals on chain, with their votes and thresholds',
      plan: 'per file: on chain or not, state, weighted votes, time left, and what apply would send',
      apply: 'send exactly what plan shows, in one batch; refused before sending when the account may not',
    },
    flags: {
      network,
      json,
      quiet,
      yes,
      format: {
        value: true,
        valueName: 'F',
        description: 'plan/apply: text (default) | markdown (a table for a pull-request comment)',
      },
      only: {
        value: true,
        valueName: 'PATHS',
        description: 'plan/apply: comma-separated files or subfolders of the folder to act on',
      },
    },
  },
  graph: {
    summary: 'draws a program: units by network and placement, references, dependency levels, cost',
    args: '<program>',
    flags: {
      format: { value: true, valueName: 'F', description: 'svg (default) | dot | mermaid' },
      out: { value: true, valueName: 'FILE', description: 'write the picture to FILE instead of stdout' },
    },
  },
  devgrid: {
    summary: 'the local dev grid',
    args: 'up|status|down',
    details: [
      'A chain, an RMB relay, zos node emulators, zdbs, a gateway and a grid proxy on 127.0.0.1.',
      '`up` runs until Ctrl-C (or in the background with --detach); other commands find it through <data-dir>/devgrid.json.',
    ],
    subcommands: {
      up: 'start a dev grid (in the foreground, or with --detach in the background)',
      status: 'the endpoints of the running dev grid (exit 1 when none runs)',
      down: 'stop the dev grid started with --detach',
    },
    flags: {
      nodes: { value: true, valueName: 'N', description: 'number of emulated nodes (default 8)' },
      farms: { value: true, valueName: 'M', description: 'number of farms (default 2)' },
      'data-dir': {
        value: true,
        valueName: 'D',
        description:
          'state directory (default: TFGRID_DEVGRID_DIR, else .tfgrid/devgrid in the project root)',
      },
      'block-time-ms': {
        value: true,
        valueName: 'T',
        description: '0: a block per transaction (default); 6000 behaves like TFChain',
      },
      'billing-frequency': {
        value: true,
        valueName: 'B',
        description:
          'blocks per billing cycle of a new chain (default 600, as on TFChain; a small B bills within seconds)',
      },
      'relay-tls': {
        value: false,
        description:
          "up: the relay also listens on wss://127.0.0.1/ with a CA made for this grid (for ThreeFold's SDK; needs openssl)",
      },
      'relay-tls-port': {
        value: true,
        valueName: 'P',
        description: 'port of that TLS relay (default 443, which the SDK needs; 0: any free port)',
      },
      detach: { value: false, description: 'up: run in the background and return once it is up' },
      json: { value: false, description: 'print the endpoints (and errors) as JSON' },
    },
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMAND_SPECS;

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMAND_SPECS, name);
}

/** `tfgrid plan <program> [--network NAME] [--json] ...` */
export function usageLine(name: CommandName): string {
  const spec: CommandSpec = COMMAND_SPECS[name];
  const flags = Object.entries(spec.flags).map(
    ([f, s]) => `[--${f}${s.value ? ` ${s.valueName ?? 'VALUE'}` : ''}]`,
  );
  return ['tfgrid', name, spec.args, ...flags].join(' ');
}

/** The commands (other than `name`) that take a flag: for "'--yes' is an option of apply, destroy". */
function commandsTaking(flag: string, name: CommandName): string[] {
  return Object.entries(COMMAND_SPECS as Record<string, CommandSpec>)
    .filter(([n, s]) => n !== name && Object.prototype.hasOwnProperty.call(s.flags, flag))
    .map(([n]) => n);
}

/** Parses a command's arguments against its flags; a flag of another command is named as such. */
export function parseCommandArgs(name: CommandName, argv: string[]): ParsedArgs {
  return parseArgs(argv, COMMAND_SPECS[name].flags, (flag) => {
    const others = commandsTaking(flag, name);
    const list =
      others.length > 1 ? `${others.slice(0, -1).join(', ')} and ${others[others.length - 1]}` : others[0];
    return list ? `'--${flag}' is an option of ${list}, not of ${name}` : undefined;
  });
}
