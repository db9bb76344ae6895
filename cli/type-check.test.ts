/**
 * The type check's cache: an unchanged program that passed starts without loading the compiler,
 * and a change to the program, its tsconfig or a config the tsconfig extends checks it again.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ProgramTypeCheck } from './type-check';

let dir: string;
const REGISTER = path.join(__dirname, 'register-ts.js');
const TYPE_CHECK = path.join(__dirname, 'type-check.ts');

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'type-check-'));
  process.env.TFGRID_TS_CACHE = path.join(dir, 'cache');
  fs.writeFileSync(path.join(dir, 'base.json'), JSON.stringify({ compilerOptions: { strict: false } }));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: './base.json', compilerOptions: { module: 'commonjs', target: 'es2022' } }),
  );
  // passes without strict (implicit any), fails with it
  fs.writeFileSync(path.join(dir, 'main.ts'), 'export function f(x) { return x; }\n');
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Checks main.ts in a fresh node; says whether that process loaded the compiler. */
function checkInChild(): { problems: string[]; loadedCompiler: boolean } {
  const script = `
    const { ProgramTypeCheck } = require(${JSON.stringify(TYPE_CHECK)});
    const problems = new ProgramTypeCheck(${JSON.stringify(path.join(dir, 'main.ts'))}).problems();
    const loadedCompiler = Object.keys(require.cache).some((k) => /typescript[\\\\/]lib[\\\\/]typescript\\.js$/.test(k));
    process.stdout.write(JSON.stringify({ problems, loadedCompiler }));`;
  const out = execFileSync(process.execPath, ['-r', REGISTER, '-e', script], {
    env: { ...process.env, TFGRID_TS_CACHE: path.join(dir, 'cache') },
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

describe('type check cache', () => {
  it('an unchanged program that passed is not checked again, and the compiler is not loaded', () => {
    expect(checkInChild()).toEqual({ problems: [], loadedCompiler: true });
    expect(checkInChild()).toEqual({ problems: [], loadedCompiler: false });
  });

  it('a change in a config the tsconfig extends checks the program again', () => {
    const main = path.join(dir, 'main.ts');
    expect(new ProgramTypeCheck(main).problems()).toEqual([]);
    fs.writeFileSync(path.join(dir, 'base.json'), JSON.stringify({ compilerOptions: { strict: true } }));
    const problems = new ProgramTypeCheck(main).problems();
    expect(problems.join('\n')).toMatch(/main\.ts:1:\d+: Parameter 'x' implicitly has an 'any' type/);
    fs.writeFileSync(path.join(dir, 'base.json'), JSON.stringify({ compilerOptions: { strict: false } }));
    expect(new ProgramTypeCheck(main).problems()).toEqual([]);
  });
});
