/**
 * The bench's printed tables (pure: results in, text out).
 */
import type { ApplyMachinesResult, StepMeasure } from './apply-machines';
import { estimateOneContractPerBlock } from './baseline';

const MiB = 1024 * 1024;
const secs = (ms: number) => (ms / 1000).toFixed(1);

/** A plain-text table with right-aligned columns. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i])).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

function stepRow(r: ApplyMachinesResult, s: StepMeasure): string[] {
  const est = estimateOneContractPerBlock(s, r.blockTimeMs);
  return [
    String(r.machines),
    String(r.units),
    secs(s.wallMs),
    secs(s.chainMs),
    String(s.extrinsics),
    String(s.blocksUsed),
    String(s.blocksElapsed),
    String(est.blocks),
    secs(est.wallMs),
    `${est.speedup.toFixed(1)}x`,
  ];
}

const STEP_HEADER = [
  'N',
  'units',
  'wall s',
  'chain s',
  'extrinsics',
  'blocks',
  'elapsed blocks',
  'baseline blocks',
  'baseline s (est.)',
  'speedup',
];

/** Apply table (with rss peak) and destroy table. */
export function formatResults(results: readonly ApplyMachinesResult[]): string {
  const apply = formatTable(
    [...STEP_HEADER, 'rss peak MiB'],
    results.map((r) => [...stepRow(r, r.apply), String(Math.round(r.rssPeakBytes / MiB))]),
  );
  const destroy = formatTable(
    STEP_HEADER,
    results.map((r) => stepRow(r, r.destroy)),
  );
  const out = [
    `apply (N machines, block time ${results
      .map((r) => r.blockTimeMs)
      .filter((v, i, a) => a.indexOf(v) === i)
      .join('/')} ms):`,
    apply,
    '',
    'destroy:',
    destroy,
  ];
  const runs = results.filter((r) => r.baselineRun);
  if (runs.length > 0) {
    out.push(
      '',
      'baseline run for real (chain only: contracts created one extrinsic each, then cancelled one each):',
      formatTable(
        [
          'N',
          'contracts',
          'create s',
          'create s/contract',
          'cancel s',
          'extrinsics',
          'blocks',
          'block s (est. per contract)',
        ],
        runs.map((r) => {
          const b = r.baselineRun!;
          return [
            String(r.machines),
            String(b.contracts),
            secs(b.createMs),
            b.contracts ? secs(b.createMs / b.contracts) : '-',
            secs(b.cancelMs),
            String(b.extrinsics),
            String(b.blocks),
            secs(r.blockTimeMs),
          ];
        }),
      ),
    );
  }
  return out.join('\n');
}

/** Goals of issue 13 for an apply of N machines, one contract each, with 6 s blocks. */
export const CONTRACT_PER_MACHINE_GOALS = { blocksPerLevel: 3, rssPeakMiB: 600, rmbTimeouts: 0 } as const;

/**
 * One contract per machine: the figures with their goals beside them, and the ratio against one
 * contract per block (N blocks for N contracts).
 */
export function formatContractPerMachine(results: readonly ApplyMachinesResult[]): string {
  const g = CONTRACT_PER_MACHINE_GOALS;
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const rows = results.map((r) => {
    const levels = Math.max(1, r.levels);
    const perLevel = r.apply.blocksElapsed / levels;
    const rss = Math.round(r.rssPeakBytes / MiB);
    const ratio = r.apply.blocksElapsed > 0 ? r.units / r.apply.blocksElapsed : r.units;
    return [
      String(r.machines),
      String(r.nodes),
      String(levels),
      secs(r.apply.wallMs),
      String(r.apply.extrinsics),
      String(r.apply.blocksElapsed),
      `${perLevel.toFixed(1)} (goal <= ${g.blocksPerLevel}: ${mark(perLevel <= g.blocksPerLevel)})`,
      `${r.rmbTimeouts} (goal ${g.rmbTimeouts}: ${mark(r.rmbTimeouts <= g.rmbTimeouts)})`,
      `${r.nodeRequests.deploy}/${r.nodeRequests.update}/${r.nodeRequests.get}/${r.nodeRequests.list}`,
      `${rss} (goal < ${g.rssPeakMiB}: ${mark(rss < g.rssPeakMiB)})`,
      `${ratio.toFixed(1)}x (${r.units} blocks / ${r.apply.blocksElapsed})`,
    ];
  });
  return [
    `apply of N machines, one contract each (block time ${results[0]?.blockTimeMs ?? '-'} ms):`,
    formatTable(
      [
        'N',
        'nodes',
        'levels',
        'wall s',
        'extrinsics',
        'elapsed blocks',
        'blocks per level',
        'node timeouts',
        'node requests (deploy/update/get/list)',
        'rss peak MiB',
        'vs one contract per block',
      ],
      rows,
    ),
  ].join('\n');
}
