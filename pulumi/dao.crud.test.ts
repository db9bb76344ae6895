/**
 * The DAO resources through the real dynamic provider host on a dev grid: a council member's
 * provider creates a DaoProposal, a farmer's provider votes on it with a DaoVote, reads follow the
 * chain, creating the same vote again does not vote twice, a changed vote is voted again, and Check
 * refuses a farm the account cannot vote with.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gridEndpoints, startDevGrid, type DevGrid } from '../devgrid/grid';
import { connectGrid, type ConnectedGrid } from '../engine/grid-backend';
import { DEV_MNEMONIC } from '../model/config/networks';
import { daoProposalProvider } from './dao-proposal';
import { daoVoteProvider } from './dao-vote';
import { ProviderHost, serializeProvider } from './testing/provider-host';
import { devGridConfig } from './testing/provider-on-dev-grid';

jest.setTimeout(120_000);

let grid: DevGrid;
let dir: string;
const hosts: ProviderHost[] = [];

async function hostFor(
  mnemonic: string,
  provider: Parameters<typeof serializeProvider>[0],
): Promise<ProviderHost> {
  const host = await ProviderHost.start({
    provider,
    project: 'pulumi-dao',
    config: devGridConfig(grid, { mnemonic }),
  });
  hosts.push(host);
  return host;
}

let farmerGrid: ConnectedGrid;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulumi-dao-'));
  grid = await startDevGrid({ dataDir: dir, nodes: 2, farms: 1 });
  farmerGrid = await connectGrid({ endpoints: gridEndpoints(grid), secret: `${DEV_MNEMONIC}//farmer/1` });
});

afterAll(async () => {
  await farmerGrid?.close();
  for (const h of hosts) await h.close();
  await grid?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  await new Promise((r) => setTimeout(r, 2000));
});

it('a proposal by the council and a vote by the farm owner, read back from the chain', async () => {
  const council = await hostFor(grid.mnemonic, daoProposalProvider);
  const proposalUrn = council.urn('raise-price', 'pulumi-nodejs:dynamic/tfgrid:DaoProposal');
  const proposalProps = {
    action: { pallet: 'tftPriceModule', call: 'setMinTftPrice', args: [15] },
    description: 'Raise the minimum TFT price to 15 mUSD',
    link: 'https://forum.threefold.io/t/example',
    threshold: 1,
    __provider: await serializeProvider(daoProposalProvider),
  };
  expect(
    (await council.check(proposalUrn, {}, { ...proposalProps, threshold: 0 })).failures[0]?.property,
  ).toBe('threshold');
  const proposal = await council.create(proposalUrn, proposalProps);
  expect(proposal.id).toMatch(/^0x[0-9a-f]{64}$/);
  expect(proposal.outputs).toMatchObject({ proposalHash: proposal.id, open: true, ayes: 0 });

  const farmer = await hostFor(`${DEV_MNEMONIC}//farmer/1`, daoVoteProvider);
  const voteUrn = farmer.urn('farm1-yes', 'pulumi-nodejs:dynamic/tfgrid:DaoVote');
  const voteProps = {
    farmId: 1,
    proposalHash: proposal.id,
    approve: true,
    __provider: await serializeProvider(daoVoteProvider),
  };
  const vote = await farmer.create(voteUrn, voteProps);
  expect(vote.id).toBe(`${proposal.id}/1`);

  const read = await council.read(proposal.id, proposalUrn, proposal.outputs, proposalProps);
  expect(read.outputs).toMatchObject({ open: true, ayes: 1, nays: 0 });

  // the vote exists: creating it again (e.g. after a lost state) succeeds without voting twice
  // (a second vote would fail on chain with dao.DuplicateVote)
  await farmer.create(voteUrn, voteProps);
  const again = await council.read(proposal.id, proposalUrn, proposal.outputs, proposalProps);
  expect(again.outputs).toMatchObject({ ayes: 1 });

  // changing the vote votes again on chain (a farm may switch): an update, not a silent replace
  const nay = { ...voteProps, approve: false };
  expect(await farmer.diff(vote.id, voteUrn, vote.outputs, nay, voteProps)).toMatchObject({
    changes: 'some',
    replaces: [],
  });
  const switched = await farmer.update(vote.id, voteUrn, vote.outputs, nay, voteProps);
  expect(switched).toMatchObject({ approve: false });
  const counted = await council.read(proposal.id, proposalUrn, proposal.outputs, proposalProps);
  expect(counted.outputs).toMatchObject({ ayes: 0, nays: 1 });
  // read follows the chain: a vote switched behind Pulumi's back shows, and the next diff acts on it
  await farmerGrid.daoVote(1, proposal.id, true);
  const refreshed = await farmer.read(vote.id, voteUrn, switched, nay);
  expect(refreshed.outputs).toMatchObject({ approve: true });
  expect((await farmer.diff(vote.id, voteUrn, refreshed.outputs, nay, nay)).changes).toBe('some');
  // another farm is another vote
  expect(
    (await farmer.diff(vote.id, voteUrn, vote.outputs, { ...voteProps, farmId: 2 }, voteProps)).replaces,
  ).toEqual(['farmId']);
});

it('Check refuses a vote with a farm that does not exist or that the account does not own', async () => {
  const council = await hostFor(grid.mnemonic, daoVoteProvider);
  const urn = council.urn('vote', 'pulumi-nodejs:dynamic/tfgrid:DaoVote');
  const props = { proposalHash: `0x${'ab'.repeat(32)}`, approve: true };
  const missing = await council.check(urn, {}, { ...props, farmId: 99 });
  expect(missing.failures).toEqual([
    { property: 'farmId', reason: expect.stringMatching(/farm 99 does not exist/) },
  ]);
  const notMine = await council.check(urn, {}, { ...props, farmId: 1 });
  expect(notMine.failures).toEqual([
    {
      property: 'farmId',
      reason: expect.stringMatching(/farm 1 belongs to twin \d+, not to this account's twin \d+/),
    },
  ]);
  const farmer = await hostFor(`${DEV_MNEMONIC}//farmer/1`, daoVoteProvider);
  expect((await farmer.check(urn, {}, { ...props, farmId: 1 })).failures).toEqual([]);
});
