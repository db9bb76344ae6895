/**
 * Where a command's time goes, phase by phase (load, synth, connect, grid reads, diff, ...): the
 * CLI prints it with `--timings`, the bench reads it. Phases of the same name add up. Each phase
 * keeps its wall time and the CPU time this process spent in it (on a busy machine the wall time
 * grows while the CPU time stays what the work costs; the difference is waiting).
 */
import { performance } from 'perf_hooks';

/** One phase: wall ms and CPU ms (user + system) of this process. */
export interface Phase {
  ms: number;
  cpuMs: number;
}

const cpuMsNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export class Timings {
  private readonly phases = new Map<string, Phase>();

  /** Adds `ms` wall time (and `cpuMs`) to a phase. */
  add(phase: string, ms: number, cpuMs = 0): void {
    const p = this.phases.get(phase) ?? { ms: 0, cpuMs: 0 };
    p.ms += ms;
    p.cpuMs += cpuMs;
    this.phases.set(phase, p);
  }

  /** Adds the process's life so far (node starting, the modules loaded) as `phase`. */
  addProcessStart(phase: string): void {
    this.add(phase, performance.now(), cpuMsNow());
  }

  /** Runs `work`, adding its duration to `phase` (also when it throws). */
  async time<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    const c0 = cpuMsNow();
    try {
      return await work();
    } finally {
      this.add(phase, performance.now() - t0, cpuMsNow() - c0);
    }
  }

  /** The synchronous form of `time`. */
  timeSync<T>(phase: string, work: () => T): T {
    const t0 = performance.now();
    const c0 = cpuMsNow();
    try {
      return work();
    } finally {
      this.add(phase, performance.now() - t0, cpuMsNow() - c0);
    }
  }

  /** Wall and CPU ms per phase, in the order the phases first ran. */
  toJSON(): Record<string, Phase> {
    return Object.fromEntries(
      [...this.phases].map(([k, v]) => [k, { ms: Math.round(v.ms), cpuMs: Math.round(v.cpuMs) }]),
    );
  }

  /** `start 0.41 s (cpu 0.38), synth 0.08 s (cpu 0.08), ...` with the process's totals. */
  format(): string {
    const s = (ms: number) => (ms / 1000).toFixed(2);
    const parts = [...this.phases].map(([k, v]) => `${k} ${s(v.ms)} s (cpu ${s(v.cpuMs)})`);
    return `${parts.join(', ')}; ${s(performance.now())} s (cpu ${s(cpuMsNow())}) since the process started`;
  }
}
