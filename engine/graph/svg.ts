/**
 * Draws a ProgramGraph as a standalone SVG (no library, no system binary). The layout is layered:
 * one column per dependency level (apply deploys the left column first), one band per group
 * (placements nested in their network). Each unit is a `<g class="unit" data-unit=...>` and each
 * edge a `<g class="reference" data-from data-to data-refs>`, so tests and tools can read it back.
 */
import { OP_COLOURS, costLabel, type GraphGroup, type GraphUnit, type ProgramGraph } from './program-graph';

const UNIT_W = 250;
const UNIT_H = 86;
const LINE_H = 15;
const COL_GAP = 90;
const ROW_GAP = 12;
const INSET = 12;
const HEADER_H = 22;
const TOP = 58;

const KIND_FILL: Record<GraphUnit['kind'], string> = {
  deployment: '#e8f0fe',
  'name-contract': '#e6f4ea',
  'dao-proposal': '#f3e8fd',
  'dao-vote': '#f3e8fd',
  orphan: '#fce8e6',
};

export const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const clip = (s: string, n = 38): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Lines of text in a unit's box, top to bottom. */
export function unitLines(u: GraphUnit): string[] {
  const what =
    u.kind === 'deployment' ? u.workloads.map((w) => w.split(':')[0]).join(', ') : u.kind.replace('-', ' ');
  const plan = u.op ? `${u.op}${u.nodeId !== undefined ? ` on node ${u.nodeId}` : ''}` : undefined;
  return [
    u.id,
    clip(what),
    clip(u.constructs.join(', ') || '-'),
    `${costLabel(u.cost)} · level ${u.level + 1}${plan ? ` · ${plan}` : ''}`,
  ];
}

export function renderSvg(g: ProgramGraph): string {
  const levelCount = Math.max(1, g.levels.length);
  const children = (parent?: string) => g.groups.filter((x) => x.parent === parent);
  const order: Record<GraphGroup['kind'], number> = { network: 0, placement: 1, chain: 2 };
  const roots = children(undefined).sort((a, b) => order[a.kind] - order[b.kind] || a.id.localeCompare(b.id));
  const depth = Math.max(1, ...g.groups.map((x) => (x.parent ? 2 : 1)));
  const colX = (level: number) => depth * INSET + 10 + level * (UNIT_W + COL_GAP);
  const width = colX(levelCount) - COL_GAP + depth * INSET + 10;

  const groupBoxes: { group: GraphGroup; box: Box; d: number }[] = [];
  const unitBoxes = new Map<string, Box>();
  let y = TOP;
  const place = (group: GraphGroup, d: number): void => {
    const top = y;
    y += HEADER_H;
    const units = g.units.filter((u) => u.group === group.id);
    if (units.length > 0) {
      const perLevel = new Map<number, number>();
      let rows = 0;
      for (const u of units) {
        const row = perLevel.get(u.level) ?? 0;
        perLevel.set(u.level, row + 1);
        rows = Math.max(rows, row + 1);
        unitBoxes.set(u.id, { x: colX(u.level), y: y + row * (UNIT_H + ROW_GAP), w: UNIT_W, h: UNIT_H });
      }
      y += rows * (UNIT_H + ROW_GAP);
    }
    for (const c of children(group.id)) place(c, d + 1);
    y += INSET / 2;
    const x = (d - 1) * INSET + 4;
    groupBoxes.push({ group, box: { x, y: top, w: width - 2 * x, h: y - top }, d });
    y += INSET / 2;
  };
  for (const r of roots) place(r, 1);
  const height = y + 10;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="program-graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${escapeXml(`project ${g.project}: ${g.units.length} units, ${g.levels.length} levels, ${costLabel(g.cost)}`)}</text>`,
  );
  for (let l = 0; l < levelCount; l++)
    out.push(
      `<text class="level" data-level="${l + 1}" x="${colX(l)}" y="${TOP - 8}" fill="#555">${escapeXml(`level ${l + 1}${l === 0 ? ' (applied first)' : ''}`)}</text>`,
    );
  if (g.planned) {
    let x = 10 + 520;
    for (const [op, fill] of Object.entries(OP_COLOURS)) {
      out.push(
        `<rect x="${x}" y="8" width="14" height="14" fill="${fill}" stroke="#888"/><text x="${x + 18}" y="20">${op}</text>`,
      );
      x += 80;
    }
  }
  for (const { group, box, d } of groupBoxes.sort((a, b) => a.d - b.d)) {
    out.push(
      `<g class="group group-${group.kind}" data-group="${escapeXml(group.id)}">`,
      `<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" rx="6" fill="${d === 1 ? '#fafafa' : '#f2f2f2'}" stroke="#bbb"${group.kind === 'network' ? ' stroke-dasharray="6 3"' : ''}/>`,
      `<text x="${box.x + 8}" y="${box.y + 15}" font-weight="bold" fill="#444">${escapeXml(group.label)}</text>`,
      '</g>',
    );
  }
  for (const e of g.edges) {
    const a = unitBoxes.get(e.from);
    const b = unitBoxes.get(e.to);
    if (!a || !b || e.from === e.to) continue;
    const ay = a.y + a.h / 2;
    const by = b.y + b.h / 2;
    let d: string;
    if (a.x > b.x)
      d = `M ${a.x} ${ay} C ${a.x - COL_GAP / 2} ${ay}, ${b.x + b.w + COL_GAP / 2} ${by}, ${b.x + b.w} ${by}`;
    else if (a.x < b.x)
      d = `M ${a.x + a.w} ${ay} C ${a.x + a.w + COL_GAP / 2} ${ay}, ${b.x - COL_GAP / 2} ${by}, ${b.x} ${by}`;
    else d = `M ${a.x} ${ay} C ${a.x - COL_GAP / 2} ${ay}, ${b.x - COL_GAP / 2} ${by}, ${b.x} ${by}`;
    const label = e.refs.length ? e.refs.join('\n') : 'depends on';
    out.push(
      `<g class="reference" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}" data-refs="${escapeXml(e.refs.join('; '))}">`,
      `<title>${escapeXml(`${e.from} -> ${e.to}\n${label}`)}</title>`,
      `<path d="${d}" fill="none" stroke="#555" stroke-width="${Math.min(4, 1 + e.refs.length / 2)}" marker-end="url(#arrow)" opacity="0.7"/>`,
      '</g>',
    );
  }
  for (const u of g.units) {
    const b = unitBoxes.get(u.id);
    if (!b) continue;
    const fill = u.op ? OP_COLOURS[u.op] : KIND_FILL[u.kind];
    const lines = unitLines(u);
    out.push(
      `<g class="unit unit-${u.kind}${u.op ? ` op-${u.op}` : ''}" data-unit="${escapeXml(u.id)}" data-level="${u.level + 1}"${u.op ? ` data-op="${u.op}"` : ''}>`,
      `<title>${escapeXml([u.id, ...u.workloads, ...u.constructs].join('\n'))}</title>`,
      `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="5" fill="${fill}" stroke="${u.op === 'delete' || u.kind === 'orphan' ? '#c5221f' : '#5f6368'}"${u.kind === 'orphan' ? ' stroke-dasharray="4 2"' : ''}/>`,
      ...lines.map(
        (t, i) =>
          `<text x="${b.x + 8}" y="${b.y + 18 + i * LINE_H + (i > 0 ? 4 : 0)}"${i === 0 ? ' font-weight="bold" font-size="13"' : ' fill="#333"'}>${escapeXml(t)}</text>`,
      ),
      '</g>',
    );
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
