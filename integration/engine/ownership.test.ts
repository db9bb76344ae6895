/**
 * What a project owns, on a dev grid: name contracts belong to the project that recorded them
 * (TFKVStore record written with the contract), so another project of the same account neither
 * lists, plans, adopts nor cancels them; a name contract without a record is claimed by the
 * project that declares it and cancelled by no one else. Deployment hashes carry a salt derived
 * from the account secret, so another twin cannot create our contract first.
 */
import { App, GatewayName, Machine, Network, NodeSelector, Zdb } from '../../constructs';
import type { DeploymentUnit } from '../../constructs/manifest';
import { ApplyError } from '../../engine/apply-run';
import { newDeployment } from '../../engine/deployments';
import { resolveUnit } from '../../constructs/resolve';
import { saltedDescription } from '../../engine/secrets';
import { encodeDeploymentData } from '../../engine/tags';
import { TfchainClient } from '../../clients/chain/tfchain-client';
import { Engine } from '../../engine/engine';
import { observe } from '../../engine/observe';
import { nameRecordKey, NameHeldError, NAME_RECORD_PREFIX } from '../../engine/ownership';
import { EXAMPLE_SSH_KEY } from '../../examples/lib/example-keys';
import { useDevGrid } from '../support/dev-grid';

jest.setTimeout(180_000);

const fx = useDevGrid({ nodes: 3, farms: 1 });

/** A machine behind a name gateway `name`, in project `project`. */
function gatewayProgram(project: string, name: string): App {
  const app = new App({ projectName: project });
  const net = new Network(app, 'net');
  const vm = new Machine(app, 'vm', {
    node: new NodeSelector(app, 'compute', { minCru: 1 }),
    network: net,
    sshKeys: [EXAMPLE_SSH_KEY],
  });
  new GatewayName(app, 'web', {
    node: new NodeSelector(app, 'gateway', { domain: true }),
    name,
    network: net,
    backends: [{ machine: vm, port: 8080 }],
  });
  return app;
}

const engineFor = () => new Engine(fx.backend, { timeoutMs: 60_000, pollMs: 100 });
const liveName = async (id: number) =>
  (await new TfchainClient(fx.backend.api, fx.backend.pair).getContract(id))?.state;
const records = async () => fx.backend.kvEntries(NAME_RECORD_PREFIX);

describe('name contracts belong to a project', () => {
  it("project B cannot plan, adopt or cancel project A's name", async () => {
    const engine = engineFor();
    const a = await engine.apply(gatewayProgram('own-a', 'myapp').synth());
    const nameId = a.names.myapp;
    expect(nameId).toBeGreaterThan(0);
    expect((await records()).get(nameRecordKey('myapp'))).toBe('own-a');

    // B declares the same name: a plan error naming A, nothing sent
    const b = gatewayProgram('own-b', 'myapp').synth();
    const err = await engine.plan(b).catch((e) => e);
    expect(err).toBeInstanceOf(NameHeldError);
    expect(err.message).toMatch(/name 'myapp' is held by project 'own-a' of this account/);
    await expect(engine.apply(b)).rejects.toThrow(/held by project 'own-a'/);
    expect((await observe(fx.backend, 'own-b')).deployments).toEqual([]);

    // B neither lists nor cancels it
    expect([...(await observe(fx.backend, 'own-b')).names]).toEqual([]);
    expect((await engine.destroy('own-b')).cancelled).toEqual([]);
    expect(await liveName(nameId)).toBe('created');
    expect([...(await observe(fx.backend, 'own-a')).names]).toEqual([['myapp', nameId]]);

    // A's destroy takes its name and the record with it
    const { cancelled } = await engine.destroy('own-a');
    expect(cancelled).toContain(nameId);
    expect(await liveName(nameId)).toBeUndefined();
    expect((await records()).has(nameRecordKey('myapp'))).toBe(false);
  });

  it('a name contract without a record is claimed by the project that declares it, and by no other', async () => {
    const chain = new TfchainClient(fx.backend.api, fx.backend.pair);
    const legacy = await chain.createNameContract('legacyname');
    const engine = engineFor();
    // another project does not see it and its destroy leaves it
    expect((await engine.destroy('own-other')).cancelled).toEqual([]);
    expect(await liveName(legacy)).toBe('created');

    const c = gatewayProgram('own-c', 'legacyname').synth();
    const plan = await engine.plan(c);
    expect(plan.names).toEqual([{ name: 'legacyname', op: 'claim' }]);
    const applied = await engine.apply(c);
    expect(applied.names.legacyname).toBe(legacy);
    expect(applied.actions).toContainEqual({ unit: 'name:legacyname', op: 'claim-name', contractId: legacy });
    expect((await records()).get(nameRecordKey('legacyname'))).toBe('own-c');
    expect((await engine.plan(c)).empty).toBe(true);

    // dropping the gateway from the program cancels the name it owns
    const withoutGateway = new App({ projectName: 'own-c' });
    new Machine(withoutGateway, 'vm', {
      node: new NodeSelector(withoutGateway, 'compute', { minCru: 1 }),
      network: new Network(withoutGateway, 'net'),
      sshKeys: [EXAMPLE_SSH_KEY],
    });
    expect((await engine.plan(withoutGateway.synth())).names).toEqual([{ name: 'legacyname', op: 'delete' }]);
    await engine.destroy('own-c');
    expect(await liveName(legacy)).toBeUndefined();
    expect((await records()).size).toBe(0);
  });
});

