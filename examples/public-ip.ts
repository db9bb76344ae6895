/** A PublicIp construct given to a machine (v4 and v6). */
import { App, Machine, Network, NodeSelector, PublicIp } from '../constructs';
import { EXAMPLE_SSH_KEY, EXAMPLE_SSH_PRIVATE_KEY } from './lib/example-keys';

/** `tfgrid apply --verify` logs in to the machines with this (the example key: dev grid only). */
export const verifySshPrivateKey = EXAMPLE_SSH_PRIVATE_KEY;

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
