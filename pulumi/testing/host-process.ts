/**
 * Runs `@pulumi/pulumi/cmd/dynamic-provider` as a child process, the way the Pulumi engine runs the
 * `pulumi-resource-pulumi-nodejs` plugin: `node <script> <engine address>` with the project in the
 * environment; the plugin prints its gRPC port as its first stdout line.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** How to start the host process. */
export interface HostProcessOptions {
  /** address of the engine's gRPC service, passed as the plugin's argument */
  readonly engineAddress: string;
  /** working directory; the serialized provider's `require('pkg')` resolves from its node_modules */
  readonly cwd: string;
  /** modules loaded into the host before anything else (`NODE_OPTIONS=--require=...`), absolute paths */
  readonly preload: readonly string[];
  /** extra environment variables (the parent's environment is inherited, as the engine does) */
  readonly env: Readonly<Record<string, string>>;
  /** how long to wait for the port line, in milliseconds */
  readonly startTimeoutMs: number;
}

/** Lines of plugin output kept for error messages. */
const MAX_OUTPUT_LINES = 200;

/** Finds the dynamic provider entry point of the installed @pulumi/pulumi. */
export function dynamicProviderScript(): string {
  return require.resolve('@pulumi/pulumi/cmd/dynamic-provider/index.js');
}

/** Walks up from a directory to the nearest one holding node_modules/@pulumi/pulumi. */
export function findProjectRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'node_modules', '@pulumi', 'pulumi'))) return dir;
    if (path.dirname(dir) === dir) {
      throw new Error(`no node_modules/@pulumi/pulumi above ${from}: install @pulumi/pulumi or pass cwd`);
    }
  }
}

/** NODE_OPTIONS with `--require` for each preload module added to what the parent already has. */
export function nodeOptionsWith(existing: string | undefined, preload: readonly string[]): string {
  const parts = existing ? [existing] : [];
  for (const file of preload) {
    if (!path.isAbsolute(file)) throw new Error(`preload module ${file} must be an absolute path`);
    // NODE_OPTIONS splits on spaces; quoting keeps paths with spaces intact.
    parts.push(/\s/.test(file) ? `--require="${file}"` : `--require=${file}`);
  }
  return parts.join(' ');
}

/** A started host process and what it printed. */
export class HostProcess {
  /** Output lines after the port line (stdout and stderr), the newest last. */
  readonly output: string[] = [];
  private exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    /** the port the plugin's gRPC server listens on, on 127.0.0.1 */
    readonly port: number,
    exited: Promise<void>,
  ) {
    this.exited = exited;
  }

  /** Starts the host and waits for its port. */
  static async start(options: HostProcessOptions): Promise<HostProcess> {
    const child = spawn(process.execPath, [dynamicProviderScript(), options.engineAddress], {
      cwd: options.cwd,
      env: {
        ...process.env,
        ...options.env,
        NODE_OPTIONS: nodeOptionsWith(process.env.NODE_OPTIONS, options.preload),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const record = (line: string): void => {
      output.push(line);
      if (output.length > MAX_OUTPUT_LINES) output.shift();
    };
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let stdoutRest = '';
    let stderrRest = '';
    let portLine: ((line: string) => void) | undefined;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (stdoutRest + chunk).split('\n');
      stdoutRest = lines.pop() ?? '';
      for (const line of lines) {
        if (portLine) {
          const take = portLine;
          portLine = undefined;
          take(line);
        } else record(line);
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (stderrRest + chunk).split('\n');
      stderrRest = lines.pop() ?? '';
      lines.forEach(record);
    });

    let timer: NodeJS.Timeout | undefined;
    try {
      const port = await new Promise<number>((resolve, reject) => {
        portLine = (line) => {
          const port = Number(line.trim());
          if (Number.isInteger(port) && port > 0) resolve(port);
          else reject(new Error(`expected the port as its first stdout line, got ${JSON.stringify(line)}`));
        };
        child.once('error', (err) => reject(new Error(`cannot run ${process.execPath}: ${err.message}`)));
        child.once('exit', (code, signal) =>
          reject(new Error(`exited before listening (code ${code}, signal ${signal})`)),
        );
        timer = setTimeout(
          () => reject(new Error(`printed no port within ${options.startTimeoutMs} ms`)),
          options.startTimeoutMs,
        );
      });
      return new HostProcess(child, port, exited);
    } catch (err) {
      child.kill('SIGKILL');
      await exited;
      const tail = [...output, stdoutRest, stderrRest]
        .filter((l) => l.trim())
        .slice(-20)
        .join('\n');
      throw new Error(
        `dynamic provider host ${(err as Error).message}` +
          (tail ? `; its output:\n${tail}` : '') +
          `\n(started as: node ${dynamicProviderScript()} in ${options.cwd})`,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** The last lines the plugin printed, for error messages. */
  tail(lines = 20): string {
    return this.output
      .filter((l) => l.trim())
      .slice(-lines)
      .join('\n');
  }

  /** Stops the process (SIGTERM, then SIGKILL after a grace period) and waits for it to exit. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, graceMs);
    });
    await Promise.race([this.exited, killed]);
    clearTimeout(timer);
    await this.exited;
  }
}
