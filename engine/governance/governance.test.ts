/**
 * Governance files and planning, pure: file formats with positioned errors, and what a plan shows
 * and submits for council members and farmers against a chain view written out by hand.
 */
import type { GovernanceChainView, OpenProposal } from './chain-view';
import { parseGovernanceFolder, type GovernanceFiles } from './files';
import { planGovernance } from './planner';
import { GovernanceFileError } from './yaml-source';

const PRICE = `action:
  pallet: tftPriceModule
  call: setPrices
  args: [20, 1]
description: Raise the TFT price floor to 0.02 USD
link: https://forum.threefold.io/t/price
threshold: 2
duration: 3d
`;
const CERTIFY = `action: {pallet: tfgridModule, call: setFarmCertification, args: [1, Gold]}
description: Certify farm 1
link: https://forum.threefold.io/t/certify
threshold: 1
`;
const folder = (extra: Record<string, string> = {}) => ({
  'proposals/price.yaml': PRICE,
  'proposals/certify.yaml': CERTIFY,
  'votes/farm-1.yaml': 'farm: 1\nvotes:\n  price: yes\n  certify: yes\n',
  'votes/farm-2.yaml': 'farm: 2\nvotes:\n  price: no\n',
  ...extra,
});
const parse = (files: Record<string, string>) =>
  parseGovernanceFolder(Object.entries(files).map(([file, text]) => ({ file, text })));

function problemsOf(files: Record<string, string>): string[] {
  try {
    parse(files);
  } catch (e) {
    if (e instanceof GovernanceFileError) return e.message.split('\n');
    throw e;
  }
  throw new Error('no problem reported');
}

describe('governance files', () => {
  it('parses proposals and farm votes', () => {
    const f = parse(folder());
    expect(f.proposals.map((p) => [p.name, p.threshold, p.durationBlocks])).toEqual([
      ['certify', 1, undefined],
      ['price', 2, 43_200],
    ]);
    expect(f.votes[0]).toEqual({
      file: 'votes/farm-1.yaml',
      farmId: 1,
      votes: [
        { proposal: { name: 'price' }, approve: true },
        { proposal: { name: 'certify' }, approve: true },
      ],
    });
  });

  it('reports every problem at once with file:line:col, the field, the value and the fix', () => {
    const lines = problemsOf({
      'proposals/price.yaml': PRICE.replace('threshold: 2', 'threshold: 0').replace('link:', 'lnk:'),
      'proposals/bad.yaml': 'action: [unclosed\n',
      'votes/farm-1.yaml': 'farm: -1\nvotes:\n  prise: maybe\n',
      'elsewhere.yaml': 'a: 1\n',
    });
    expect(lines[0]).toBe('8 problems:');
    const text = lines.join('\n');
    expect(text).toContain('elsewhere.yaml:1:1: a governance file goes in proposals/');
    // the stack files' YAML reader: the parser's words without its own position, then the fix
    expect(text).toContain(
      'proposals/bad.yaml:2:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]: indent the entries of one map or list alike',
    );
    expect(text).toContain("proposals/price.yaml:6:1: a proposal has no field 'lnk' (did you mean 'link'?)");
    expect(text).toContain("proposals/price.yaml:7:1: dao proposal 'threshold' must be an integer from 1 to");
    expect(text).toContain(
      "proposals/price.yaml:1:1: dao proposal 'link' must be an http(s) url, got nothing",
    );
    expect(text).toContain('votes/farm-1.yaml:3:10: vote on \'prise\' must be yes or no, got "maybe"');
    expect(text).toContain(
      "votes/farm-1.yaml:3:3: vote names proposal 'prise', which is no file in proposals/ (did you mean 'price'?)",
    );
    expect(text).toContain(
      "votes/farm-1.yaml:1:1: dao vote 'farm' must be an integer from 1 to 4294967295, got -1: set farm to",
    );
  });

  it('refuses two files for one farm and two proposals of one action', () => {
    const text = problemsOf(
      folder({ 'votes/other.yaml': 'farm: 1\nvotes: {price: no}\n', 'proposals/again.yaml': CERTIFY }),
    ).join('\n');
    expect(text).toContain("votes/other.yaml:1:1: vote file 'farm' 1 already votes in votes/farm-1.yaml");
    expect(text).toContain(
      "proposals/certify.yaml:1:1: proposal 'action' is the same as in proposals/again.yaml",
    );
  });

  it('reads durations in days, hours, minutes and blocks, and refuses 30 days', () => {
    const d = (v: string) =>
      parse({ 'proposals/p.yaml': PRICE.replace('3d', v) }).proposals[0].durationBlocks;
    expect([d('12h'), d('90m'), d('600 blocks')]).toEqual([7200, 900, 600]);
    const text = problemsOf({ 'proposals/p.yaml': PRICE.replace('3d', '30d') }).join('\n');
    expect(text).toContain(
      "proposals/p.yaml:8:1: dao proposal 'duration' must be an integer from 1 to 431999, got 432000: set duration below 432000 (30 days)",
    );
    expect(problemsOf({ 'proposals/p.yaml': PRICE.replace('3d', '3') })[0]).toContain(
      'proposals/p.yaml:8:11: proposal duration must be a time like 3d',
    );
  });
});

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const FARMER = '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y';
const H = { price: `0x${'a'.repeat(64)}`, certify: `0x${'b'.repeat(64)}` };

