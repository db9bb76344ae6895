/** One machine with a data disk, a public IPv4 and planetary networking. */
import { App, Flist, Machine, Network, NodeSelector } from '../constructs';
import { EXAMPLE_SSH_KEY, EXAMPLE_SSH_PRIVATE_KEY } from './lib/example-keys';

/** `tfgrid apply --verify` logs in to the machines with this (the example key: dev grid only). */
export const verifySshPrivateKey = EXAMPLE_SSH_PRIVATE_KEY;

export function build(): App {
  const app = new App({ projectName: 'example-machine' });
  const node = new NodeSelector(app, 'node', { minCru: 2, minMruGb: 4, publicIpv4: true });
  const net = new Network(app, 'net');
  new Machine(app, 'vm', {
    node,
    network: net,
    flist: Flist.ubuntu22(),
    cpu: 2,
    memoryMb: 4096,
    rootfsGb: 10,
    sshKeys: [EXAMPLE_SSH_KEY],
    env: { APP_ENV: 'production' },
    disks: [{ id: 'data', sizeGb: 50, mountpoint: '/data' }],
    publicIpv4: true,
    planetary: true,
  });
  return app;
}
