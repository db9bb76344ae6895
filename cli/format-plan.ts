/**
 * Human output for plans, apply results, status and destroy (the --json forms are the objects
 * themselves). Each list opens with a header whose counts are the lines below it; unchanged units
 * are summarised in one line; nothing is cut short.
 */
import type { Cost } from '../model/pricing/pricing';
import type { ProjectStatus } from '../engine/drift';
import type { ApplyResult, EnginePlan } from '../engine/engine';
import type { Observed } from '../engine/observe';

const money = (c: Cost) => `${c.usdPerMonth.toFixed(2)} USD/month (${c.tftPerMonth.toFixed(2)} TFT)`;

/** `3 contracts`, `1 contract` */
export const count = (n: number, noun: string, plural = `${noun}s`) => `${n} ${n === 1 ? noun : plural}`;

/** "10 deployments, 1 name contract" from the counts that are not zero */
const tally = (parts: [number, string, string?][]) =>
  parts
    .filter(([n]) => n > 0)
    .map(([n, noun, plural]) => count(n, noun, plural))
    .join(', ');

export function formatPlan(plan: EnginePlan, project: string): string {
  const lines: string[] = [];
  let unknown = 0;
  for (const a of plan.actions) {
    switch (a.op) {
      case 'create':
        lines.push(`  + create   ${a.unit} on node ${a.nodeId}`);
        break;
      case 'update':
        lines.push(`  ~ update   ${a.unit} (contract ${a.contractId}): ${a.changes.join(', ')}`);
        break;
      case 'replace':
        lines.push(`-/+ replace  ${a.unit} (contract ${a.contractId}): ${a.reasons.join('; ')}`);
        break;
      case 'delete':
        lines.push(`  - delete   ${a.unit} (contract ${a.contractId}): ${a.reason}`);
        break;
      case 'deploy':
        lines.push(
          `  + deploy   ${a.unit} (contract ${a.contractId}): node ${a.nodeId} has no deployment for it: sent on the existing contract`,
        );
        break;
      case 'unreachable':
        unknown++;
        lines.push(
          `  ? unknown  ${a.unit} (contract ${a.contractId}): node ${a.nodeId} does not answer; apply cannot compare or change it until it does`,
        );
        break;
      case 'noop':
        break;
    }
  }
  for (const n of plan.names) {
    if (n.op === 'create') lines.push(`  + name     ${n.name}`);
    else if (n.op === 'claim')
      lines.push(`  ~ claim    name ${n.name} (a name contract of this account with no owning project)`);
    else if (n.op === 'delete') lines.push(`  - delete   name ${n.name}: the program no longer declares it`);
  }
  for (const d of plan.dao) if (d.op !== 'noop') lines.push(`  + ${d.op.padEnd(8)} ${d.unit}`);
  const keep: [number, string, string?][] = [
    [plan.actions.filter((a) => a.op === 'noop').length, 'deployment'],
    [plan.names.filter((n) => n.op === 'noop').length, 'name contract'],
    [plan.dao.filter((d) => d.op === 'noop').length, 'DAO item'],
  ];
  const unchanged = keep.reduce((s, [n]) => s + n, 0);
  const changes = lines.length - unknown;
  const header = [
    `plan for project '${project}': ${count(changes, 'change')}`,
    ...(unchanged ? [`${unchanged} unchanged`] : []),
    ...(unknown ? [`${unknown} unknown`] : []),
  ].join(', ');
  if (unchanged) lines.push(`  = ${unchanged} unchanged: ${tally(keep)}`);
  lines.unshift(header);
  lines.push('');
  lines.push(plan.empty ? 'no changes.' : `cost: ${money(plan.costBefore)} -> ${money(plan.costAfter)}`);
  return lines.join('\n');
}

export function formatApply(result: ApplyResult): string {
  const lines = [`${count(result.actions.length, 'change')}:`];
  for (const a of result.actions)
    lines.push(
      `  ${a.op.padEnd(11)} ${a.unit}${a.contractId ? ` (contract ${a.contractId}${a.nodeId ? `, node ${a.nodeId}` : ''})` : ''}`,
    );
  lines.push('', 'outputs:');
  for (const [unit, o] of Object.entries(result.outputs)) {
    lines.push(`  ${unit}: node ${o.nodeId}, contract ${o.contractId}`);
    for (const [name, data] of Object.entries(o.workloads)) {
      if (data && typeof data === 'object' && Object.keys(data).length > 0)
        lines.push(`    ${name}: ${JSON.stringify(data)}`);
    }
  }
  for (const [name, id] of Object.entries(result.names)) lines.push(`  name ${name}: contract ${id}`);
  for (const [unit, hash] of Object.entries(result.proposals)) lines.push(`  ${unit}: proposal ${hash}`);
  lines.push('', `estimated cost: ${money(result.cost)}`);
  return lines.join('\n');
}

export function formatStatus(st: ProjectStatus): string {
  const names = Object.entries(st.names);
  const missing = st.missing.length + st.missingNames.length;
  const lines = [
    `project '${st.project}': ${count(st.units.length + names.length, 'contract')}` +
      (names.length
        ? ` (${tally([
            [st.units.length, 'deployment'],
            [names.length, 'name contract'],
          ])})`
        : '') +
      (missing ? `, ${missing} missing` : '') +
      (st.drifted ? ', DRIFTED' : ''),
  ];
  for (const r of st.units)
    lines.push(
      `  ${r.unit} contract ${r.contractId} node ${r.nodeId}${r.orphan ? ' (ORPHAN: not in the program)' : ''} ${r.workloads.join(' ')}${r.drift.length ? `  DRIFT: ${r.drift.join('; ')}` : ''}`,
    );
  for (const [n, id] of names) lines.push(`  name ${n}: contract ${id}`);
  for (const m of st.missing) lines.push(`  ${m}: no contract (never deployed, or cancelled elsewhere)`);
  for (const n of st.missingNames) lines.push(`  name ${n}: no name contract`);
  return lines.join('\n');
}

/** What `destroy` is about to cancel, one line per contract. */
export function formatDestroyList(project: string, observed: Observed): string {
  const total = observed.deployments.length + observed.names.size;
  return [
    `project '${project}': ${count(total, 'contract')} to cancel:`,
    ...observed.deployments.map((d) => `  - ${d.unit}: contract ${d.contractId} on node ${d.nodeId}`),
    ...[...observed.names].map(([n, id]) => `  - name ${n}: contract ${id}`),
  ].join('\n');
}
