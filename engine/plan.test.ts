import type { Deployment, Workload } from '../model/zos/types';
import { plan, planUnit, type DesiredUnit, type ObservedUnit } from './plan';
import { decodeDeploymentData, encodeDeploymentData } from './tags';

const cost = { usdPerMonth: 1, tftPerMonth: 100 };
const GiB = 1024 ** 3;

const zdb = (size: number, mode: 'user' | 'seq' = 'user'): Omit<Workload, 'version'> => ({
  name: 'db',
  type: 'zdb',
  data: { size, mode, password: 'pw', public: false },
  metadata: '',
  description: '',
});
const disk = (size: number): Omit<Workload, 'version'> => ({
  name: 'disk',
  type: 'zmount',
  data: { size },
  metadata: '',
  description: '',
});

function deployment(workloads: Omit<Workload, 'version'>[]): Deployment {
  return {
    version: 0,
    twin_id: 7,
    contract_id: 11,
    metadata: '',
    description: '',
    expiration: 0,
    signature_requirement: {
      requests: [{ twin_id: 7, required: false, weight: 1 }],
      weight_required: 1,
      signatures: [],
      signature_style: '',
    },
    workloads: workloads.map((w) => ({ ...w, version: 0 })),
  };
}
const desired = (workloads: Omit<Workload, 'version'>[], over: Partial<DesiredUnit> = {}): DesiredUnit => ({
  unit: 'u1',
  nodeId: 1,
  publicIps: 0,
  workloads,
  cost,
  ...over,
});
const observed = (
  workloads: Omit<Workload, 'version'>[],
  over: Partial<ObservedUnit> = {},
): ObservedUnit => ({
  unit: 'u1',
  contractId: 11,
  nodeId: 1,
  publicIps: 0,
  deployment: deployment(workloads),
  cost,
  ...over,
});

describe('planUnit', () => {
  it('creates what does not exist and deletes what the manifest dropped', () => {
    expect(planUnit(desired([zdb(GiB)]), undefined)).toMatchObject({ op: 'create', unit: 'u1', nodeId: 1 });
    expect(planUnit(undefined, observed([zdb(GiB)]))).toMatchObject({ op: 'delete', contractId: 11 });
  });
  it('does nothing when the node has exactly what is wanted', () => {
    expect(planUnit(desired([zdb(GiB), disk(GiB)]), observed([zdb(GiB), disk(GiB)]))).toMatchObject({
      op: 'noop',
    });
  });
  it('updates in place when zos allows it, listing the changes', () => {
    const a = planUnit(desired([zdb(2 * GiB), disk(GiB)]), observed([zdb(GiB)]));
    expect(a).toMatchObject({ op: 'update', changes: ["change zdb 'db'", "add zmount 'disk'"] });
    const b = planUnit(desired([zdb(GiB)]), observed([zdb(GiB), disk(GiB)]));
    expect(b).toMatchObject({ op: 'update', changes: ["remove zmount 'disk'"] });
  });
  it('replaces with the reason when zos would refuse the update', () => {
    const mode = planUnit(desired([zdb(GiB, 'seq')]), observed([zdb(GiB, 'user')]));
    expect(mode).toMatchObject({ op: 'replace' });
    expect(mode && 'reasons' in mode ? mode.reasons.join() : '').toMatch(/mode/);
    const shrink = planUnit(desired([zdb(GiB)]), observed([zdb(2 * GiB)]));
    expect(shrink && 'reasons' in shrink ? shrink.reasons.join() : '').toMatch(/shrink/);
    const node = planUnit(desired([zdb(GiB)], { nodeId: 2 }), observed([zdb(GiB)]));
    expect(node).toMatchObject({ op: 'replace', reasons: ['node changed from 1 to 2'] });
    const ips = planUnit(desired([zdb(GiB)], { publicIps: 1 }), observed([zdb(GiB)]));
    expect(ips && 'reasons' in ips ? ips.reasons[0] : '').toMatch(/public ip count changed from 0 to 1/);
  });
  it('replaces a unit whose workloads the node lost or failed', () => {
    const broken = observed([zdb(GiB)]);
    broken.deployment!.workloads[0].result = {
      created: 0,
      state: 'error',
      message: 'disk failed',
      data: null,
    };
    const a = planUnit(desired([zdb(GiB)]), broken);
    expect(a).toMatchObject({ op: 'replace', reasons: ["zdb 'db' is in error on the node (disk failed)"] });
    broken.deployment!.workloads[0].result = { created: 0, state: 'deleted', message: '', data: null };
    expect(planUnit(desired([zdb(GiB)]), broken)).toMatchObject({
      op: 'replace',
      reasons: ["zdb 'db' is deleted on the node"],
    });
  });
  it('does not guess when the node does not answer', () => {
    expect(planUnit(desired([zdb(GiB)]), observed([], { deployment: undefined }))).toMatchObject({
      op: 'unreachable',
    });
  });
  it('deploys on the same contract when the node answers that it has no deployment for it', () => {
    // an apply stopped between the contract batch and the deploy: the node is fine, the contract empty
    expect(planUnit(desired([zdb(GiB)]), observed([], { deployment: null }))).toEqual({
      op: 'deploy',
      unit: 'u1',
      contractId: 11,
      nodeId: 1,
      cost,
    });
    expect(plan([desired([zdb(GiB)])], [observed([], { deployment: null })]).empty).toBe(false);
    // a contract that must move anyway is still replaced
    expect(planUnit(desired([zdb(GiB)], { nodeId: 2 }), observed([], { deployment: null }))).toMatchObject({
      op: 'replace',
    });
  });
});

