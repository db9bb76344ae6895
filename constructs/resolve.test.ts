/**
 * Placeholders come only from constructs: text of the program is taken literally wherever it goes
 * (env, entrypoint, description; gateway backends only accept `http://<ip>[:port]`), and
 * references a construct handed out resolve, also inside the program's own strings.
 */
import { App, GatewayName, Machine, Network, NodeSelector, Zdb } from './';
import { manifestToJson, type DeploymentUnit, type SynthResult } from './manifest';
import { resolveUnit, UnresolvedError, type ResolveContext } from './resolve';
import { secretValues } from '../engine/secrets';
import { wireguardPublicKey, WireguardPublicKeys } from '../model/zos/wireguard-key';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAITestKey me@test';
const INJECTED = 'x ${secret:db.password}';

function build(): SynthResult {
  const app = new App({ projectName: 'literal' });
  const node = new NodeSelector(app, 'n', { nodeId: 7 });
  const db = new Zdb(app, 'db', { node, sizeGb: 1, mode: 'user', password: 'zdb-secret-pw' });
  const net = new Network(app, 'net');
  const vm = new Machine(app, 'vm', {
    node,
    network: net,
    sshKeys: [KEY],
    env: { A: INJECTED, B: `redis://${db.ref('address')}/0`, C: 'costs $5 and ${HOME}' },
    entrypoint: '/bin/sh -c "echo ${secret:db.password} ${ref:node-7/db/address}"',
    description: 'desc ${secret:db.password}',
  });
  new GatewayName(app, 'web', {
    node,
    name: 'literalgw',
    network: net,
    backends: [{ machine: vm, port: 8080 }],
  });
  return app.synth();
}

const results = new Map([['node-7', new Map([['db', { IPs: ['10.1.1.1'], Port: 9900 }]])]]);

function resolved(synth: SynthResult) {
  const unit = synth.manifest.units.find((u): u is DeploymentUnit => u.kind === 'deployment')!;
  const secrets = secretValues(synth.manifest, synth.secrets, 'an account secret');
  const ctx: ResolveContext = { secrets, results, endpoint: () => '1.2.3.4:3011' };
  const byName = Object.fromEntries(resolveUnit(unit, ctx).map((w) => [w.name, w]));
  return { unit, byName };
}

describe('placeholders come only from constructs', () => {
  it('takes program text literally in env, entrypoint and description', () => {
    const { byName } = resolved(build());
    const vm = byName.vm;
    const env = (vm.data as { env: Record<string, string> }).env;
    expect(env.A).toBe(INJECTED);
    expect(env.C).toBe('costs $5 and ${HOME}');
    expect(vm.data.entrypoint).toBe('/bin/sh -c "echo ${secret:db.password} ${ref:node-7/db/address}"');
    expect(vm.description).toBe('desc ${secret:db.password}');
    expect(env.A).not.toContain('zdb-secret-pw');
    // the zdb itself does get its password: that placeholder is the construct's
    expect(byName.db.data.password).toBe('zdb-secret-pw');
  });

  it("resolves references a construct handed out, also inside the program's strings", () => {
    const synth = build();
    const { unit, byName } = resolved(synth);
    expect((byName.vm.data as { env: Record<string, string> }).env.B).toBe('redis://10.1.1.1:9900/0');
    // only the construct's reference is listed: the typed one is text
    expect(synth.manifest.references.filter((r) => r.from.workload === 'vm')).toEqual([
      {
        from: { unit: unit.id, workload: 'vm', path: 'data.env.B' },
        to: { unit: 'node-7', workload: 'db', field: 'address' },
      },
    ]);
    const secrets = secretValues(synth.manifest, synth.secrets, 'an account secret');
    const missing = { secrets, results: new Map(), endpoint: () => '' };
    expect(() => resolveUnit(unit, missing)).toThrow(UnresolvedError);
  });

  it('writes the same manifest every time (no nonce in it)', () => {
    const a = manifestToJson(build().manifest);
    expect(manifestToJson(build().manifest)).toBe(a);
    expect(a).not.toMatch(/tfgrid-[0-9a-f]{16}:/);
    expect(a).toContain('x $${secret:db.password}');
  });
});

describe('wireguard public keys', () => {
  function mesh(nodes: number): SynthResult {
    const app = new App({ projectName: 'keys' });
    const net = new Network(app, 'net');
    for (let i = 0; i < nodes; i++)
      new Machine(app, `vm${i}`, {
        node: new NodeSelector(app, `n${i}`, { nodeId: i + 1 }),
        network: net,
        sshKeys: [KEY],
      });
    return app.synth();
  }

  it('are derived once per run, whatever the number of peers naming them, with the same result', () => {
    const synth = mesh(5);
    const units = synth.manifest.units.filter((u): u is DeploymentUnit => u.kind === 'deployment');
    const secrets = secretValues(synth.manifest, synth.secrets, 'an account secret');
    const keys = new WireguardPublicKeys();
    const shared: ResolveContext = { secrets, results, endpoint: () => '1.2.3.4:3011', wireguardKeys: keys };
    const once = units.map((u) => resolveUnit(u, shared));
    // five network keys, each named by the four other nodes' peers: derived five times, not 25
    expect(keys.derivations).toBe(5);
    const apart = units.map((u) => resolveUnit(u, { secrets, results, endpoint: () => '1.2.3.4:3011' }));
    expect(once).toEqual(apart);
    const peers = (
      once[0].find((w) => w.type === 'network')!.data as { peers: { wireguard_public_key: string }[] }
    ).peers;
    expect(peers).toHaveLength(4);
    const wgKeyOf = (i: number) =>
      units[i].workloads.find((w) => w.type === 'network')!.data.wireguard_private_key;
    expect(peers[0].wireguard_public_key).toBe(
      wireguardPublicKey(secrets[String(wgKeyOf(1)).replace(/^\$\{secret:(.*)\}$/, '$1')]),
    );
  });
});
