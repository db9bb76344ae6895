/**
 * One YAML file of a governance folder, read with the YAML reader of stack files
 * (constructs/yaml/positioned-yaml.ts): every problem found in it is reported as
 * `file:line:col: message`, at the key or value it is about.
 */
import { PositionedYaml } from '../../constructs/yaml/positioned-yaml';
import { closest } from '../../constructs/yaml/suggest';

/** A problem in a governance file: where, and the message (which names the field, the value and the fix). */
export interface FileProblem {
  /** path of the file as the user gave it (relative to the working directory when possible) */
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

export function formatProblem(p: FileProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

/** Thrown when a governance folder has problems: all of them, each with its position. */
export class GovernanceFileError extends Error {
  readonly problems: readonly FileProblem[];
  constructor(problems: readonly FileProblem[]) {
    const lines = problems.map(formatProblem);
    super(lines.length === 1 ? lines[0] : `${lines.length} problems:\n- ${lines.join('\n- ')}`);
    this.name = 'GovernanceFileError';
    this.problems = problems;
  }
}

/** ` (did you mean 'x'?)` for the closest of `known`, or '' when none is close. */
export function didYouMean(word: string, known: readonly string[]): string {
  const best = closest(word, known);
  return best !== undefined ? ` (did you mean '${best}'?)` : '';
}

/** A governance file and the problems found in it so far. */
export class YamlSource {
  readonly problems: FileProblem[] = [];
  private readonly yaml: PositionedYaml;

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.yaml = new PositionedYaml(file, text);
    for (const e of this.yaml.syntaxErrors) this.problemAtOffset(e.offset, e.message);
  }

  /** The document as plain data (undefined when it did not parse). */
  data(): unknown {
    return this.yaml.data();
  }

  private problemAtOffset(offset: number, message: string): void {
    this.problems.push({ file: this.file, ...this.yaml.position(offset), message });
  }

  /** Records a problem about the value at `path` (or its key with `at: 'key'`). */
  problem(path: readonly (string | number)[], message: string, at: 'value' | 'key' = 'value'): void {
    this.problemAtOffset(this.yaml.offsetOf(path, at), message);
  }
}
