/**
 * One YAML file of a governance folder, parsed with source positions: every problem found in it
 * is reported as `file:line:col: message`, at the key or value it is about.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';

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

/** Edit distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

/** ` (did you mean 'x'?)` for the closest of `known`, or '' when none is close. */
export function didYouMean(word: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3))
    ? ` (did you mean '${best}'?)`
    : '';
}

export class YamlSource {
  readonly problems: FileProblem[] = [];
  private readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    for (const e of this.doc.errors)
      this.problemAtOffset(e.pos[0], `YAML syntax: ${e.message.split('\n')[0]}`);
  }

  /** The document as plain data (undefined when it did not parse). */
  data(): unknown {
    return this.doc.errors.length > 0 ? undefined : this.doc.toJS();
  }

  /** The node at a path of keys and indexes (the deepest existing one when the path is missing). */
  private nodeAt(path: readonly (string | number)[]): Node | undefined {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      if (node && typeof node === 'object' && 'range' in node) return node as Node;
    }
    return undefined;
  }

  /** Position of the key `path` (its last element) in its map; the value's when there is no key. */
  private keyOffset(path: readonly (string | number)[]): number {
    const parent = path.length > 0 ? this.nodeAt(path.slice(0, -1)) : undefined;
    const last = path[path.length - 1];
    if (parent && isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
      if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
    }
    return this.nodeAt(path)?.range?.[0] ?? 0;
  }

  private problemAtOffset(offset: number, message: string): void {
    const { line, col } = this.lines.linePos(offset);
    this.problems.push({ file: this.file, line, col, message });
  }

  /** Records a problem about the value at `path` (or its key with `at: 'key'`). */
  problem(path: readonly (string | number)[], message: string, at: 'value' | 'key' = 'value'): void {
    const offset = at === 'key' ? this.keyOffset(path) : (this.nodeAt(path)?.range?.[0] ?? 0);
    this.problemAtOffset(offset, message);
  }
}
