/**
 * DAO as code on the dev grid: a council member applies a DaoProposal, a farmer applies a DaoVote,
 * re-applies send nothing, and once closed the approved action runs as root on the chain.
 */
import { App, DaoVote } from '../../constructs';
import { build as proposalProgram } from '../../examples/dao-proposal';
import { TfchainClient } from '../../clients/chain/tfchain-client';
import { DEV_MNEMONIC } from '../../model/config/networks';
import { useDevGrid } from '../support/dev-grid';
import { Engine } from '../../engine/engine';

jest.setTimeout(60_000);

const fx = useDevGrid({ nodes: 2, farms: 1 });

it('proposes, votes with farm weight, and the approved action runs once closed', async () => {
  const council = fx.backend;
  const proposal = proposalProgram().synth();
  const proposed = await new Engine(council).apply(proposal);
  const hash = proposed.proposals['dao:certify-farm-1'];
  expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
  expect((await new Engine(council).plan(proposal)).empty).toBe(true);

  // farm 1 belongs to the dev grid's first farmer
  const farmer = await fx.connect(`${DEV_MNEMONIC}//farmer/1`);
  const voteApp = () => {
    const app = new App({ projectName: 'dao-vote-it' });
    new DaoVote(app, 'yes', { farmId: 1, proposal: hash, approve: true });
    return app;
  };
  const voted = await new Engine(farmer).apply(voteApp().synth());
  expect(voted.actions).toEqual([expect.objectContaining({ op: 'vote' })]);
  expect((await new Engine(farmer).plan(voteApp().synth())).empty).toBe(true);

  const chain = new TfchainClient(council.api, council.pair);
  const [listed] = (await chain.listProposals()).filter((p) => p.hash === hash);
  expect(listed.ayes).toEqual([{ farmId: 1, weight: expect.any(Number) }]);
  expect(listed.ayes[0].weight).toBeGreaterThan(0);
  const outcome = await chain.close(hash, listed.index);
  expect(outcome).toMatchObject({ approved: true, executed: { ok: true } });
  expect((await chain.getFarm(1))?.certification).toBe('gold');
});
