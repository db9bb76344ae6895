import { App, Machine, Network, NodeSelector, Zdb } from '../constructs';
import type { DeploymentUnit } from '../constructs/manifest';
import { EXAMPLE_SSH_KEY } from '../examples/lib/example-keys';
import {
  UNKNOWN,
  checkDeployment,
  inputsOfUnit,
  secretNamesOf,
  type DeploymentInputs,
  type DeploymentOutputs,
} from './deployment-inputs';
import { diffDeployment } from './deployment-diff';

function inputs(s: { sizeGb?: number; mode?: 'user' | 'seq'; cpu?: number } = {}): DeploymentInputs {
  const app = new App({ projectName: 'unit-test' });
  const node = new NodeSelector(app, 'n', { minCru: 1 });
  new Zdb(app, 'db', { node, sizeGb: s.sizeGb ?? 1, mode: s.mode ?? 'user', password: 'secret-pw' });
  new Machine(app, 'vm', {
    node,
    network: new Network(app, 'net'),
    cpu: s.cpu ?? 1,
    sshKeys: [EXAMPLE_SSH_KEY],
  });
  const { manifest, secrets } = app.synth();
  const unit = manifest.units.find((u): u is DeploymentUnit => u.kind === 'deployment')!;
  const names = secretNamesOf(unit);
  return {
    ...inputsOfUnit('unit-test', unit),
    secrets: Object.fromEntries(names.filter((n) => n in secrets).map((n) => [n, secrets[n]])),
    secretDeclarations: manifest.secrets.filter((d) => names.includes(d.name) && d.source === 'generate'),
  };
}

const deployed = (i: DeploymentInputs, nodeId = 3): DeploymentOutputs => ({
  ...i,
  nodeId,
  contractId: 9,
  version: 0,
  results: {},
  states: Object.fromEntries(i.workloads.map((w) => [w.name, 'ok'])),
});

describe('checkDeployment', () => {
  it('accepts a synthesised unit, generated secrets included', () => {
    expect(checkDeployment(inputs())).toEqual([]);
  });

  it('skips zos rules while inputs are unknown (a preview)', () => {
    const i = inputs();
    expect(checkDeployment({ ...i, refs: { other: { w: UNKNOWN } } })).toEqual([]);
  });

  it('accepts unknowns wherever an input is computed from other resources', () => {
    const i = inputs();
    const unknowns = {
      nodeId: UNKNOWN,
      refs: UNKNOWN,
      endpoints: UNKNOWN,
      secrets: UNKNOWN,
      moveReason: UNKNOWN,
    };
    expect(checkDeployment({ ...i, ...(unknowns as object) })).toEqual([]);
    // a known but wrong value is still refused
    expect(checkDeployment({ ...i, nodeId: -1 }).map((f) => f.property)).toEqual(['nodeId']);
  });

  it('reports a missing secret value against refs, naming the secret', () => {
    const f = checkDeployment({ ...inputs(), secrets: {} });
    expect(f).toEqual([
      { property: 'refs', reason: expect.stringMatching(/\$\{secret:db\.password\}.*'secrets'/) },
    ]);
  });
});

describe('diffDeployment', () => {
  it('finds no change, an in-place update, and replaces with property names', () => {
    const olds = deployed(inputs());
    expect(diffDeployment(olds, inputs())).toMatchObject({ changes: false, replaces: [] });
    expect(diffDeployment(olds, inputs({ sizeGb: 2 }))).toMatchObject({
      changes: true,
      replaces: [],
      reasons: ["change zdb 'db'"],
    });
    const machine = diffDeployment(olds, inputs({ cpu: 2 }));
    expect(machine.replaces).toEqual(['workloads']);
    expect(machine.deleteBeforeReplace).toBe(false);
    expect(diffDeployment(olds, { ...inputs(), nodeId: 4 }).replaces).toEqual(['nodeId']);
    expect(diffDeployment(olds, { ...inputs(), publicIps: 1 }).replaces).toEqual(['publicIps']);
  });

  it('says what is known after apply, and a replace it already knows', () => {
    const olds = deployed(inputs(), 3);
    const d = diffDeployment(olds, { ...inputs(), refs: UNKNOWN as never });
    expect(d).toMatchObject({ changes: true, replaces: [], reasons: ['refs: known after apply'] });
    const fixed = { ...inputs(), nodeId: UNKNOWN as never, selector: { ...inputs().selector, nodeId: 5 } };
    expect(diffDeployment(olds, fixed)).toMatchObject({
      replaces: ['nodeId'],
      reasons: expect.arrayContaining(['node changed from 3 to 5']),
    });
  });

  it('cancels the old contract first where the engine does: same hash, lost deployment', () => {
    const olds = deployed(inputs(), 3);
    // a workload in error, the same workloads on the same node: the same hash
    const broken = { ...olds, states: { ...olds.states, db: 'error' } };
    expect(diffDeployment(broken, inputs())).toMatchObject({
      replaces: ['workloads'],
      deleteBeforeReplace: true,
    });
    // lost by the node: its contract still holds the hash
    const lost = {
      ...olds,
      deployed: null,
      states: Object.fromEntries(Object.keys(olds.states).map((k) => [k, 'deleted'])),
    };
    expect(diffDeployment(lost, inputs())).toMatchObject({
      replaces: ['workloads'],
      deleteBeforeReplace: true,
    });
    // the same on another node goes first
    expect(diffDeployment(broken, { ...inputs(), nodeId: 4 })).toMatchObject({ deleteBeforeReplace: false });
    // a change zos cannot update in place, nothing shared: the new one goes first
    expect(diffDeployment(olds, inputs({ cpu: 2 }))).toMatchObject({
      replaces: ['workloads'],
      deleteBeforeReplace: false,
    });
  });

  it('keeps a scheduled node when the program gives none, and replaces a workload in error', () => {
    const olds = deployed(inputs(), 7);
    expect(diffDeployment(olds, { ...inputs(), nodeId: undefined }).changes).toBe(false);
    const broken = { ...olds, states: { ...olds.states, db: 'error' } };
    expect(diffDeployment(broken, inputs()).replaces).toEqual(['workloads']);
  });
});
