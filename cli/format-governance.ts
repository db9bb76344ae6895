/**
 * How `tfgrid dao plan|apply` print a governance plan: text for a terminal, a markdown table for a
 * pull-request comment, and JSON (the same facts as data).
 */
import type { GovernancePlan, ProposalRow, VoteRow } from '../engine/governance/planner';

/** `2d 3h`, `3h 20m`, `45m`, `ended`. */
export function timeLeft(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  if (seconds <= 0) return 'ended';
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  return `${Math.max(m, 1)}m`;
}

const short = (hash: string | undefined) => (hash ? `${hash.slice(0, 10)}…` : '');
const tally = (t: { votes: number; weight: number }) => `${t.votes} (weight ${t.weight})`;
const applyText = (r: ProposalRow | VoteRow) => (r.apply.length > 0 ? r.apply.join(', ') : 'nothing');

function proposalCells(r: ProposalRow): string[] {
  return [
    r.file,
    `proposal \`${r.name}\` ${short(r.hash)}`,
    r.onChain ? (r.index !== undefined ? `yes (#${r.index})` : 'yes') : 'no',
    r.state,
    tally(r.yes),
    tally(r.no),
    String(r.threshold),
    r.blocksLeft !== undefined ? `${r.blocksLeft} blocks (${timeLeft(r.secondsLeft)})` : '',
    r.state === 'open' ? (r.wouldPass ? 'yes' : 'no') : '',
    applyText(r),
  ];
}

function voteCells(r: VoteRow): string[] {
  return [
    r.file,
    `farm ${r.farmId} votes ${r.vote} on \`${r.proposal}\``,
    r.onChain === 'none' ? 'no vote' : `voted ${r.onChain}`,
    r.state,
    r.weight !== undefined ? `weight ${r.weight}` : '',
    '',
    '',
    '',
    '',
    applyText(r),
  ];
}

const HEADER = ['File', 'What', 'On chain', 'State', 'Yes', 'No', 'Threshold', 'Left', 'Would pass', 'Apply'];

function summary(plan: GovernancePlan): string {
  const n = plan.actions.length;
  if (plan.refusals.length > 0) return `refused: ${plan.refusals.length} file(s) this account cannot apply`;
  return n === 0
    ? 'apply sends nothing'
    : `apply sends ${n} action(s) in 1 extrinsic${n > 1 ? ' (utility.batchAll)' : ''}`;
}

function accountLine(plan: GovernancePlan): string {
  const a = plan.account;
  return `account ${a.address}${a.twinId !== undefined ? ` (twin ${a.twinId})` : ''}${a.council ? ', council member' : ''}; block ${plan.block}`;
}

export function governanceMarkdown(plan: GovernancePlan, title = 'DAO plan'): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `### ${title}`,
    '',
    accountLine(plan),
    '',
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map(() => '---').join(' | ')} |`,
    ...plan.rows.map(
      (r) => `| ${(r.kind === 'proposal' ? proposalCells(r) : voteCells(r)).map(esc).join(' | ')} |`,
    ),
    '',
  ];
  const notes = plan.rows.flatMap((r) => r.notes.map((n) => `- \`${r.file}\`: ${n}`));
  if (notes.length > 0) lines.push('Notes:', '', ...notes, '');
  for (const r of plan.refusals) lines.push(`- **refused** \`${r.file}\`: ${r.message}`);
  lines.push(`**${summary(plan)}**`);
  return lines.join('\n');
}

export function governanceText(plan: GovernancePlan): string {
  const lines = [accountLine(plan)];
  for (const r of plan.rows) {
    const c = r.kind === 'proposal' ? proposalCells(r) : voteCells(r);
    const facts =
      r.kind === 'proposal'
        ? `on chain: ${c[2]}, ${r.state}, yes ${c[4]}, no ${c[5]}, threshold ${c[6]}${c[7] ? `, ${c[7]} left` : ''}${c[8] ? `, would pass now: ${c[8]}` : ''}`
        : `on chain: ${c[2]}, proposal ${r.state}${c[4] ? `, ${c[4]}` : ''}`;
    lines.push(`${r.file}: ${c[1]}`, `  ${facts}`, `  apply: ${applyText(r)}`);
    for (const n of r.notes) lines.push(`  note: ${n}`);
  }
  for (const r of plan.refusals) lines.push(`refused ${r.file}: ${r.message}`);
  lines.push(summary(plan));
  return lines.join('\n');
}

/** The plan as data: every row, the actions (proposals by file, not repeated) and the refusals. */
export function governanceJson(plan: GovernancePlan, extra: Record<string, unknown> = {}): string {
  const actions = plan.actions.map((a) =>
    a.op === 'propose' ? { op: a.op, file: a.file, hash: a.hash } : a,
  );
  return JSON.stringify({ ...plan, actions, ...extra }, null, 2);
}
