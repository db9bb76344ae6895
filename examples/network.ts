/** A private network over two nodes, with wireguard access for a laptop and mycelium. */
import { App, Machine, Network, NodeSelector } from '../constructs';
import { EXAMPLE_SSH_KEY, EXAMPLE_SSH_PRIVATE_KEY } from './lib/example-keys';

/** `tfgrid apply --verify` logs in to the machines with this (the example key: dev grid only). */
export const verifySshPrivateKey = EXAMPLE_SSH_PRIVATE_KEY;

export function build(): App {
  const app = new App({ projectName: 'example-network' });
  const net = new Network(app, 'net', { ipRange: '10.30.0.0/16', wireguardAccess: true, mycelium: true });
  const nodes = new NodeSelector(app, 'nodes', { minCru: 1, distinct: true });
  for (const id of ['a', 'b']) {
    new Machine(app, id, { node: nodes, network: net, mycelium: true, sshKeys: [EXAMPLE_SSH_KEY] });
  }
  return app;
}
