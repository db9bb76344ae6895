/**
 * Type checks a user's TypeScript program with the TypeScript compiler API before it runs, against
 * the nearest `tsconfig.json` above it (or strict defaults when there is none). Only the program and
 * what it imports are checked, not every file the tsconfig includes. A program that passed is
 * remembered in a cache record listing each file it read with its size and mtime, so an unchanged
 * program starts without a new check. Problems read `file:line:col: message` (file relative to cwd).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/** Options used when the program has no tsconfig.json above it. */
const DEFAULT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  // without DOM: a program runs in Node, and the DOM declarations are most of a cold check's time
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  strict: true,
  esModuleInterop: true,
  resolveJsonModule: true,
  skipLibCheck: true,
};

/** The cache directory shared with the transpiling loader (`TFGRID_TS_CACHE`). */
export function typeScriptCacheDir(): string {
  return process.env.TFGRID_TS_CACHE || path.join(os.tmpdir(), `tfgrid-ts-cache-${ts.version}`);
}

/** What the checker read: the tsconfig used, and every file with its size and mtime. */
interface CheckRecord {
  readonly files: ReadonlyArray<readonly [string, number, number]>;
}

export class ProgramTypeCheck {
  readonly configFile: string | undefined;
  private readonly options: ts.CompilerOptions;
  private readonly extraRoots: readonly string[];
  private readonly configProblems: string[] = [];
  /** The files the last successful check covered (the program and everything it imports). */
  checkedFiles: readonly string[] = [];

  /** @param file absolute path of the program (.ts, .mts, .cts or .tsx) */
  constructor(readonly file: string) {
    this.configFile = ts.findConfigFile(path.dirname(file), ts.sys.fileExists, 'tsconfig.json');
    if (!this.configFile) {
      this.options = DEFAULT_OPTIONS;
      this.extraRoots = [];
      return;
    }
    const parsed = ts.getParsedCommandLineOfConfigFile(
      this.configFile,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => this.configProblems.push(formatDiagnostic(d)),
      },
    );
    this.options = parsed?.options ?? DEFAULT_OPTIONS;
    // ambient declarations the tsconfig includes (e.g. globals.d.ts) take part, other sources do not
    this.extraRoots = (parsed?.fileNames ?? []).filter((f) => /\.d\.[cm]?ts$/.test(f));
    this.configProblems.push(...(parsed?.errors ?? []).map(formatDiagnostic));
  }

  /** Every type and syntax error of the program, `file:line:col: message`; [] when it checks. */
  problems(): string[] {
    if (this.configProblems.length > 0) return this.configProblems;
    const recordFile = path.join(typeScriptCacheDir(), `check-${this.key()}.json`);
    const record = this.upToDate(recordFile);
    if (record) {
      this.checkedFiles = record.files.map(([f]) => f);
      return [];
    }
    const options: ts.CompilerOptions = { ...this.options, noEmit: true };
    delete options.incremental;
    delete options.tsBuildInfoFile;
    const program = ts.createProgram({ rootNames: [this.file, ...this.extraRoots], options });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.category === ts.DiagnosticCategory.Error)
      .map(formatDiagnostic);
    if (problems.length === 0) this.remember(recordFile, program);
    return problems;
  }

  /** Cache key: the TypeScript version, the program, its tsconfig and the options it gives. */
  private key(): string {
    return crypto
      .createHash('sha256')
      .update(JSON.stringify([ts.version, this.file, this.configFile ?? '', this.options, this.extraRoots]))
      .digest('hex')
      .slice(0, 32);
  }

  /** The cache record when every file it lists is unchanged. */
  private upToDate(recordFile: string): CheckRecord | undefined {
    let record: CheckRecord;
    try {
      record = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as CheckRecord;
    } catch {
      return undefined;
    }
    const same = record.files.every(([file, size, mtimeMs]) => {
      try {
        const st = fs.statSync(file);
        return st.size === size && st.mtimeMs === mtimeMs;
      } catch {
        return false;
      }
    });
    return same ? record : undefined;
  }

  private remember(recordFile: string, program: ts.Program): void {
    const files = program
      .getSourceFiles()
      .filter((sf) => !program.isSourceFileDefaultLibrary(sf))
      .map((sf) => sf.fileName);
    if (this.configFile) files.push(this.configFile);
    this.checkedFiles = files;
    try {
      const record: CheckRecord = {
        files: files.map((f) => {
          const st = fs.statSync(f);
          return [f, st.size, st.mtimeMs] as const;
        }),
      };
      fs.mkdirSync(path.dirname(recordFile), { recursive: true });
      fs.writeFileSync(recordFile, JSON.stringify(record));
    } catch {
      // a cache that cannot be written only costs speed
    }
  }
}

/** `file:line:col: message` (file relative to cwd), or the bare message for option problems. */
export function formatDiagnostic(d: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
  if (!d.file || d.start === undefined) return `${message} (TS${d.code})`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const file = path.relative(process.cwd(), d.file.fileName) || d.file.fileName;
  return `${file}:${line + 1}:${character + 1}: ${message} (TS${d.code})`;
}

/** Whether a program file is TypeScript (and so is type checked before it runs). */
export function isTypeScriptFile(file: string): boolean {
  return /\.[cm]?tsx?$/.test(file) && !/\.d\.[cm]?ts$/.test(file);
}
