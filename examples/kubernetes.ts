/** A k3s cluster: a master with a public IPv4 and two workers on distinct nodes. */
import { App, KubernetesCluster, Network, NodeSelector } from '../constructs';
import { EXAMPLE_SSH_KEY, EXAMPLE_SSH_PRIVATE_KEY } from './lib/example-keys';

/** `tfgrid apply --verify` logs in to the machines with this (the example key: dev grid only). */
export const verifySshPrivateKey = EXAMPLE_SSH_PRIVATE_KEY;

export function build(): App {
  const app = new App({ projectName: 'example-k8s' });
  const nodes = new NodeSelector(app, 'nodes', { minCru: 2, minMruGb: 4, distinct: true });
  new KubernetesCluster(app, 'k8s', {
    network: new Network(app, 'net'),
    token: process.env.K3S_TOKEN ?? 'example-token-change-me',
    sshKeys: [EXAMPLE_SSH_KEY],
    master: { node: nodes, cpu: 2, memoryMb: 4096, diskGb: 25, publicIpv4: true },
    workers: [
      { node: nodes, cpu: 2, memoryMb: 4096, diskGb: 50 },
      { node: nodes, cpu: 2, memoryMb: 4096, diskGb: 50 },
    ],
  });
  return app;
}
