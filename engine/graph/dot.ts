/** Draws a ProgramGraph in Graphviz DOT: a cluster per network and placement, an edge per referencing unit pair. */
import { OP_COLOURS, costLabel, type GraphGroup, type ProgramGraph } from './program-graph';

const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

export function renderDot(g: ProgramGraph): string {
  const out: string[] = [
    `digraph ${q(g.project)} {`,
    '  rankdir=RL;',
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
    `  label=${q(`project ${g.project}: ${g.units.length} units, ${g.levels.length} levels, ${costLabel(g.cost)}`)};`,
  ];
  const clusterId = (id: string) => q(`cluster_${id}`);
  const group = (grp: GraphGroup, indent: string): void => {
    out.push(`${indent}subgraph ${clusterId(grp.id)} {`, `${indent}  label=${q(grp.label)};`);
    if (grp.kind === 'network') out.push(`${indent}  style=dashed;`);
    for (const u of g.units.filter((x) => x.group === grp.id)) {
      const label = [
        u.id,
        u.workloads.join(', ') || u.kind,
        `${costLabel(u.cost)}, level ${u.level + 1}`,
        ...(u.op ? [`${u.op}${u.nodeId !== undefined ? ` on node ${u.nodeId}` : ''}`] : []),
      ].join('\n');
      const fill = u.op ? OP_COLOURS[u.op] : '#e8f0fe';
      out.push(`${indent}  ${q(u.id)} [label=${q(label)}, fillcolor=${q(fill)}];`);
    }
    for (const c of g.groups.filter((x) => x.parent === grp.id)) group(c, `${indent}  `);
    out.push(`${indent}}`);
  };
  for (const r of g.groups.filter((x) => !x.parent)) group(r, '  ');
  for (const e of g.edges)
    out.push(
      `  ${q(e.from)} -> ${q(e.to)} [label=${q(e.refs.length ? `${e.refs.length} reference(s)` : 'depends on')}, tooltip=${q(e.refs.join('\n'))}];`,
    );
  out.push('}');
  return `${out.join('\n')}\n`;
}
