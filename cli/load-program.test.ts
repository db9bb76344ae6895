/**
 * loadProgram on programs written to a temp dir: TypeScript errors come back as `file:line:col`
 * before the program runs, a program that throws while building names its file and line, and plain
 * JavaScript programs load without a check.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadProgram, ProgramError } from './load-program';

let dir: string;
const isApp = (x: unknown): x is { app: true } => typeof x === 'object' && x !== null && 'app' in x;

/** Writes `name` in the temp dir and loads it, returning the App or the ProgramError. */
function load(name: string, source: string): unknown {
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  try {
    return loadProgram(file, isApp);
  } catch (e) {
    return e;
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-program-'));
  process.env.TFGRID_TS_CACHE = path.join(dir, 'cache');
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, module: 'commonjs', target: 'ES2022', lib: ['ES2022'], types: [] },
    }),
  );
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a type error is reported as file:line:col and the program does not run', () => {
  const marker = path.join(dir, 'ran');
  const e = load(
    'typed.ts',
    `import * as fs from 'fs';\nfs.writeFileSync(${JSON.stringify(marker)}, 'x');\nexport function build() {\n  const size: number = 'ten';\n  return { app: size };\n}\n`,
  );
  expect(e).toBeInstanceOf(ProgramError);
  const problems = (e as ProgramError).problems;
  // 'fs' has no types here (types: []) and the string is not a number: both reported at once
  expect(problems.some((p) => p.includes('typed.ts:1:21:'))).toBe(true);
  expect(
    problems.some((p) => /typed\.ts:4:9: Type 'string' is not assignable to type 'number'/.test(p)),
  ).toBe(true);
  expect(fs.existsSync(marker)).toBe(false);
});

test('a syntax error (missing `);}`) is reported, not "valid"', () => {
  const e = load('cut.ts', `export function build() {\n  return { app: JSON.stringify({ a: 1 }`);
  expect(e).toBeInstanceOf(ProgramError);
  expect((e as ProgramError).message).toMatch(/cut\.ts:2:\d+: '\)' expected/);
});

test('a program that throws while building names its file and line', () => {
  const e = load(
    'throws.ts',
    `export function build() {\n  const x = 1;\n  return JSON.parse('{' + x);\n}\n`,
  );
  expect(e).toBeInstanceOf(ProgramError);
  expect((e as ProgramError).message).toMatch(
    /program '.*throws\.ts' failed while building its App: .*throws\.ts:3:\d+: .*JSON/,
  );
});

test('a plain JavaScript program loads without a type check', () => {
  expect(load('plain.js', `exports.build = () => ({ app: 'js' });\n`)).toEqual({ app: 'js' });
});

test('a program that checks passes, and again from the cache', () => {
  const src = `export function build(): { app: number } {\n  return { app: 42 };\n}\n`;
  expect(load('good.ts', src)).toEqual({ app: 42 });
  expect(fs.readdirSync(process.env.TFGRID_TS_CACHE!).some((f) => f.startsWith('check-'))).toBe(true);
  expect(load('good.ts', src)).toEqual({ app: 42 });
});

test('a duplicate construct id is a program error naming the line, not a grid failure', () => {
  const constructs = JSON.stringify(path.join(__dirname, '..', 'constructs'));
  const e = load(
    'dup.js',
    `const { App, NodeSelector } = require(${constructs});\nexports.build = () => {\n  const app = new App({ projectName: 'dup' });\n  new NodeSelector(app, 'n');\n  new NodeSelector(app, 'n');\n  return app;\n};\n`,
  );
  expect(e).toBeInstanceOf(ProgramError);
  expect((e as ProgramError).message).toMatch(/dup\.js:5:\d+: .*already a Construct with name 'n'/);
});
