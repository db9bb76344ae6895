/** A DAO proposal to certify farm 1 (needs a council member to apply). */
import { App, DaoProposal } from '../constructs';

export function build(): App {
  const app = new App({ projectName: 'example-dao' });
  new DaoProposal(app, 'certify-farm-1', {
    action: { pallet: 'tfgridModule', call: 'setFarmCertification', args: [1, 'Gold'] },
    description: 'Certify farm 1: audited hardware and uptime',
    link: 'https://forum.threefold.io/t/certify-farm-1',
    threshold: 1,
    durationBlocks: 14400,
  });
  return app;
}
