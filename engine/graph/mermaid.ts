/** Draws a ProgramGraph as a Mermaid flowchart (GitHub renders it in Markdown): subgraphs per network and placement. */
import { OP_COLOURS, costLabel, type GraphGroup, type ProgramGraph } from './program-graph';

/** Mermaid ids allow [A-Za-z0-9_]; unit ids carry dots and colons. */
export const mermaidId = (s: string): string =>
  `u_${s.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)}`;
const text = (s: string): string => s.replace(/"/g, '#quot;');

export function renderMermaid(g: ProgramGraph): string {
  const out: string[] = ['flowchart RL'];
  const group = (grp: GraphGroup, indent: string): void => {
    out.push(`${indent}subgraph ${mermaidId(`g_${grp.id}`)}["${text(grp.label)}"]`);
    for (const u of g.units.filter((x) => x.group === grp.id)) {
      const label = [
        `<b>${u.id}</b>`,
        u.workloads.map((w) => w.split(':')[0]).join(', ') || u.kind,
        `${costLabel(u.cost)} · level ${u.level + 1}`,
        ...(u.op ? [`${u.op}${u.nodeId !== undefined ? ` on node ${u.nodeId}` : ''}`] : []),
      ].join('<br/>');
      out.push(`${indent}  ${mermaidId(u.id)}["${text(label)}"]`);
    }
    for (const c of g.groups.filter((x) => x.parent === grp.id)) group(c, `${indent}  `);
    out.push(`${indent}end`);
  };
  for (const r of g.groups.filter((x) => !x.parent)) group(r, '  ');
  for (const e of g.edges)
    out.push(
      `  ${mermaidId(e.from)} -->|"${text(e.refs.length ? `${e.refs.length} ref: ${e.refs.map((r) => r.split(' -> ')[1]).join(', ')}` : 'depends on')}"| ${mermaidId(e.to)}`,
    );
  if (g.planned) {
    for (const [op, fill] of Object.entries(OP_COLOURS))
      out.push(`  classDef ${op} fill:${fill},stroke:#555`);
    for (const u of g.units) if (u.op) out.push(`  class ${mermaidId(u.id)} ${u.op}`);
  }
  return `${out.join('\n')}\n`;
}
