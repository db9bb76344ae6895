/**
 * A k3s cluster: one master and workers, each a Machine booted from the k3s flist with a data disk
 * at /mydisk and the env the image reads (K3S_TOKEN, K3S_URL for workers, K3S_DATA_DIR,
 * K3S_FLANNEL_IFACE, K3S_NODE_NAME, SSH_KEY). Workers find the master by its private IP, which is
 * assigned at synth, so no reference between units is needed.
 */
import { Construct } from 'constructs';
import { Checker, isPlainObject } from './errors';
import { Flist } from './flist';
import { Machine } from './machine';
import { dottedPath } from './names';
import type { Network } from './network';
import type { NodeSelector } from './node-selector';

export interface KubernetesNodeOptions {
  /** Where this k3s node runs. */
  readonly node: NodeSelector;
  /** Construct id and k3s node name. @default 'master', or 'worker<i>' */
  readonly name?: string;
  /** Virtual cores. @default 2 */
  readonly cpu?: number;
  /** Memory, MiB. @default 4096 */
  readonly memoryMb?: number;
  /** Data disk mounted at /mydisk (K3S_DATA_DIR), GiB. @default 25 */
  readonly diskGb?: number;
  /** Root filesystem, GiB. @default 2 */
  readonly rootfsGb?: number;
  /** Reserve a public IPv4. @default false */
  readonly publicIpv4?: boolean;
  /** Reserve a public IPv6. @default false */
  readonly publicIpv6?: boolean;
  /** A yggdrasil IP. @default false */
  readonly planetary?: boolean;
  /** A mycelium IP (the network needs mycelium). @default false */
  readonly mycelium?: boolean;
}

export interface KubernetesClusterProps {
  /** The private network all k3s nodes join. */
  readonly network: Network;
  /** The master (k3s server). */
  readonly master: KubernetesNodeOptions;
  /** Workers (k3s agents). @default [] */
  readonly workers?: KubernetesNodeOptions[];
  /** Cluster join token (secret), at least 6 characters without spaces. */
  readonly token: string;
  /** Public SSH keys for every k3s node. @default [] */
  readonly sshKeys?: string[];
  /** The k3s image. @default Flist.k3s() */
  readonly flist?: Flist;
}

/** Where k3s keeps its data in the machine (the data disk's mountpoint). */
export const K3S_DATA_DIR = '/mydisk';

export class KubernetesCluster extends Construct {
  readonly master: Machine;
  readonly workers: Machine[] = [];

  constructor(scope: Construct, id: string, clusterProps: KubernetesClusterProps) {
    super(scope, id);
    const c = new Checker(this, 'kubernetes cluster');
    const props = c.props(clusterProps);
    c.check(
      typeof props.token === 'string' && props.token.length >= 6 && !/\s/.test(props.token),
      'token',
      props.token,
      'at least 6 characters without spaces',
      'set token to a long random string',
      true,
    );
    const master = c.check(
      isPlainObject(props.master),
      'master',
      props.master,
      'an object {node, ...}',
      'describe the master as {node: selector}',
    )
      ? (props.master as KubernetesNodeOptions)
      : undefined;
    const workers = c
      .list('workers', props.workers, 'a list of k3s nodes')
      .map((w, i) =>
        c.check(
          isPlainObject(w),
          `workers[${i}]`,
          w,
          'an object {node, ...}',
          'describe a worker as {node: selector}',
        )
          ? (w as KubernetesNodeOptions)
          : undefined,
      );
    const fields = ['master', ...workers.map((_w, i) => `workers[${i}]`)];
    const names = [master, ...workers].map((o, i) => o?.name ?? (i === 0 ? 'master' : `worker${i - 1}`));
    names.forEach((n, i) => {
      const ok = c.check(
        typeof n === 'string' && /^[a-z0-9][a-z0-9-]{0,30}$/.test(n),
        `${fields[i]}.name`,
        n,
        'a k3s node name: 1 to 31 of [a-z0-9-]',
        'use a name such as "worker1"',
      );
      if (ok && names.indexOf(n) !== i)
        c.fail(`${fields[i]}.name`, n, 'unique in the cluster', 'give every k3s node its own name');
    });
    [master, ...workers].forEach((o, i) => {
      if (o?.diskGb !== undefined) c.sizeGb(`${fields[i]}.diskGb`, o.diskGb, 'set diskGb to 1 or more');
    });
    if (props.flist !== undefined)
      c.instance('flist', props.flist, Flist, 'an Flist', 'use Flist.k3s() or Flist.fromUrl(...)');
    c.done();
    const flist = props.flist instanceof Flist ? props.flist : Flist.k3s();
    const tokenSecret = `${dottedPath(this)}.token`;
    const token = typeof props.token === 'string' ? props.token : '';
    const make = (o: KubernetesNodeOptions | undefined, name: unknown, i: number): Machine => {
      const valid = typeof name === 'string' && /^[a-z0-9][a-z0-9-]{0,30}$/.test(name);
      const id = valid && names.indexOf(name) === i ? name : `invalid-node${i}`;
      const m = new Machine(this, id, {
        publicIpv4: o?.publicIpv4,
        publicIpv6: o?.publicIpv6,
        planetary: o?.planetary,
        mycelium: o?.mycelium,
        node: o?.node as NodeSelector,
        network: props.network as Network,
        flist,
        cpu: o?.cpu ?? 2,
        memoryMb: o?.memoryMb ?? 4096,
        rootfsGb: o?.rootfsGb ?? 2,
        entrypoint: flist.entrypoint || '/sbin/zinit init',
        sshKeys: props.sshKeys,
        disks: [{ id: 'data', sizeGb: o?.diskGb ?? 25, mountpoint: K3S_DATA_DIR }],
        env: { K3S_DATA_DIR, K3S_FLANNEL_IFACE: 'eth0', K3S_NODE_NAME: id, K3S_URL: '' },
      });
      m.setSecretEnv('K3S_TOKEN', tokenSecret, 'token', token);
      return m;
    };
    this.master = make(master, names[0], 0);
    workers.forEach((w, i) => {
      const worker = make(w, names[i + 1], i + 1);
      worker.setLazyEnv('K3S_URL', () => `https://${this.master.privateIp}:6443`);
      this.workers.push(worker);
    });
  }

  /** The API server url inside the network. */
  get apiUrl(): string {
    return `https://${this.master.privateIp}:6443`;
  }
}
