/**
 * Synthesis speed and memory: construct, validate, synthesise and schema-check a program of N
 * machines (5 per node contract, one network), in this process, without a grid.
 */
import { buildMachinesApp } from './apply-machines';

export interface SynthResultRow {
  readonly machines: number;
  readonly units: number;
  /** median of the runs, ms */
  readonly ms: number;
  /** manifest size, bytes */
  readonly bytes: number;
  /** heap growth during one synth, MiB (approximate: GC may run) */
  readonly heapMiB: number;
}

export function benchSynth(machines: number, runs = 5): SynthResultRow {
  const units = Math.ceil(machines / 5);
  const times: number[] = [];
  let bytes = 0;
  let heap = 0;
  for (let r = 0; r < runs; r++) {
    const before = process.memoryUsage().heapUsed;
    const t0 = process.hrtime.bigint();
    const { manifest } = buildMachinesApp(`synth-${machines}`, machines, units).synth();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    heap = Math.max(heap, process.memoryUsage().heapUsed - before);
    bytes = JSON.stringify(manifest).length;
  }
  times.sort((a, b) => a - b);
  return { machines, units, ms: times[Math.floor(times.length / 2)], bytes, heapMiB: heap / 1024 / 1024 };
}

export function formatSynth(rows: readonly SynthResultRow[]): string {
  const lines = [
    'synth (construct + validate + synthesise + schema check, median of 5):',
    '    N | units | ms      | ms/machine | manifest KiB | heap MiB',
  ];
  for (const r of rows) {
    lines.push(
      `${String(r.machines).padStart(5)} | ${String(r.units).padStart(5)} | ${r.ms.toFixed(1).padStart(7)} | ${(r.ms / r.machines).toFixed(3).padStart(10)} | ${(r.bytes / 1024).toFixed(0).padStart(12)} | ${r.heapMiB.toFixed(1).padStart(8)}`,
    );
  }
  return lines.join('\n');
}
