/** A machine with a quantum safe filesystem at /qsfs, backed by a zstor cluster on 4 other nodes. */
import { App, Machine, Network, NodeSelector, Qsfs, ZstorCluster } from '../constructs';
import { EXAMPLE_SSH_KEY, EXAMPLE_SSH_PRIVATE_KEY } from './lib/example-keys';

/** `tfgrid apply --verify` logs in to the machines with this (the example key: dev grid only). */
export const verifySshPrivateKey = EXAMPLE_SSH_PRIVATE_KEY;

export function build(): App {
  const app = new App({ projectName: 'example-qsfs' });
  const storage = new NodeSelector(app, 'storage', { minHruGb: 50 });
  const compute = new NodeSelector(app, 'compute', { minCru: 2, minSruGb: 20 });
  const zstor = new ZstorCluster(app, 'store', {
    nodes: storage,
    dataShards: 2,
    parityShards: 2,
    zdbSizeGb: 50,
  });
  const vm = new Machine(app, 'vm', {
    node: compute,
    network: new Network(app, 'net'),
    sshKeys: [EXAMPLE_SSH_KEY],
  });
  new Qsfs(app, 'fs', { machine: vm, mountpoint: '/qsfs', cacheGb: 10, zstor });
  return app;
}
