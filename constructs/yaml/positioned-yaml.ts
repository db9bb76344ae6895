/**
 * YAML text parsed with source positions: the one reader that turns a place in a YAML file (a
 * node, a path of keys, a parser error) into `file:line:col`. Stack files (stack-file.ts) and
 * governance folders (engine/governance) both report their problems through it, so a position and
 * a syntax error read the same in both.
 */
import { isAlias, isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/** Where the YAML parser's errors are fixed. */
const SYNTAX_FIXES: Record<string, string> = {
  BAD_INDENT: 'indent the entries of one map or list alike',
  DUPLICATE_KEY: 'give each key (and each resource name) once',
  MISSING_CHAR: 'close the quote, bracket or brace',
  MULTILINE_IMPLICIT_KEY: 'write a key and its colon on one line',
  UNEXPECTED_TOKEN: 'check the line for a stray character',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
};

/** A YAML syntax error: where (an offset in the text), and what with its fix. */
export interface YamlSyntaxError {
  readonly offset: number;
  /** `YAML syntax: <what>: <fix>` */
  readonly message: string;
}

/** One place in the file, 1-based. */
export interface YamlPosition {
  readonly line: number;
  readonly col: number;
}

export class PositionedYaml {
  readonly doc: Document.Parsed;
  /** the parser's errors, in the order found (empty when the text is YAML) */
  readonly syntaxErrors: readonly YamlSyntaxError[];
  private readonly lines = new LineCounter();

  constructor(
    /** the file as the user named it (what `at` prints) */
    readonly file: string,
    text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    this.syntaxErrors = this.doc.errors.map((e) => {
      const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      const fix = SYNTAX_FIXES[e.code] ?? 'fix the YAML syntax there';
      return { offset: e.pos[0], message: `YAML syntax: ${what}: ${fix}` };
    });
  }

  /** The document as plain data (undefined when it did not parse). */
  data(): unknown {
    return this.syntaxErrors.length > 0 ? undefined : this.doc.toJS();
  }

  /** Line and column of an offset in the text. */
  position(offset: number): YamlPosition {
    return this.lines.linePos(offset);
  }

  /** `file:line:col` of an offset in the text. */
  atOffset(offset: number): string {
    const { line, col } = this.position(offset);
    return `${this.file}:${line}:${col}`;
  }

  /** `file:line:col` of a node (of the file's start without one). */
  at(node: Node | undefined): string {
    return this.atOffset(node?.range?.[0] ?? 0);
  }

  /** The node at a path of keys and indexes (the deepest existing one when the path is missing). */
  nodeAt(path: readonly (string | number)[]): Node | undefined {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      if (node && typeof node === 'object' && 'range' in node) return node as Node;
    }
    return undefined;
  }

  /**
   * Offset of the value at `path`, or with `at: 'key'` of its key in the parent map (the value's
   * when there is no such key); the deepest existing node's when the path is missing.
   */
  offsetOf(path: readonly (string | number)[], at: 'value' | 'key' = 'value'): number {
    if (at === 'key' && path.length > 0) {
      const parent = this.nodeAt(path.slice(0, -1));
      const last = path[path.length - 1];
      if (parent && isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
        if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
      }
    }
    return this.nodeAt(path)?.range?.[0] ?? 0;
  }

  /** The plain JavaScript value of a node (for messages). */
  plain(node: Node | null | undefined): unknown {
    if (node === null || node === undefined) return null;
    try {
      return node.toJS(this.doc);
    } catch {
      return undefined;
    }
  }

  /** Resolves an alias (`*name`) to its node (undefined when its anchor is missing). */
  deref(node: Node): Node | undefined {
    return isAlias(node) ? (node.resolve(this.doc) as Node | undefined) : node;
  }
}
