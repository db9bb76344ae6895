/**
 * Values of a stack file read from the environment: `${env:NAME}` (a secret: never shown, never
 * written in plain), `${env:NAME:plain}` (not secret), and either with `:-default` for when NAME is
 * unset. `$${env:` is a literal `${env:`; any other text, including other `${...}`, is literal.
 */

/** One variable a value reads. */
export interface EnvUse {
  readonly name: string;
  readonly secret: boolean;
  /** the value used (the default when unset), or undefined when unset without default */
  readonly value?: string;
}

export interface Interpolated {
  /** the text with variables replaced; undefined when a variable is unset without default */
  readonly value: string | undefined;
  /** the variables read */
  readonly uses: readonly EnvUse[];
  /** true when the text is one variable and nothing else */
  readonly whole: boolean;
  /** `${env:` that does not follow the syntax */
  readonly malformed?: string;
}

const VARIABLE = /\$(\$?)\{env:([^}]*)\}/g;
const BODY = /^([A-Za-z_][A-Za-z0-9_]*)(:plain)?(?::-(.*))?$/s;

/** The text with its `${env:...}` replaced from `env`. */
export function interpolate(text: string, env: NodeJS.ProcessEnv): Interpolated {
  const uses: EnvUse[] = [];
  let malformed: string | undefined;
  let unset = false;
  let count = 0;
  const value = text.replace(VARIABLE, (all: string, escaped: string, body: string) => {
    if (escaped) return all.slice(1);
    count++;
    const m = BODY.exec(body);
    if (!m) {
      malformed ??= all;
      return all;
    }
    const [, name, plain, fallback] = m;
    const v = env[name] ?? fallback;
    uses.push({ name, secret: !plain, value: v });
    if (v === undefined) unset = true;
    return v ?? '';
  });
  const whole = count === 1 && uses.length === 1 && VARIABLE_WHOLE.test(text);
  return { value: unset ? undefined : value, uses, whole, ...(malformed ? { malformed } : {}) };
}

const VARIABLE_WHOLE = /^\$\{env:[^}]*\}$/;

/** True when the text reads a variable. */
export function readsEnv(text: string): boolean {
  return /(^|[^$])\$\{env:/.test(text);
}
