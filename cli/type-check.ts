/**
 * Type checks a user's TypeScript program with the TypeScript compiler API before it runs, against
 * the nearest `tsconfig.json` above it (or strict defaults when there is none). Only the program and
 * what it imports are checked, not every file the tsconfig includes. A program that passed is
 * remembered in a cache record listing each file it read (the tsconfig and the configs it extends
 * included) with its size and mtime, so an unchanged program starts without a new check and without
 * loading the compiler (0.6 s of CPU). Problems read `file:line:col: message` (file relative to cwd).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as TS from 'typescript';

/** The compiler, loaded when a check has to run (not on a cache hit). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const compiler = (): typeof TS => require('typescript') as typeof TS;

/** The compiler's version, without loading it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const TS_VERSION = (require('typescript/package.json') as { version: string }).version;

/** Options used when the program has no tsconfig.json above it. */
function defaultOptions(ts: typeof TS): TS.CompilerOptions {
  return {
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
}

/** The cache directory shared with the transpiling loader (`TFGRID_TS_CACHE`). */
export function typeScriptCacheDir(): string {
  return process.env.TFGRID_TS_CACHE || path.join(os.tmpdir(), `tfgrid-ts-cache-${TS_VERSION}`);
}

/** The nearest tsconfig.json in the program's folder or above it (what ts.findConfigFile finds). */
function nearestConfig(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const f = path.join(d, 'tsconfig.json');
    if (fs.existsSync(f)) return f;
    if (path.dirname(d) === d) return undefined;
  }
}

/** What the checker read: the tsconfig used, and every file with its size and mtime. */
interface CheckRecord {
  readonly files: ReadonlyArray<readonly [string, number, number]>;
  /** which of `files` are the tsconfig and the configs it extends */
  readonly configFiles?: readonly string[];
}

export class ProgramTypeCheck {
  readonly configFile: string | undefined;
  /** The files the last successful check covered (the program and everything it imports). */
  checkedFiles: readonly string[] = [];

  /** @param file absolute path of the program (.ts, .mts, .cts or .tsx) */
  constructor(readonly file: string) {
    this.configFile = nearestConfig(path.dirname(file));
  }

  /** Every type and syntax error of the program, `file:line:col: message`; [] when it checks. */
  problems(): string[] {
    const recordFile = path.join(typeScriptCacheDir(), `check-${this.key()}.json`);
    const record = this.upToDate(recordFile);
    if (record) {
      const configs = new Set(record.configFiles ?? []);
      this.checkedFiles = record.files.map(([f]) => f).filter((f) => !configs.has(f));
      return [];
    }
    const ts = compiler();
    const config = this.readConfig(ts);
    if (config.problems.length > 0) return config.problems;
    const options: TS.CompilerOptions = { ...config.options, noEmit: true };
    delete options.incremental;
    delete options.tsBuildInfoFile;
    const program = ts.createProgram({ rootNames: [this.file, ...config.extraRoots], options });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.category === ts.DiagnosticCategory.Error)
      .map(formatDiagnostic);
    if (problems.length === 0) this.remember(recordFile, program, config.configFiles);
    return problems;
  }

  /** The options of the tsconfig (or the defaults), its problems, and the config files it read. */
  private readConfig(ts: typeof TS): {
    options: TS.CompilerOptions;
    extraRoots: readonly string[];
    problems: string[];
    configFiles: string[];
  } {
    if (!this.configFile)
      return { options: defaultOptions(ts), extraRoots: [], problems: [], configFiles: [] };
    const problems: string[] = [];
    const parsed = ts.getParsedCommandLineOfConfigFile(
      this.configFile,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => problems.push(formatDiagnostic(d)),
      },
    );
    problems.push(...(parsed?.errors ?? []).map(formatDiagnostic));
    return {
      options: parsed?.options ?? defaultOptions(ts),
      // ambient declarations the tsconfig includes (e.g. globals.d.ts) take part, other sources do not
      extraRoots: (parsed?.fileNames ?? []).filter((f) => /\.d\.[cm]?ts$/.test(f)),
      problems,
      configFiles: [
        this.configFile,
        ...((parsed?.options.configFile as TS.TsConfigSourceFile | undefined)?.extendedSourceFiles ?? []),
      ],
    };
  }

  /**
   * Cache key: the TypeScript version, the program and its tsconfig. What the tsconfig says (and
   * the configs it extends) is in the record's files, whose sizes and mtimes must still match.
   */
  private key(): string {
    return crypto
      .createHash('sha256')
      .update(JSON.stringify([TS_VERSION, this.file, this.configFile ?? '']))
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

  private remember(recordFile: string, program: TS.Program, configFiles: readonly string[]): void {
    const files = program
      .getSourceFiles()
      .filter((sf) => !program.isSourceFileDefaultLibrary(sf))
      .map((sf) => sf.fileName);
    this.checkedFiles = [...files];
    files.push(...configFiles);
    try {
      const record: CheckRecord = {
        files: files.map((f) => {
          const st = fs.statSync(f);
          return [f, st.size, st.mtimeMs] as const;
        }),
        configFiles,
      };
      fs.mkdirSync(path.dirname(recordFile), { recursive: true });
      fs.writeFileSync(recordFile, JSON.stringify(record));
    } catch {
      // a cache that cannot be written only costs speed
    }
  }
}

/** `file:line:col: message` (file relative to cwd), or the bare message for option problems. */
export function formatDiagnostic(d: TS.Diagnostic): string {
  const ts = compiler();
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
