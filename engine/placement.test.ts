import { App, Machine, Network, NodeSelector } from '../constructs';
import type { DeploymentUnit } from '../constructs/manifest';
import { build as fullStack } from '../examples/full-stack';
import { EXAMPLE_SSH_KEY } from '../examples/lib/example-keys';
import { SchedulingError } from '../clients/proxy/scheduler';
import { proxyNode } from '../clients/proxy/testing';
import { needsPublicAddress } from './network-routes';
import { placeUnits } from './placement';

const GiB = 1024 ** 3;

function slot(id: string, index: number): DeploymentUnit {
  return {
    kind: 'deployment',
    id,
    selector: {
      selector: 'spread',
      index,
      filters: { minHruGb: 1 },
      distinctNodeFrom: [],
      distinctFarmFrom: [],
    },
    constructs: [],
    workloads: [],
    publicIps: 0,
    capacity: { cru: 0, mru: 0, sru: 0, hru: GiB, ipv4u: 0 },
    cost: { usdPerMonth: 0, tftPerMonth: 0 },
    dependsOn: [],
  };
}

describe('placeUnits', () => {
  // node 1 has the most free capacity: a unit placed alone would go there
  const nodes = [proxyNode(1, { total: { hru: 4000 * GiB } }), proxyNode(2), proxyNode(3)];

  it('puts a new slot beside kept ones on another node, even when their node is the roomiest', () => {
    expect(placeUnits([slot('s.2', 2)], nodes, 7).get('s.2')).toBe(1);
    const placed = placeUnits(
      [slot('s.0', 0), slot('s.1', 1), slot('s.2', 2)],
      nodes,
      7,
      new Map([
        ['s.0', 1],
        ['s.1', 2],
      ]),
    );
    expect(placed).toEqual(
      new Map([
        ['s.0', 1],
        ['s.1', 2],
        ['s.2', 3],
      ]),
    );
  });

  it('does not count a kept unit twice: a full node still holds it', () => {
    const full = [proxyNode(1, { total: { hru: 10 * GiB }, used: { hru: 10 * GiB } })];
    const big = { ...slot('s.0', 0), capacity: { cru: 0, mru: 0, sru: 0, hru: 10 * GiB, ipv4u: 0 } };
    expect(placeUnits([big], full, 7, new Map([['s.0', 1]])).get('s.0')).toBe(1);
  });
});

describe('the wireguard access rule', () => {
  const publicConfig = (i: number) => ({
    ipv4: `203.0.113.${i}/24`,
    gw4: '203.0.113.1',
    ipv6: '',
    gw6: '',
    domain: '',
  });
  function deployments(app: App): DeploymentUnit[] {
    return app.synth().manifest.units.filter((u): u is DeploymentUnit => u.kind === 'deployment');
  }
  function accessProgram(): App {
    const app = new App({ projectName: 'wg' });
    const net = new Network(app, 'net', { wireguardAccess: true });
    new Machine(app, 'vm', {
      node: new NodeSelector(app, 'n', {}),
      network: net,
      sshKeys: [EXAMPLE_SSH_KEY],
    });
    return app;
  }

  it('places the unit serving wireguard access on a node with a public config, though a hidden node is roomier', () => {
    const [unit] = deployments(accessProgram());
    expect(needsPublicAddress(unit)).toBe(true);
    const hidden = proxyNode(1, { total: { cru: 64, mru: 256 * GiB, sru: 4000 * GiB } });
    const open = proxyNode(2, { publicConfig: publicConfig(2) });
    expect(placeUnits([unit], [hidden, open], 7).get(unit.id)).toBe(2);
  });

  it('fails naming the public config when every public node is full', () => {
    const [unit] = deployments(accessProgram());
    const hidden = proxyNode(1);
    const full = proxyNode(3, { publicConfig: publicConfig(3), used: { cru: 8, mru: 16 * GiB } });
    const err = (() => {
      try {
        placeUnits([unit], [hidden, full], 7);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(SchedulingError);
    expect(err?.message).toMatch(/public config/);
  });

  it('full-stack: only the access unit asks for a public node, and it gets one while the hidden nodes are roomier', () => {
    const units = deployments(fullStack());
    const access = units.filter(needsPublicAddress).map((u) => u.id);
    expect(access).toHaveLength(1);
    // eight nodes as on the dev grid: odd ones public, the public ones already half full
    const nodes = Array.from({ length: 8 }, (_, k) => {
      const id = k + 1;
      return id % 2 === 1
        ? proxyNode(id, {
            farmId: 1 + (k % 2),
            farm_free_ips: 8,
            publicConfig: { ...publicConfig(id), domain: id === 1 ? 'gw.example' : '' },
            total: { cru: 16, mru: 64 * GiB, sru: 1024 * GiB, hru: 4096 * GiB },
            used: { cru: 8, mru: 32 * GiB, sru: 512 * GiB, hru: 2048 * GiB },
          })
        : proxyNode(id, {
            farmId: 1 + (k % 2),
            farm_free_ips: 8,
            total: { cru: 16, mru: 64 * GiB, sru: 1024 * GiB, hru: 4096 * GiB },
          });
    });
    const placed = placeUnits(units, nodes, 7);
    expect(placed.get(access[0])! % 2).toBe(1);
  });
});
