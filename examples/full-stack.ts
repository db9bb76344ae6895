/**
 * A full stack: a private network; an app machine with a disk and a public IPv4; standalone zdbs; a
 * zstor cluster backing a qsfs mounted in a storage machine; a k3s cluster; a name gateway to the
 * app; a DAO proposal. Synthesise it with `tfgrid synth examples/full-stack.ts`.
 */
import {
  App,
  DaoProposal,
  Flist,
  GatewayName,
  KubernetesCluster,
  Machine,
  Network,
  NodeSelector,
  Qsfs,
  Zdb,
  ZstorCluster,
} from '../constructs';
import { EXAMPLE_SSH_KEY, EXAMPLE_SSH_PRIVATE_KEY } from './lib/example-keys';

/** `tfgrid apply --verify` logs in to the machines with this (the example key: dev grid only). */
export const verifySshPrivateKey = EXAMPLE_SSH_PRIVATE_KEY;

export function build(): App {
  const app = new App({ projectName: 'full-stack', network: 'local' });
  const net = new Network(app, 'net', { ipRange: '10.20.0.0/16', wireguardAccess: true, mycelium: true });

  const compute = new NodeSelector(app, 'compute', { minCru: 4, minMruGb: 8, publicIpv4: true });
  const storage = new NodeSelector(app, 'storage', { minHruGb: 200, spread: 'nodes' });
  const k8sNodes = new NodeSelector(app, 'k8s-nodes', { minCru: 2, minMruGb: 4, distinct: true });
  const gateway = new NodeSelector(app, 'gateway', { domain: true });

  const appVm = new Machine(app, 'app', {
    node: compute,
    network: net,
    flist: Flist.ubuntu22(),
    cpu: 2,
    memoryMb: 4096,
    rootfsGb: 10,
    sshKeys: [EXAMPLE_SSH_KEY],
    disks: [{ id: 'appdata', sizeGb: 20, mountpoint: '/var/lib/app' }],
    publicIpv4: true,
    mycelium: true,
  });

  new Zdb(app, 'cache', {
    node: compute,
    sizeGb: 10,
    password: process.env.CACHE_PASSWORD ?? 'change-me-please',
  });

  const zstor = new ZstorCluster(app, 'archive', {
    nodes: storage,
    dataShards: 4,
    parityShards: 2,
    zdbSizeGb: 50,
  });
  const files = new Machine(app, 'files', { node: compute, network: net, sshKeys: [EXAMPLE_SSH_KEY] });
  new Qsfs(app, 'archive-fs', { machine: files, mountpoint: '/archive', cacheGb: 20, zstor });

  new KubernetesCluster(app, 'k8s', {
    network: net,
    token: process.env.K3S_TOKEN ?? 'example-token-change-me',
    sshKeys: [EXAMPLE_SSH_KEY],
    master: { node: k8sNodes, cpu: 2, memoryMb: 4096, diskGb: 25 },
    workers: [{ node: k8sNodes, cpu: 2, memoryMb: 4096, diskGb: 50 }],
  });

  new GatewayName(app, 'web', {
    node: gateway,
    name: 'fullstack',
    network: net,
    backends: [{ machine: appVm, port: 8080 }],
  });

  new DaoProposal(app, 'raise-threshold', {
    action: { pallet: 'tftPriceModule', call: 'setMinTftPrice', args: [15] },
    description: 'Raise the minimum TFT price to 15 mUSD',
    link: 'https://forum.threefold.io/t/example',
    threshold: 1,
  });
  return app;
}
