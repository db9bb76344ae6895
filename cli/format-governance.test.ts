/** The governance plan as a terminal text, a pull-request markdown table and JSON. */
import type { GovernancePlan } from '../engine/governance/planner';
import { governanceJson, governanceMarkdown, governanceText, timeLeft } from './format-governance';

const HASH = `0x${'ab'.repeat(32)}`;
const plan: GovernancePlan = {
  block: 10,
  account: { address: '5Grw', twinId: 1, council: true },
  rows: [
    {
      kind: 'proposal',
      file: 'proposals/gold.yaml',
      name: 'gold',
      hash: HASH,
      onChain: true,
      state: 'open',
      index: 3,
      yes: { votes: 2, weight: 174 },
      no: { votes: 1, weight: 87 },
      threshold: 3,
      endBlock: 100,
      blocksLeft: 90,
      secondsLeft: 540,
      wouldPass: true,
      vetoes: 0,
      apply: ['close (approved)'],
      notes: ['waiting for twin 4 to veto'],
    },
    {
      kind: 'vote',
      file: 'votes/farm-2.yaml',
      farmId: 2,
      proposal: 'gold',
      hash: HASH,
      vote: 'no',
      onChain: 'yes',
      state: 'open',
      weight: 87,
      apply: ['change vote to no'],
      notes: [],
    },
  ],
  actions: [
    { op: 'vote', file: 'votes/farm-2.yaml', farmId: 2, hash: HASH, approve: false, change: true },
    { op: 'close', file: 'proposals/gold.yaml', hash: HASH, index: 3, outcome: 'approved' },
  ],
  refusals: [],
};

test('time left reads in days, hours and minutes', () => {
  expect([
    timeLeft(0),
    timeLeft(59),
    timeLeft(540),
    timeLeft(7 * 3600 + 120),
    timeLeft(3 * 86_400 + 3600),
  ]).toEqual(['ended', '1m', '9m', '7h 2m', '3d 1h']);
});

test('markdown is a table with one row per file entry, the notes and what apply sends', () => {
  const md = governanceMarkdown(plan);
  expect(md).toContain(
    '| proposals/gold.yaml | proposal `gold` 0xabababab… | yes (#3) | open | 2 (weight 174) | 1 (weight 87) | 3 | 90 blocks (9m) | yes | close (approved) |',
  );
  expect(md).toContain('| votes/farm-2.yaml | farm 2 votes no on `gold` | voted yes | open | weight 87 |');
  expect(md).toContain('- `proposals/gold.yaml`: waiting for twin 4 to veto');
  expect(md).toContain('**apply sends 2 action(s) in 1 extrinsic (utility.batchAll)**');
});

test('text and JSON carry the same facts', () => {
  const text = governanceText(plan);
  expect(text).toContain(
    'on chain: yes (#3), open, yes 2 (weight 174), no 1 (weight 87), threshold 3, 90 blocks (9m) left, would pass now: yes',
  );
  expect(text).toContain('  apply: change vote to no');
  const json = JSON.parse(governanceJson(plan, { sent: 0 }));
  expect(json.rows).toEqual(plan.rows);
  expect(json.sent).toBe(0);
});
