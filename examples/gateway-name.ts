/** A web machine published as `myapp.<gateway domain>` through a name gateway over the private network. */
import { App, GatewayName, Machine, Network, NodeSelector } from '../constructs';
import { EXAMPLE_SSH_KEY, EXAMPLE_SSH_PRIVATE_KEY } from './lib/example-keys';

/** `tfgrid apply --verify` logs in to the machines with this (the example key: dev grid only). */
export const verifySshPrivateKey = EXAMPLE_SSH_PRIVATE_KEY;

export function build(): App {
  const app = new App({ projectName: 'example-gateway-name' });
  const net = new Network(app, 'net');
  const web = new Machine(app, 'web', {
    node: new NodeSelector(app, 'compute', { minCru: 1 }),
    network: net,
    sshKeys: [EXAMPLE_SSH_KEY],
  });
  new GatewayName(app, 'gw', {
    node: new NodeSelector(app, 'gateway', { domain: true }),
    name: 'myapp',
    network: net,
    backends: [{ machine: web, port: 8080 }],
  });
  return app;
}
