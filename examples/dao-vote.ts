/**
 * A farm votes yes on an open DAO proposal, identified by its hash (`tfgrid dao list` shows them).
 *
 * A vote is signed by the farm's owner, so apply this with the farmer's account, not the default
 * one. On the dev grid farm 1 belongs to the dev farmer (docs/devgrid.md), and
 * examples/dao-proposal.ts makes a proposal to vote on:
 *
 *   tfgrid apply examples/dao-proposal.ts --yes       # prints the proposal's hash
 *   DAO_PROPOSAL=0x... TFGRID_MNEMONIC="<dev mnemonic>//farmer/1" tfgrid apply examples/dao-vote.ts --yes
 *
 * DAO_PROPOSAL: the proposal's hash; DAO_FARM_ID: the voting farm (default 1).
 */
import { App, DaoVote } from '../constructs';

export function build(): App {
  const app = new App({ projectName: 'example-dao-vote' });
  new DaoVote(app, 'farm-yes', {
    farmId: Number(process.env.DAO_FARM_ID ?? 1),
    // a placeholder: `tfgrid plan` says there is no such open proposal until DAO_PROPOSAL is set
    proposal: process.env.DAO_PROPOSAL ?? '0x' + 'ab'.repeat(32),
    approve: true,
  });
  return app;
}
