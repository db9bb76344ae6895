import type { DeploymentUnit } from '../../constructs/manifest';
import { proxyNode } from '../proxy/testing';
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
