/**
 * Wall and CPU time of each bench section, for the closing lines of `npm run bench`: which section
 * the run's time went to (short mode must stay under a minute). CPU counts this process and the
 * children it waited for (the CLI runs), read from /proc on Linux; the detached dev grid is not
 * our child once detached, so its CPU is not in it.
 */
import * as fs from 'fs';

/** CPU of this process and its waited-for children, ms (this process's alone off Linux). */
function cpuMs(): number {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // utime, stime, cutime, cstime: fields 14 to 17 of stat, in clock ticks (100 per second)
    return ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
}

export class SectionClock {
  private readonly startWall = Date.now();
  private readonly startCpu = cpuMs();
  private lastWall = this.startWall;
  private lastCpu = this.startCpu;
  private readonly laps: { name: string; wallMs: number; cpuMs: number }[] = [];

  /** Ends the section running since the previous lap (or the start) and names it. */
  lap(name: string): void {
    const wall = Date.now();
    const cpu = cpuMs();
    this.laps.push({ name, wallMs: wall - this.lastWall, cpuMs: cpu - this.lastCpu });
    this.lastWall = wall;
    this.lastCpu = cpu;
  }

  /** `sections (wall s / cpu s): synth 1.2/1.1, ...; cpu 12.3 s in all`, and the verdict on `goalS` when given. */
  summary(goalS?: number): string {
    const s = (ms: number) => (ms / 1000).toFixed(1);
    const totalS = (Date.now() - this.startWall) / 1000;
    const parts = this.laps.map((l) => `${l.name} ${s(l.wallMs)}/${s(l.cpuMs)}`);
    const goal =
      goalS === undefined
        ? ''
        : `; ${totalS.toFixed(1)} s in all, goal < ${goalS} s: ${totalS < goalS ? 'met' : 'NOT met'}`;
    return `sections (wall s / cpu s): ${parts.join(', ')}; cpu ${s(cpuMs() - this.startCpu)} s in all${goal}`;
  }
}
