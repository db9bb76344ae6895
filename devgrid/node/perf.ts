/**
 * The dev node's performance tasks, answered under zos's `zos.perf.get` / `zos.perf.get_all`
 * (zosbase pkg/perf: a TaskResult {name, description, timestamp, result} per task id, "result not
 * found" for an unknown one). A real node runs them on a schedule and talks to other nodes and to
 * STUN servers; the dev grid sends no traffic off loopback, so:
 * - `cpu-benchmark` is measured here, once, on a fixed hashing task (seconds, as cpubench reports);
 * - `healthcheck` runs zos's two checks (cache, network) as passed: both are local to the dev node;
 * - `iperf` tested no other node (an empty list, as zos reports when it finds none);
 * - `public-ip-validation` checked no IP (an empty report).
 */
import { createHash } from 'crypto';
import { nowSeconds } from '../../clients/rmb/envelope';

export interface TaskResult {
  readonly name: string;
  readonly description: string;
  /** unix seconds the task ran */
  readonly timestamp: number;
  readonly result: unknown;
}

/** zos's task descriptions, by task id (zosbase pkg/perf/*). */
const DESCRIPTIONS: Record<string, string> = {
  'cpu-benchmark':
    'Measures the performance of the node CPU by reporting the timespent of computing a task in seconds.',
  healthcheck:
    'health check task runs multiple checks to ensure the node is in a usable state and set flags for the power daemon to stop reporting uptime if it is not usable',
  iperf: 'Test public nodes network performance with both UDP and TCP over IPv4 and IPv6',
  'public-ip-validation': 'Runs on the least NodeID node in a farm to validate all its IPs.',
};

export class PerfMonitor {
  private results?: Map<string, TaskResult>;

  /** @param workloads the node's active workload count (cpu-benchmark reports it) */
  constructor(private readonly workloads: () => number) {}

  get(payload: unknown): TaskResult {
    const name = (payload as { name?: unknown } | null)?.name;
    const r = typeof name === 'string' ? this.run().get(name) : undefined;
    if (!r) throw new Error('result not found');
    return r;
  }

  getAll(): TaskResult[] {
    return [...this.run().values()];
  }

  private run(): Map<string, TaskResult> {
    if (this.results) return this.results;
    const timestamp = nowSeconds();
    const task = (name: string, result: unknown): [string, TaskResult] => [
      name,
      { name, description: DESCRIPTIONS[name], timestamp, result },
    ];
    const seconds = cpuSeconds();
    this.results = new Map([
      task('cpu-benchmark', { single: seconds, multi: seconds, threads: 1, workloads: this.workloads() }),
      task('healthcheck', { cache: [], network: [] }),
      task('iperf', []),
      task('public-ip-validation', {}),
    ]);
    return this.results;
  }
}

/** Seconds to hash 64 MiB with sha256 in 1 MiB steps (the dev node's single-thread score). */
function cpuSeconds(): number {
  const chunk = Buffer.alloc(1024 * 1024, 7);
  const start = process.hrtime.bigint();
  const h = createHash('sha256');
  for (let i = 0; i < 64; i++) h.update(chunk);
  h.digest();
  return Number(process.hrtime.bigint() - start) / 1e9;
}
