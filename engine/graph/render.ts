/** The picture of a program in one of three formats: SVG (drawn by us), Graphviz DOT, Mermaid. */
import { renderDot } from './dot';
import { renderMermaid } from './mermaid';
import type { ProgramGraph } from './program-graph';
import { renderSvg } from './svg';

export const GRAPH_FORMATS = ['svg', 'dot', 'mermaid'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export function renderGraph(g: ProgramGraph, format: GraphFormat): string {
  return format === 'svg' ? renderSvg(g) : format === 'dot' ? renderDot(g) : renderMermaid(g);
}
