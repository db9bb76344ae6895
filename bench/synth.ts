/**
 * Synthesis speed and memory: construct, validate, synthesise and schema-check a program of N
 * machines (5 per node contract, a network per 200 node contracts: a /16 holds 253), in this
 * process, without a grid. Networks take their default topology (a hub above 16 nodes).
 */
import { App, Flist, Machine, Network, NodeSelector } from '../constructs';
import { processPeakRss } from './memory-peak';

/** Node contracts per network: a network spans at most 253 nodes (one /24 each in its /16). */
const UNITS_PER_NETWORK = 200;

export interface SynthResultRow {
  readonly machines: number;
  readonly units: number;
  /** constructs in the App (machines, selectors, networks, the App) */
  readonly constructs: number;
  /** median of the runs, ms */
  readonly ms: number;
  /** median CPU time of the runs (user + system, all threads), ms: what the wall time is on an idle machine */
  readonly cpuMs: number;
  /** the first run at this size (the shapes are new to the JIT), ms */
  readonly firstMs: number;
  /** wireguard peers in all network workloads of the manifest */
  readonly peers: number;
  /** manifest size, bytes */
  readonly bytes: number;
  /** heap growth during one synth, MiB (approximate: GC may run) */
  readonly heapMiB: number;
  /** the process's resident memory after the runs, MiB */
  readonly rssMiB: number;
  /** the process's peak resident memory so far (synth runs first in the bench), MiB */
  readonly peakRssMiB: number;
}

/** N machines dealt round-robin over `units` selectors, a network per 200 selectors. */
export function buildSynthApp(project: string, machines: number, units: number): App {
  const app = new App({ projectName: project });
  const nets = Array.from(
    { length: Math.ceil(units / UNITS_PER_NETWORK) },
    (_, k) => new Network(app, `net${k}`, { ipRange: `10.${40 + (k % 200)}.0.0/16` }),
  );
  const selectors = Array.from(
    { length: units },
    (_, k) => new NodeSelector(app, `group${k}`, { minCru: 1 }),
  );
  for (let i = 0; i < machines; i++) {
    const unit = i % units;
    new Machine(app, `vm${i}`, {
      node: selectors[unit],
      network: nets[Math.floor(unit / UNITS_PER_NETWORK)],
      flist: Flist.ubuntu22(),
      cpu: 1,
      memoryMb: 512,
      rootfsGb: 0.5,
    });
  }
  return app;
}

/** Loads what every synth needs once (modules, the schema validator), so no row pays for it. */
export function warmUpSynth(): void {
  buildSynthApp('synth-warm-up', 10, 2).synth();
}

export function benchSynth(machines: number, runs = machines >= 5000 ? 3 : 5): SynthResultRow {
  const units = Math.ceil(machines / 5);
  const times: number[] = [];
  const cpu: number[] = [];
  let bytes = 0;
  let heap = 0;
  let constructs = 0;
  let peers = 0;
  for (let r = 0; r < runs; r++) {
    const before = process.memoryUsage().heapUsed;
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const app = buildSynthApp(`synth-${machines}`, machines, units);
    const { manifest } = app.synth();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    heap = Math.max(heap, process.memoryUsage().heapUsed - before);
    bytes = JSON.stringify(manifest).length;
    constructs = app.node.findAll().length;
    peers = 0;
    for (const u of manifest.units)
      if (u.kind === 'deployment')
        for (const w of u.workloads)
          if (w.type === 'network') peers += (w.data.peers as unknown[] | undefined)?.length ?? 0;
  }
  const firstMs = times[0];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    machines,
    units,
    constructs,
    ms: median(times),
    cpuMs: median(cpu),
    firstMs,
    peers,
    bytes,
    heapMiB: heap / 1024 / 1024,
    rssMiB: process.memoryUsage.rss() / 1024 / 1024,
    peakRssMiB: processPeakRss() / 1024 / 1024,
  };
}

export function formatSynth(rows: readonly SynthResultRow[]): string {
  const lines = [
    'synth (construct + validate + synthesise + schema check, after a warm-up; median of 5, 3 from 5000 machines; first = the first run at that size):',
    '    N | units | constructs | ms      | cpu ms  | first ms | ms/machine | peers | manifest KiB | heap MiB | rss MiB | peak rss MiB | goal',
  ];
  for (const r of rows) {
    const goal =
      r.constructs >= 10_000
        ? r.ms < 2000 && r.peakRssMiB < 300
          ? 'ok: < 2 s, < 300 MB'
          : 'MISSED: 2 s, 300 MB'
        : '';
    lines.push(
      `${String(r.machines).padStart(5)} | ${String(r.units).padStart(5)} | ${String(r.constructs).padStart(10)} | ${r.ms.toFixed(1).padStart(7)} | ${r.cpuMs.toFixed(0).padStart(7)} | ${r.firstMs.toFixed(0).padStart(8)} | ${(r.ms / r.machines).toFixed(3).padStart(10)} | ${String(r.peers).padStart(5)} | ${(r.bytes / 1024).toFixed(0).padStart(12)} | ${r.heapMiB.toFixed(1).padStart(8)} | ${r.rssMiB.toFixed(0).padStart(7)} | ${r.peakRssMiB.toFixed(0).padStart(12)} | ${goal}`,
    );
  }
  return lines.join('\n');
}
