/**
 * A small argument parser: positional arguments plus `--flag`, `--flag value` and `--flag=value`.
 * Each command declares its flags so that a typo is an error, not a silently ignored option.
 */
export interface FlagSpec {
  /** true: the flag takes a value */
  readonly value: boolean;
  /** how the value is written in help, e.g. 'FILE' (default 'VALUE') */
  readonly valueName?: string;
  readonly description: string;
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Record<string, string | boolean>;
}

export class UsageError extends Error {}

/**
 * `elsewhere` names where an unknown flag belongs (e.g. "'--yes' is an option of apply, not of
 * plan"); without an answer the known options are listed.
 */
export function parseArgs(
  argv: string[],
  spec: Readonly<Record<string, FlagSpec>>,
  elsewhere?: (flag: string) => string | undefined,
): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const s = spec[name];
    if (!s) {
      const hint = elsewhere?.(name);
      if (hint) throw new UsageError(hint);
      const known = Object.keys(spec)
        .map((k) => `--${k}`)
        .join(', ');
      throw new UsageError(`unknown option '--${name}'${known ? ` (known options: ${known})` : ''}`);
    }
    if (!s.value) {
      if (eq >= 0) throw new UsageError(`option '--${name}' takes no value`);
      flags[name] = true;
      continue;
    }
    if (eq >= 0) {
      flags[name] = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`option '--${name}' needs a value`);
      flags[name] = next;
      i++;
    }
  }
  return { positionals, flags };
}

export function flagHelp(spec: Readonly<Record<string, FlagSpec>>): string {
  const heads = Object.entries(spec).map(([k, s]) => [
    `--${k}${s.value ? ` ${s.valueName ?? 'VALUE'}` : ''}`,
    s.description,
  ]);
  const width = Math.max(0, ...heads.map(([h]) => h.length)) + 2;
  return heads.map(([h, d]) => `  ${h.padEnd(width)}${d}`).join('\n');
}
