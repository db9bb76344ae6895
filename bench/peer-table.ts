/**
 * The peer table's text (pure: cases in, text out): per N, tfgrid's and GridClient's deploy and
 * delete (wall time, extrinsics and blocks read from the chain), the ratio GridClient / tfgrid, and
 * what each left behind. A tool that could not run prints why in its row.
 */
import { formatTable } from './table';

export type PeerTool = 'tfgrid' | 'gridclient';

/** One measured operation of a tool, as the chain saw it. */
export interface PeerStep {
  /** the tool's whole process, spawn to exit, ms */
  readonly wallMs: number;
  /** the operation inside it (GridClient's `machines.deploy`/`delete`, tfgrid's apply phase), ms */
  readonly innerMs?: number;
  /** extrinsics signed by the tool's account in the blocks produced meanwhile (a batch is one) */
  readonly extrinsics: number;
  /** blocks holding at least one of them */
  readonly blocks: number;
  /** best block after minus before */
  readonly blocksElapsed: number;
  /** the tool failed: its message */
  readonly error?: string;
}

export interface PeerCase {
  readonly machines: number;
  readonly nodes: number;
  readonly tool: PeerTool;
  /** live contracts of the tool's twin after its deploy */
  readonly contracts?: number;
  readonly deploy?: PeerStep;
  readonly remove?: PeerStep;
  /** why the tool could not run at all (then no steps) */
  readonly notRunnable?: string;
  /** contracts and deployments left after the delete (empty: clean) */
  readonly left: readonly string[];
}

const TOOL_NAME: Record<PeerTool, string> = { tfgrid: 'tfgrid apply', gridclient: 'GridClient' };
const secs = (ms: number | undefined) => (ms === undefined ? '-' : (ms / 1000).toFixed(1));

function stepCells(s: PeerStep | undefined): string[] {
  if (!s) return ['-', '-', '-', '-', '-'];
  if (s.error)
    return [
      `failed: ${s.error.slice(0, 120)}`,
      '-',
      String(s.extrinsics),
      String(s.blocks),
      String(s.blocksElapsed),
    ];
  return [secs(s.wallMs), secs(s.innerMs), String(s.extrinsics), String(s.blocks), String(s.blocksElapsed)];
}

/** GridClient / tfgrid of one figure, or '-' when either is missing or zero. */
function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || b === 0 ? '-' : `${(a / b).toFixed(1)}x`;
}

function ratioRow(
  machines: number,
  tf: PeerCase | undefined,
  sdk: PeerCase | undefined,
): string[] | undefined {
  const a = sdk?.deploy;
  const b = tf?.deploy;
  if (!a || !b || a.error || b.error) return undefined;
  return [
    String(machines),
    '',
    'GridClient / tfgrid',
    ratio(sdk?.contracts, tf?.contracts),
    ratio(a.wallMs, b.wallMs),
    ratio(a.innerMs, b.innerMs),
    ratio(a.extrinsics, b.extrinsics),
    ratio(a.blocks, b.blocks),
    ratio(a.blocksElapsed, b.blocksElapsed),
    ratio(sdk?.remove?.wallMs, tf?.remove?.wallMs),
    '',
    '',
  ];
}

export function formatPeer(cases: readonly PeerCase[], blockTimeMs: number): string {
  const rows: string[][] = [];
  const sizes = [...new Set(cases.map((c) => c.machines))];
  for (const n of sizes) {
    const of = (tool: PeerTool) => cases.find((c) => c.machines === n && c.tool === tool);
    for (const c of [of('tfgrid'), of('gridclient')]) {
      if (!c) continue;
      if (c.notRunnable) {
        rows.push([
          String(n),
          String(c.nodes),
          TOOL_NAME[c.tool],
          'not runnable (below)',
          ...Array<string>(8).fill('-'),
        ]);
        continue;
      }
      const d = stepCells(c.deploy);
      const r = stepCells(c.remove);
      rows.push([
        String(n),
        String(c.nodes),
        TOOL_NAME[c.tool],
        c.contracts === undefined ? '-' : String(c.contracts),
        ...d,
        r[0],
        `${r[2]} / ${r[3]}`,
        c.left.length === 0 ? 'nothing' : c.left.join(', '),
      ]);
    }
    const rr = ratioRow(n, of('tfgrid'), of('gridclient'));
    if (rr) rows.push(rr);
  }
  return [
    `side by side with ThreeFold's SDK (GridClient 2.9.2 and tfgrid on one dev grid, block time ${blockTimeMs} ms):`,
    formatTable(
      [
        'N',
        'nodes',
        'tool',
        'contracts',
        'wall s',
        'deploy s',
        'extrinsics',
        'blocks',
        'elapsed blocks',
        'delete wall s',
        'delete extrinsics / blocks',
        'left after delete',
      ],
      rows,
    ),
    ...new Set(
      cases.filter((c) => c.notRunnable).map((c) => `${TOOL_NAME[c.tool]} not runnable: ${c.notRunnable}`),
    ),
  ].join('\n');
}

export const PEER_LEGEND = `
wall s: the tool's whole process as a user runs it (node start, connect, deploy, exit): \`tfgrid
  apply\` and a Node process running GridClient's machines.deploy. deploy s: inside it, tfgrid's apply
  phase and GridClient's machines.deploy call. extrinsics: signed by the tool's account in the blocks
  produced meanwhile, read from the dev chain (a utility.batchAll is one); blocks: those holding one
  of them; elapsed blocks: best block after minus before. Both put machine i on node i mod K (K = N /
  machines per node, public nodes), one network; the delete is \`tfgrid destroy\` and
  machines.delete; left after delete: live contracts of the tool's twin and deployments on the nodes.`;