describe('deployment hashes cannot be predicted by others', () => {
  const zdbProgram = () => {
    const app = new App({ projectName: 'own-salt' });
    new Zdb(app, 'db', { node: new NodeSelector(app, 'n', { nodeId: 1 }), sizeGb: 1, mode: 'seq' });
    return app.synth();
  };

  /** The hash of our deployment of the zdb unit: as anyone could compute it without the salt, and ours. */
  async function hashes(): Promise<{ unsalted: string; salted: string }> {
    const engine = engineFor();
    const synth = zdbProgram();
    const p = await engine.prepare(synth);
    const unit = p.synth.manifest.units.find((u): u is DeploymentUnit => u.kind === 'deployment')!;
    const workloads = resolveUnit(unit, engine.resolveContext(p, engine.observedResults(p)));
    const metadata = encodeDeploymentData({ project: 'own-salt', unit: unit.id, kind: 'deployment' });
    const b = fx.backend;
    const salt = saltedDescription(b.accountSecret, 'own-salt');
    return {
      unsalted: newDeployment(b.twinId, metadata, workloads, b.signer).hash,
      salted: newDeployment(b.twinId, metadata, workloads, b.signer, salt).hash,
    };
  }

  it('a contract another twin made with the unsalted hash does not block us, and is never adopted', async () => {
    const squatter = await fx.connect(`${fx.grid.mnemonic.split('//')[0]}//Charlie`);
    const { unsalted, salted } = await hashes();
    expect(salted).not.toBe(unsalted);
    const [squatted] = await squatter.createContracts([
      { type: 'node', nodeId: 1, deploymentHash: unsalted, deploymentData: '', publicIps: 0 },
    ]);
    const engine = engineFor();
    const res = await engine.apply(zdbProgram());
    const ours = Object.values(res.outputs)[0];
    expect(ours.contractId).not.toBe(squatted);
    const onChain = await new TfchainClient(fx.backend.api, fx.backend.pair).getContract(ours.contractId);
    expect(onChain).toMatchObject({ twinId: fx.backend.twinId, deploymentHash: salted });
    expect((await observe(fx.backend, 'own-salt')).deployments.map((d) => d.contractId)).toEqual([
      ours.contractId,
    ]);
    await engine.destroy('own-salt');
    await squatter.cancelContracts([squatted]);
  });

  it('a squatted hash fails the apply, never adopted, and the hint never says to reuse it', async () => {
    const squatter = await fx.connect(`${fx.grid.mnemonic.split('//')[0]}//Dave`);
    // only a holder of the account secret can compute this: the test plays a leaked secret
    const { salted } = await hashes();
    const [squatted] = await squatter.createContracts([
      { type: 'node', nodeId: 1, deploymentHash: salted, deploymentData: '', publicIps: 0 },
    ]);
    const err = await engineFor()
      .apply(zdbProgram())
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApplyError);
    expect(err.message).toMatch(/ContractIsNotUnique/);
    expect(err.message).toMatch(/if another twin holds it, never use it/);
    expect(err.message).not.toMatch(/reuse it/);
    expect((await observe(fx.backend, 'own-salt')).deployments).toEqual([]);
    expect((await engineFor().plan(zdbProgram())).actions.map((a) => a.op)).toEqual(['create']);
    await squatter.cancelContracts([squatted]);
  });
});
