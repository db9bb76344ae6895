/**
 * The program graph of examples/full-stack.ts: every unit and every reference is drawn in each
 * format, groups follow networks and placements, levels are the engine's, and a plan colours units.
 * Also runs `tfgrid graph` itself (no grid needed: the picture is made offline).
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { build } from '../../examples/full-stack';
import type { Manifest } from '../../constructs/manifest';
import type { EnginePlan } from '../engine';
import { dependencyLevels } from '../levels';
import { programGraph } from './program-graph';
import { renderDot } from './dot';
import { mermaidId, renderMermaid } from './mermaid';
import { escapeXml, renderSvg as renderSvgOf } from './svg';

const ROOT = path.join(__dirname, '..', '..');
const manifest: Manifest = build().synth().manifest;
const zero = { usdPerMonth: 0, tftPerMonth: 0 };
const unitPairs = () => {
  const pairs = new Set<string>();
  for (const r of manifest.references) pairs.add(`${r.from.unit} ${r.to.unit}`);
  for (const u of manifest.units) for (const d of u.dependsOn) pairs.add(`${u.id} ${d}`);
  return [...pairs];
};

/** `<g class="unit..." data-unit="...">` and `<g class="reference" ...>` elements of an SVG. */
function svgElements(svg: string) {
  const attrs = (tag: string) =>
    Object.fromEntries([...tag.matchAll(/([a-z-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const units = [...svg.matchAll(/<g class="unit[^"]*"[^>]*>/g)].map((m) => attrs(m[0]));
  const refs = [...svg.matchAll(/<g class="reference"[^>]*>/g)].map((m) => attrs(m[0]));
  return { units, refs };
}

it('tfgrid graph --format svg draws an element per unit and per reference', () => {
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin', 'tfgrid.js'), 'graph', 'examples/full-stack.ts', '--format', 'svg'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 100_000,
    },
  );
  expect(r.status).toBe(0);
  const svg = r.stdout;
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.trim().endsWith('</svg>')).toBe(true);
  const { units, refs } = svgElements(svg);
  expect(units.map((u) => u['data-unit']).sort()).toEqual(manifest.units.map((u) => u.id).sort());
  expect(refs.map((e) => `${e['data-from']} ${e['data-to']}`).sort()).toEqual(unitPairs().sort());
  // every single reference is named on its edge
  expect(manifest.references.length).toBeGreaterThan(10);
  for (const ref of manifest.references) {
    const edge = refs.find((e) => e['data-from'] === ref.from.unit && e['data-to'] === ref.to.unit)!;
    expect(edge['data-refs']).toContain(
      escapeXml(`${ref.from.workload}.${ref.from.path} -> ${ref.to.workload}.${ref.to.field}`),
    );
  }
  // the levels are the engine's: storage (level 1) before compute (level 2)
  const levels = dependencyLevels(manifest.units);
  for (const u of units)
    expect(Number(u['data-level'])).toBe(levels.findIndex((l) => l.some((x) => x.id === u['data-unit'])) + 1);
  // the unit costs are printed
  const compute = manifest.units.find((u) => u.id === 'compute.0')!;
  expect(svg).toContain(`${('cost' in compute ? compute.cost : zero).usdPerMonth.toFixed(2)} USD/month`);
  // groups: the network, and the placements of the example
  for (const g of [
    'network:net',
    'network:net/compute',
    'network:net/k8s-nodes',
    'placement/storage',
    'chain',
  ])
    expect(svg).toContain(`data-group="${g}"`);
});

it('tfgrid graph refuses an unknown format with exit 2', () => {
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin', 'tfgrid.js'), 'graph', 'examples/full-stack.ts', '--format', 'png'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 100_000,
    },
  );
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/--format must be one of svg, dot, mermaid, got 'png'/);
});

it('dot and mermaid draw a node per unit, a cluster per group and an edge per referencing pair', () => {
  const g = programGraph(manifest);
  const dot = renderDot(g);
  const mermaid = renderMermaid(g);
  for (const u of manifest.units) {
    expect(dot).toMatch(new RegExp(`^\\s+"${u.id.replace(/\./g, '\\.')}" \\[label=`, 'm'));
    expect(mermaid).toMatch(new RegExp(`^\\s+${mermaidId(u.id)}\\["`, 'm'));
  }
  for (const grp of g.groups) {
    expect(dot).toContain(`subgraph "cluster_${grp.id}"`);
    expect(mermaid).toContain(`subgraph ${mermaidId(`g_${grp.id}`)}[`);
  }
  const dotEdges = [...dot.matchAll(/^\s+"([^"]+)" -> "([^"]+)"/gm)].map((m) => `${m[1]} ${m[2]}`);
  const mermaidEdges = [...mermaid.matchAll(/^\s+(\S+) -->\|[^|]*\| (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
  expect(dotEdges.sort()).toEqual(unitPairs().sort());
  expect(mermaidEdges.sort()).toEqual(
    unitPairs()
      .map((p) => p.split(' ').map(mermaidId).join(' '))
      .sort(),
  );
});

it('a plan colours each unit by what apply does, and draws what it deletes apart', () => {
  const plan: EnginePlan = {
    actions: [
      { op: 'create', unit: 'compute.0', nodeId: 3, cost: zero },
      {
        op: 'update',
        unit: 'storage.0',
        contractId: 7,
        nodeId: 2,
        changes: ['x'],
        cost: zero,
        costBefore: zero,
      },
      {
        op: 'replace',
        unit: 'storage.1',
        contractId: 8,
        nodeId: 4,
        reasons: ['y'],
        cost: zero,
        costBefore: zero,
      },
      { op: 'noop', unit: 'gateway.0', contractId: 9, nodeId: 1, cost: zero },
      { op: 'delete', unit: 'old.0', contractId: 10, nodeId: 5, reason: 'gone', costBefore: zero },
    ],
    placement: {},
    names: [{ name: 'fullstack', op: 'create' }],
    dao: [{ unit: 'dao:raise-threshold', op: 'noop' }],
    costBefore: zero,
    costAfter: zero,
    empty: false,
  };
  const g = programGraph(manifest, plan);
  const op = (id: string) => g.units.find((u) => u.id === id)?.op;
  expect([op('compute.0'), op('storage.0'), op('storage.1'), op('gateway.0')]).toEqual([
    'create',
    'update',
    'replace',
    'keep',
  ]);
  expect(op('name:fullstack')).toBe('create');
  expect(op('dao:raise-threshold')).toBe('keep');
  expect(g.units.find((u) => u.id === 'old.0')).toMatchObject({
    kind: 'orphan',
    op: 'delete',
    nodeId: 5,
    group: 'orphans',
  });
  const { units } = svgElements(renderSvgOf(g));
  expect(units.find((u) => u['data-unit'] === 'storage.1')?.['data-op']).toBe('replace');
  expect(units.find((u) => u['data-unit'] === 'old.0')?.['data-op']).toBe('delete');
  expect(renderMermaid(g)).toContain(`class ${mermaidId('compute.0')} create`);
});
