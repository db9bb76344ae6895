/** Human output for plans and apply results (the --json forms are the objects themselves). */
import type { Cost } from '../model/pricing/pricing';
import type { ApplyResult, EnginePlan } from '../engine/engine';

const money = (c: Cost) => `${c.usdPerMonth.toFixed(2)} USD/month (${c.tftPerMonth.toFixed(2)} TFT)`;

export function formatPlan(plan: EnginePlan): string {
  const lines: string[] = [];
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
          `  + deploy   ${a.unit} (contract ${a.contractId}): contract ${a.contractId} has no deployment on node ${a.nodeId}: deploy`,
        );
        break;
      case 'unreachable':
        lines.push(
          `  ? unknown  ${a.unit} (contract ${a.contractId}): node ${a.nodeId} does not answer; apply cannot compare or change it until it does`,
        );
        break;
      case 'noop':
        lines.push(`    keep     ${a.unit} (contract ${a.contractId})`);
        break;
    }
  }
  for (const n of plan.names) {
    if (n.op === 'create') lines.push(`  + name     ${n.name}`);
    else if (n.op === 'claim')
      lines.push(`  ~ claim    name ${n.name} (a name contract of this account with no owning project)`);
    else if (n.op === 'delete') lines.push(`  - delete   name ${n.name}: the program no longer declares it`);
    else lines.push(`    keep     name ${n.name}`);
  }
  for (const d of plan.dao)
    lines.push(d.op === 'noop' ? `    keep     ${d.unit}` : `  + ${d.op.padEnd(8)} ${d.unit}`);
  lines.push('');
  lines.push(plan.empty ? 'no changes.' : `cost: ${money(plan.costBefore)} -> ${money(plan.costAfter)}`);
  return lines.join('\n');
}

export function formatApply(result: ApplyResult): string {
  const lines = result.actions.map(
    (a) =>
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
