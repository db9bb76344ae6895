import { DaoProposal, DaoVote, MAX_DURATION_BLOCKS } from './index';
import { expectProblem, newApp } from './testing/test-util';

const action = { pallet: 'tfgridModule', call: 'setFarmCertification', args: [1, 'Gold'] };

describe('DaoProposal and DaoVote', () => {
  test('units for a proposal and votes (by construct and by hash)', () => {
    const app = newApp();
    const p = new DaoProposal(app, 'certify', {
      action,
      description: 'certify farm 1',
      link: 'https://forum.example/t/1',
      threshold: 2,
      durationBlocks: 100,
    });
    new DaoVote(app, 'yes', { farmId: 1, proposal: p, approve: true });
    new DaoVote(app, 'no', { farmId: 2, proposal: '0x' + 'AB'.repeat(32), approve: false });
    const m = app.synth().manifest;
    expect(m.units).toEqual([
      {
        kind: 'dao-proposal',
        id: 'dao:certify',
        constructs: ['certify'],
        action,
        description: 'certify farm 1',
        link: 'https://forum.example/t/1',
        threshold: 2,
        durationBlocks: 100,
        dependsOn: [],
      },
      {
        kind: 'dao-vote',
        id: 'dao:no',
        constructs: ['no'],
        farmId: 2,
        proposal: { hash: '0x' + 'ab'.repeat(32) },
        approve: false,
        dependsOn: [],
      },
      {
        kind: 'dao-vote',
        id: 'dao:yes',
        constructs: ['yes'],
        farmId: 1,
        proposal: { unit: 'dao:certify' },
        approve: true,
        dependsOn: ['dao:certify'],
      },
    ]);
    expect(m.cost).toEqual({ usdPerMonth: 0, tftPerMonth: 0 });
  });

  test('invalid props', () => {
    const app = newApp();
    const ok = { action, description: 'd', link: 'https://x.example', threshold: 1 };
    expectProblem(
      () => new DaoProposal(app, 'a', { ...ok, action: { pallet: 'TfgridModule', call: 'x', args: [] } }),
      'a: dao proposal',
      "'action'",
      'camelCase',
    );
    expectProblem(() => new DaoProposal(app, 'b', { ...ok, description: ' ' }), "'description'", '" "');
    expectProblem(() => new DaoProposal(app, 'c', { ...ok, link: 'forum' }), "'link'", '"forum"');
    expectProblem(() => new DaoProposal(app, 'd', { ...ok, threshold: 0 }), "'threshold'", 'got 0');
    expectProblem(
      () => new DaoProposal(app, 'e', { ...ok, durationBlocks: MAX_DURATION_BLOCKS }),
      "'durationBlocks'",
      String(MAX_DURATION_BLOCKS),
      '30 days',
    );
    expectProblem(
      () => new DaoVote(app, 'f', { farmId: 0, proposal: '0x' + '0'.repeat(64), approve: true }),
      'f: dao vote',
      "'farmId'",
      'got 0',
    );
    expectProblem(
      () => new DaoVote(app, 'g', { farmId: 1, proposal: 'abc', approve: true }),
      "'proposal'",
      '"abc"',
      'tfgrid dao list',
    );
    expectProblem(
      () => new DaoVote(app, 'h', { farmId: 1, proposal: '0x' + '0'.repeat(64), approve: 'yes' as never }),
      "'approve'",
      '"yes"',
    );
  });
});