describe('plan', () => {
  it('is empty when everything matches, and sums costs', () => {
    const p = plan([desired([zdb(GiB)])], [observed([zdb(GiB)])]);
    expect(p.empty).toBe(true);
    expect(p.costAfter).toEqual(cost);
  });
  it('deletes duplicate contracts of one unit, keeping the oldest', () => {
    const p = plan(
      [desired([zdb(GiB)])],
      [observed([zdb(GiB)], { contractId: 20 }), observed([zdb(GiB)], { contractId: 11 })],
    );
    expect(p.actions.map((a) => [a.op, 'contractId' in a ? a.contractId : 0])).toEqual([
      ['noop', 11],
      ['delete', 20],
    ]);
    expect(p.empty).toBe(false);
  });
});

describe('contract tags', () => {
  it('round-trips and ignores contracts of other tools', () => {
    const s = encodeDeploymentData({ project: 'demo', unit: 'node/0', kind: 'deployment' });
    expect(decodeDeploymentData(s)).toEqual({ project: 'demo', unit: 'node/0', kind: 'deployment', v: 1 });
    expect(decodeDeploymentData('{"version":3,"type":"vm","name":"x","projectName":"vm/x"}')).toBeUndefined();
    expect(decodeDeploymentData('not json')).toBeUndefined();
  });
  it('refuses data over the chain limit', () => {
    expect(() => encodeDeploymentData({ project: 'p', unit: 'x'.repeat(600), kind: 'deployment' })).toThrow(
      /over the chain's 512/,
    );
  });
});

import { dependencyLevels } from './levels';
describe('dependencyLevels', () => {
  it('orders units so that every unit comes after what it depends on', () => {
    const levels = dependencyLevels([
      { id: 'c', dependsOn: ['b'] },
      { id: 'a', dependsOn: [] },
      { id: 'b', dependsOn: ['a'] },
      { id: 'd', dependsOn: ['a'] },
    ]);
    expect(levels.map((l) => l.map((u) => u.id))).toEqual([['a'], ['b', 'd'], ['c']]);
  });
  it('refuses a cycle, naming a unit in it', () => {
    expect(() =>
      dependencyLevels([
        { id: 'x', dependsOn: ['y'] },
        { id: 'y', dependsOn: ['x'] },
      ]),
    ).toThrow(/cycle through/);
  });
});
