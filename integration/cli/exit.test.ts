/**
 * The `tfgrid` process exits as soon as its command is done (bin/tfgrid.js exits once stdout and
 * stderr are flushed): what it printed still arrives whole, also through a pipe its reader drains
 * late, and the exit code is the command's. A real process, no dev grid needed.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../support/cli';

jest.setTimeout(120_000);

/** Runs the bin; its stdout is not read until `readAfterMs` (the pipe fills and the writer waits). */
function run(
  args: string[],
  readAfterMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'tfgrid.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, TFGRID_DEBUG: '' },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.pause();
    setTimeout(() => {
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stdout.resume();
    }, readAfterMs);
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-exit-'));
  fs.writeFileSync(
    path.join(dir, 'many.ts'),
    `import { App, NodeSelector, Zdb } from '${ROOT}/constructs';
export function build(): App {
  const app = new App({ projectName: 'many' });
  for (let i = 0; i < 300; i++)
    new Zdb(app, \`db\${i}\`, { node: new NodeSelector(app, \`n\${i}\`, {}), sizeGb: 1, mode: 'seq', password: 'pw-\${i}' });
  return app;
}
`,
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('a manifest larger than a pipe holds arrives whole through a pipe read late, with exit 0', async () => {
  const file = path.join(dir, 'manifest.json');
  const program = path.join(dir, 'many.ts');
  const written = await run(['synth', program, '--out', file, '--quiet'], 0);
  expect(written.code).toBe(0);
  const expected = fs.readFileSync(file, 'utf8');
  // more than the 64 KiB a Linux pipe buffers: the process must wait for the reader before it exits
  expect(expected.length).toBeGreaterThan(64 * 1024);
  const piped = await run(['synth', program, '--quiet'], 1500);
  expect(piped.code).toBe(0);
  expect(piped.stdout.trim()).toBe(expected.trim());
});

it('a failing command keeps its exit code and its whole message', async () => {
  const r = await run(['synth', 'examples/zdb.ts', '--outt', 'x'], 0);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--outt/);
  expect(r.stderr).toMatch(/usage: tfgrid synth/);
});
