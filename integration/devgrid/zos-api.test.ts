/**
 * The zos commands TFChain's TypeScript SDK (grid_client 2.9.2) sends besides deployments, answered
 * by an emulated node through the relay as zos answers them: system version and features, storage
 * pools, GPUs, public IPs held on the node, and the private IPs a twin took in a network across
 * all its deployments (the SDK keeps a network in a deployment of its own). Also the deprecated
 * `ipv4` workload, which zos still provisions.
 */
import { hexToString } from '@polkadot/util';
import isPrivateIp from 'private-ip';
import { useDevGrid } from '../support/dev-grid';
import { GridUser } from './grid-user';
import * as W from './workloads';

jest.setTimeout(120_000);

const fx = useDevGrid({ nodes: 2, farms: 1 }); // node 1 public, node 2 hidden
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBcnYK9qPwHXW3OGhDoAUwU1Ofz2fBZYyBY7CQX3x9Xb it';

describe('zos commands the SDK sends', () => {
  let user: GridUser;
  let nodeId: number;

  beforeAll(async () => {
    user = await GridUser.connect(fx.grid, fx.grid.mnemonic);
    nodeId = fx.grid.nodes[0].nodeId;
  });
  afterAll(() => user?.close());

  it('answers system version, node features, storage pools and GPUs', async () => {
    const version = await user.call<{ zos: string; zinit: string }>(nodeId, 'zos.system.version');
    expect(Object.keys(version).sort()).toEqual(['zinit', 'zos']);
    const features = await user.call<string[]>(nodeId, 'zos.system.node_features_get');
    // a full zos node: both public ip types, never the light machine flavour
    expect(features).toEqual(
      expect.arrayContaining(['zmachine', 'network', 'ipv4', 'ip', 'mycelium', 'wireguard']),
    );
    expect(features).not.toContain('zmachine-light');
    const stats = await user.call<{ total: { sru: number; hru: number } }>(nodeId, 'zos.statistics.get');
    const pools = await user.call<{ name: string; type: string; size: number; used: number }[]>(
      nodeId,
      'zos.storage.pools',
    );
    expect(pools.map((p) => [p.type, p.size])).toEqual([
      ['ssd', stats.total.sru],
      ['hdd', stats.total.hru],
    ]);
    expect(await user.call(nodeId, 'zos.gpu.list')).toEqual([]);
  });

  it('lists every private IP the twin took in a network, whichever deployment holds the machine', async () => {
    // the network alone in one deployment, machines in two others (as GridClient deploys them)
    await user.deploy(nodeId, [W.network('sdknet', '10.20.3.0/24', 7301)]);
    const first = await user.deploy(nodeId, [
      W.machine('vm1', { network: 'sdknet', ip: '10.20.3.2', sshKey: KEY }),
    ]);
    expect(first.workloads[0].result?.state).toBe('ok');
    const taken = await user.call<string[]>(nodeId, 'zos.network.list_private_ips', {
      network_name: 'sdknet',
    });
    expect(taken).toEqual(['10.20.3.2']);
    await user.deploy(nodeId, [W.machine('vm2', { network: 'sdknet', ip: '10.20.3.3', sshKey: KEY })]);
    const both = await user.call<string[]>(nodeId, 'zos.network.list_private_ips', {
      network_name: 'sdknet',
    });
    expect(both.sort()).toEqual(['10.20.3.2', '10.20.3.3']);
    expect(await user.call(nodeId, 'zos.network.list_private_ips', { network_name: 'other' })).toEqual([]);
  });

  it("gives public addresses the SDK's private-ip check (the private-ip package) takes as public", async () => {
    const config = await user.call<{ ipv4: string }>(nodeId, 'zos.network.public_config_get');
    expect(isPrivateIp(config.ipv4.split('/')[0])).toBe(false);
    const farm = (await fx.grid.api.query.tfgridModule.farms(fx.grid.nodes[0].farmId)).toJSON() as {
      publicIps: { ip: string }[];
    };
    expect(farm.publicIps.length).toBeGreaterThan(0);
    for (const p of farm.publicIps) expect(isPrivateIp(hexToString(p.ip).split('/')[0])).toBe(false);
    // the documentation range the dev grid used before is private to the SDK
    expect(isPrivateIp('203.0.113.10')).toBe(true);
  });

  it('makes a public node an access node as grid_client finds one: IPv4 and IPv6 in its public config', async () => {
    // grid_client's getAccessNodes asks the proxy for nodes with ipv4=true&ipv6=true; with IPv4
    // only, networks over hidden and public nodes (a k8s cluster) found no access node
    const config = await user.call<{ ipv4: string; ipv6: string; gw6: string }>(
      nodeId,
      'zos.network.public_config_get',
    );
    expect(config.ipv6).toMatch(/^2001:db8:[0-9a-f]+::2\/64$/);
    expect(config.gw6).toMatch(/^2001:db8:[0-9a-f]+::1$/);
    // full zos: true with a public IPv6, else its error (never false: that is light zos)
    expect(await user.call(nodeId, 'zos.network.has_ipv6')).toBe(true);
    await expect(user.call(fx.grid.nodes[1].nodeId, 'zos.network.has_ipv6')).rejects.toThrow(
      /no public ipv6 found/,
    );
    const res = await fetch(`${fx.grid.proxyUrl}/nodes?ipv4=true&ipv6=true`);
    const nodes = (await res.json()) as { nodeId: number; publicConfig: { ipv4: string; ipv6: string } }[];
    expect(nodes.map((n) => [n.nodeId, n.publicConfig.ipv4, n.publicConfig.ipv6])).toEqual([
      [nodeId, config.ipv4, config.ipv6],
    ]);
  });

  it('provisions the deprecated ipv4 workload and lists the public IPs held on the node', async () => {
    expect(await user.call(nodeId, 'zos.network.list_public_ips')).toEqual([]);
    const d = await user.deploy(
      nodeId,
      [
        W.network('pubnet', '10.20.4.0/24', 7302),
        W.wl('pip', 'ipv4', {}),
        W.machine('pvm', { network: 'pubnet', ip: '10.20.4.2', sshKey: KEY, publicIp: 'pip' }),
      ],
      { publicIps: 1 },
    );
    const pip = d.workloads.find((w) => w.name === 'pip');
    expect(pip?.result?.state).toBe('ok');
    const ip = (pip?.result?.data as { ip: string }).ip;
    expect(ip).toMatch(/\/\d+$/);
    expect(await user.call(nodeId, 'zos.network.list_public_ips')).toEqual([ip]);
  });
});
