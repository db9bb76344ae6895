/** Farm 1 votes yes on an existing proposal, identified by its hash. */
import { App, DaoVote } from '../constructs';

export function build(): App {
  const app = new App({ projectName: 'example-dao-vote' });
  new DaoVote(app, 'farm1-yes', {
    farmId: 1,
    proposal: '0x' + 'ab'.repeat(32),
    approve: true,
  });
  return app;
}
