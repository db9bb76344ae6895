import { Flist, KubernetesCluster, Network, NodeSelector } from './index';
import { deployment, expectProblem, KEY, newApp, workload } from './testing/test-util';

describe('KubernetesCluster', () => {
  test('master and workers get the env the k3s image expects', () => {
    const app = newApp();
    const nodes = new NodeSelector(app, 'nodes', { distinct: true });
    const k8s = new KubernetesCluster(app, 'k8s', {
      network: new Network(app, 'net'),
      token: 'super-secret-token',
      sshKeys: [KEY],
      master: { node: nodes, publicIpv4: true },
      workers: [
        { node: nodes, cpu: 4, memoryMb: 8192, diskGb: 100 },
        { node: nodes, name: 'big' },
      ],
    });
    expect(k8s.apiUrl).toBe('https://10.20.2.2:6443');
    const { manifest, secrets } = app.synth();
    const master = workload(manifest, 'nodes.0', 'k8s_master');
    expect(master.env).toEqual({
      K3S_DATA_DIR: '/mydisk',
      K3S_FLANNEL_IFACE: 'eth0',
      K3S_NODE_NAME: 'master',
      K3S_TOKEN: '${secret:k8s.token}',
      K3S_URL: '',
      SSH_KEY: KEY,
    });
    expect(master.flist).toBe(Flist.k3s().url);
    expect(master.entrypoint).toBe('/sbin/zinit init');
    expect(master.mounts).toEqual([{ name: 'k8s_master_data', mountpoint: '/mydisk' }]);
    expect(master.compute_capacity).toEqual({ cpu: 2, memory: 4096 * 1024 ** 2 });
    const w0 = workload(manifest, 'nodes.1', 'k8s_worker0');
    expect(w0.env).toMatchObject({
      K3S_URL: 'https://10.20.2.2:6443',
      K3S_NODE_NAME: 'worker0',
      K3S_TOKEN: '${secret:k8s.token}',
    });
    expect(workload(manifest, 'nodes.1', 'k8s_worker0_data')).toEqual({ size: 100 * 1024 ** 3 });
    expect(workload(manifest, 'nodes.2', 'k8s_big').env).toMatchObject({ K3S_NODE_NAME: 'big' });
    expect(deployment(manifest, 'nodes.0').publicIps).toBe(1);
    expect(secrets).toEqual({ 'k8s.token': 'super-secret-token' });
    expect(JSON.stringify(manifest)).not.toContain('super-secret-token');
    // the master's IP is known at synth: workers need no reference
    expect(manifest.references).toEqual([]);
  });

  test('invalid props; the token is never shown', () => {
    const app = newApp();
    const node = new NodeSelector(app, 'n');
    const net = new Network(app, 'net');
    const msg = expectProblem(
      () => new KubernetesCluster(app, 'a', { network: net, token: 'abc', master: { node } }),
      'a: kubernetes cluster',
      "'token'",
      'long random',
    );
    expect(msg).not.toContain('"abc"');
    expectProblem(
      () =>
        new KubernetesCluster(app, 'b', {
          network: net,
          token: 'abcdefg',
          master: { node },
          workers: [{ node, name: 'Bad_Name' }],
        }),
      "'workers[0].name'",
      '"Bad_Name"',
    );
    expectProblem(
      () =>
        new KubernetesCluster(app, 'c', {
          network: net,
          token: 'abcdefg',
          master: { node },
          workers: [{ node, name: 'master' }],
        }),
      "'workers[0].name'",
      'unique',
    );
    expectProblem(
      () => new KubernetesCluster(app, 'd', { network: net, token: 'abcdefg', master: { node, diskGb: 0 } }),
      "'master.diskGb'",
      'got 0',
    );
    expectProblem(
      () =>
        new KubernetesCluster(app, 'e', { network: net, token: 'abcdefg', master: { node, memoryMb: 10 } }),
      'e/master: machine',
      "'memoryMb'",
    );
  });
});
