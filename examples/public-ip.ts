/** A PublicIp construct given to a machine (v4 and v6). */
import { App, Machine, Network, NodeSelector, PublicIp } from '../constructs';
import { EXAMPLE_SSH_KEY } from './lib/example-keys';

export function build(): App {
  const app = new App({ projectName: 'example-public-ip' });
  const node = new NodeSelector(app, 'node', { publicIpv4: true });
  const ip = new PublicIp(app, 'ip', { v4: true, v6: true });
  new Machine(app, 'web', {
    node,
    network: new Network(app, 'net'),
    publicIp: ip,
    sshKeys: [EXAMPLE_SSH_KEY],
  });
  return app;
}
