/**
 * DAO as code on the dev grid: a council member applies a DaoProposal, a farmer applies a DaoVote,
 * re-applies send nothing, and once closed the approved action runs as root on the chain.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, DaoVote } from '../../constructs';
import { startDevGrid, type DevGrid } from '../../devgrid/grid';
import { build as proposalProgram } from '../../examples/dao-proposal';
import { TfchainClient } from '../../provider/chain/tfchain-client';
import { DEV_MNEMONIC } from '../../provider/config/networks';
import { Engine } from '../../provider/engine/engine';
import { connectGrid, type ConnectedGrid } from '../../provider/engine/grid-backend';

jest.setTimeout(60_000);

let grid: DevGrid;
let dir: string;
const backends: ConnectedGrid[] = [];

async function connect(secret: string): Promise<ConnectedGrid> {
  const b = await connectGrid({
    endpoints: {
      network: 'local',
      substrateUrls: [grid.chainUrl],
      relayUrls: [grid.relayUrl],
      proxyUrl: grid.proxyUrl,
    },
    secret,
  });
  backends.push(b);
  return b;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dao-it-'));
  grid = await startDevGrid({ dataDir: dir, nodes: 2, farms: 1 });
});

afterAll(async () => {
  for (const b of backends) await b.close();
  await grid?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  await new Promise((r) => setTimeout(r, 2000));
});

it('proposes, votes with farm weight, and the approved action runs once closed', async () => {
  const council = await connect(grid.mnemonic);
  const proposal = proposalProgram().synth();
  const proposed = await new Engine(council).apply(proposal);
  const hash = proposed.proposals['dao:certify-farm-1'];
  expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
  expect((await new Engine(council).plan(proposal)).empty).toBe(true);

  // farm 1 belongs to the dev grid's first farmer
  const farmer = await connect(`${DEV_MNEMONIC}//farmer/1`);
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
