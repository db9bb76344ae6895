import { App, Machine, Network, NodeSelector, Zdb } from '../../constructs';
import type { DeploymentUnit } from '../../constructs/manifest';
import { EXAMPLE_SSH_KEY } from '../../examples/lib/example-keys';
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

  it('keeps a scheduled node when the program gives none, and replaces a workload in error', () => {
    const olds = deployed(inputs(), 7);
    expect(diffDeployment(olds, { ...inputs(), nodeId: undefined }).changes).toBe(false);
    const broken = { ...olds, states: { ...olds.states, db: 'error' } };
    expect(diffDeployment(broken, inputs()).replaces).toEqual(['workloads']);
  });
});