function view(over: Partial<GovernanceChainView> = {}): GovernanceChainView {
  return {
    block: 100,
    blockSeconds: 6,
    account: { address: ALICE, twinId: 1 },
    council: [
      { address: ALICE, twinId: 1 },
      { address: BOB, twinId: 2 },
    ],
    farms: new Map([
      [1, { ownerTwin: 1, weight: 87 }],
      [2, { ownerTwin: 3, weight: 40 }],
    ]),
    proposals: new Map(),
    records: new Map(),
    hashes: new Map(Object.entries(H)),
    ...over,
  };
}
const open = (hash: string, o: Partial<OpenProposal> = {}): OpenProposal => ({
  hash,
  index: 0,
  description: hash === H.price ? 'Raise the TFT price floor to 0.02 USD' : 'Certify farm 1',
  link: `https://forum.threefold.io/t/${hash === H.price ? 'price' : 'certify'}`,
  threshold: 2,
  ayes: [],
  nays: [],
  vetos: [],
  end: 200,
  ...o,
});

describe('planning', () => {
  let files: GovernanceFiles;
  beforeAll(() => {
    files = parse(folder());
  });

  it('proposes as a council member and votes with its own farm in the same batch', () => {
    const plan = planGovernance(files, view(), { inScope: (f) => f !== 'votes/farm-2.yaml' });
    expect(plan.refusals).toEqual([]);
    expect(plan.actions.map((a) => a.op)).toEqual(['propose', 'propose', 'vote', 'vote']);
    const farm2 = plan.rows.find((r) => r.file === 'votes/farm-2.yaml')!;
    expect(farm2).toMatchObject({ state: 'new', apply: [] });
  });

  it('refuses a vote with a farm the account does not own, naming the owner twin', () => {
    const plan = planGovernance(files, view({ proposals: new Map([[H.price, open(H.price)]]) }));
    expect(plan.refusals).toEqual([
      {
        file: 'votes/farm-2.yaml',
        message: expect.stringContaining('farm 2 is owned by twin 3, not by account'),
      },
    ]);
  });

  it('refuses a proposal from an account outside the council, naming the council', () => {
    const plan = planGovernance(files, view({ account: { address: FARMER, twinId: 3 } }));
    expect(plan.refusals.map((r) => r.file)).toEqual(['proposals/certify.yaml', 'proposals/price.yaml']);
    expect(plan.refusals[0].message).toContain('is not a council member');
    expect(plan.refusals[0].message).toContain('twin 1, twin 2');
  });

  it('shows votes, weights, time left; changes a vote; closes once the threshold is met', () => {
    const price = open(H.price, { ayes: [{ farmId: 1, weight: 87 }], nays: [], index: 4 });
    const certify = open(H.certify, { threshold: 1, ayes: [{ farmId: 1, weight: 87 }], index: 5 });
    const farmer = view({
      account: { address: FARMER, twinId: 3 },
      proposals: new Map([
        [H.price, price],
        [H.certify, certify],
      ]),
    });
    const byFarmer = planGovernance(files, farmer);
    expect(byFarmer.actions).toEqual([
      { op: 'vote', file: 'votes/farm-2.yaml', farmId: 2, hash: H.price, approve: false, change: false },
    ]);
    const row = byFarmer.rows.find((r) => r.kind === 'proposal' && r.name === 'certify')!;
    expect(row).toMatchObject({
      state: 'open',
      yes: { votes: 1, weight: 87 },
      wouldPass: true,
      blocksLeft: 100,
    });
    expect(row).toMatchObject({ secondsLeft: 600, notes: ['a council member can close it now'] });

    // once farm 2 voted no (weight 40 < 87): the council closes both as approved
    const voted = view({
      proposals: new Map([
        [H.price, { ...price, nays: [{ farmId: 2, weight: 40 }] }],
        [H.certify, certify],
      ]),
    });
    const closing = planGovernance(files, voted);
    expect(closing.actions).toEqual([
      { op: 'close', file: 'proposals/certify.yaml', hash: H.certify, index: 5, outcome: 'approved' },
      { op: 'close', file: 'proposals/price.yaml', hash: H.price, index: 4, outcome: 'approved' },
    ]);

    // farm 1 switching to no makes price fail
    const switched = parse(folder({ 'votes/farm-1.yaml': 'farm: 1\nvotes: {price: no, certify: yes}\n' }));
    const plan = planGovernance(switched, voted);
    expect(plan.actions[0]).toMatchObject({ op: 'vote', farmId: 1, approve: false, change: true });
    expect(plan.actions.find((a) => a.op === 'close' && a.hash === H.price)).toMatchObject({
      outcome: 'disapproved',
    });
  });

  it('reads closed proposals from records, and sends nothing for them', () => {
    const records = new Map([
      [H.price, { state: 'approved' as const, block: 90 }],
      [H.certify, { state: 'open' as const, block: 80 }],
    ]);
    const plan = planGovernance(files, view({ records }));
    expect(plan.actions).toEqual([]);
    expect(plan.rows.filter((r) => r.kind === 'proposal').map((r) => [r.file, r.state, r.onChain])).toEqual([
      ['proposals/certify.yaml', 'closed', true],
      ['proposals/price.yaml', 'approved', true],
    ]);
  });

  it('vetoes for the signing council member and waits for the others', () => {
    const vetoing = parse(folder({ 'proposals/price.yaml': PRICE + 'vetoes: [1, 2]\n' }));
    const plan = planGovernance(
      vetoing,
      view({ proposals: new Map([[H.price, open(H.price, { vetos: [] })]]) }),
    );
    expect(plan.actions.filter((a) => a.op === 'veto')).toEqual([
      { op: 'veto', file: 'proposals/price.yaml', hash: H.price, closes: false },
    ]);
    expect(plan.rows.find((r) => r.file === 'proposals/price.yaml')!.notes).toContain(
      'waiting for twin 2 to veto',
    );
  });
});
