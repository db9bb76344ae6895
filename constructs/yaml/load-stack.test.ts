/**
 * Loading YAML stacks: the constructs a stack builds, and every kind of mistake reported at once with
 * file:line:col, the resource, the field, the value and the fix.
 */
import { Machine } from '../machine';
import { manifestToJson } from '../manifest';
import { Zdb } from '../zdb';
import { ValidationError } from '../errors';
import { loadStack } from './load-stack';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFRXWNVSYGXbyJ1I2qoycrR4hF2+Mirr1X0LRzIk8PGm me@host';

function stack(text: string, env: NodeJS.ProcessEnv = {}) {
  return loadStack('stack.yaml', { text, env });
}

const GOOD = `project: hello
resources:
  node:
    kind: NodeSelector
    minCru: 2
  net:
    kind: Network
  vm:
    kind: Machine
    node: node
    network: net
    sshKeys: ['\${env:SSH_PUBLIC_KEY:plain}']
    env:
      DB_PASSWORD: \${env:DB_PASSWORD}
      MODE: plain text
  db:
    kind: Zdb
    node: node
    sizeGb: \${env:DB_SIZE:plain}
    password: \${env:DB_PASSWORD}
`;
const GOOD_ENV = { SSH_PUBLIC_KEY: KEY, DB_PASSWORD: 'very-secret-pw-1', DB_SIZE: '12' };

describe('loadStack: a good stack', () => {
  test('builds the constructs it names, resolving names to constructs', () => {
    const app = stack(GOOD, GOOD_ENV);
    expect(app.validate()).toEqual([]);
    expect(app.projectName).toBe('hello');
    const vm = app.resource('vm') as Machine;
    expect(vm).toBeInstanceOf(Machine);
    expect(vm.network).toBe(app.resource('net'));
    expect((app.resource('db') as Zdb).sizeGb).toBe(12); // a whole ${env:...} in a number field is a number
  });

  test('secrets from the environment stay out of the manifest; plain values go in', () => {
    const { manifest, secrets } = stack(GOOD, GOOD_ENV).synth();
    const json = manifestToJson(manifest);
    expect(json).not.toContain('very-secret-pw-1');
    expect(json).toContain('plain text');
    expect(json).toContain(KEY);
    expect(Object.values(secrets).filter((v) => v === 'very-secret-pw-1')).toHaveLength(2); // zdb and env
  });

  test('${env:NAME:-default} is used when NAME is unset, $${env: is literal', () => {
    const text = GOOD.replace('${env:DB_SIZE:plain}', '${env:DB_SIZE:plain:-3}').replace(
      'MODE: plain text',
      () => "MODE: 'cost $${env:X}'",
    );
    const app = stack(text, { SSH_PUBLIC_KEY: KEY, DB_PASSWORD: 'very-secret-pw-1' });
    expect(app.validate()).toEqual([]);
    expect((app.resource('db') as Zdb).sizeGb).toBe(3);
    expect(manifestToJson(app.synth().manifest)).toContain('cost $${env:X}'); // literal `$` doubled in manifest form
  });
});

describe('loadStack: mistakes, all reported at once with positions and fixes', () => {
  test('YAML syntax errors name the line and column', () => {
    const problems = stack('project: p\nresources:\n  a:\n    kind: Network\n   b: [1\n').validate();
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).toMatch(/^stack\.yaml:\d+:\d+: YAML syntax: .+: .+/);
    expect(problems[0]).toMatch(/^stack\.yaml:5:/);
    const dup = stack(
      'project: p\nresources:\n  a:\n    kind: Network\n  a:\n    kind: Network\n',
    ).validate();
    expect(dup).toEqual([
      expect.stringMatching(
        /^stack\.yaml:5:3: YAML syntax: .*unique.*: give each key \(and each resource name\) once$/,
      ),
    ]);
  });

  test('unknown kinds and keys, with did you mean', () => {
    const problems = stack(`project: p
netwrk: local
resources:
  node:
    kind: NodeSelectr
  net:
    kind: Network
    ipRnage: 10.1.0.0/16
  vm:
    kind: Machine
    node: node
    network: net
    disks:
      - { sizeGB: 1, mountpoint: /data }
    flist: { url: 'https://hub.grid.tf/x/y.flist', md4: abc }
  k8s:
    kind: KubernetesCluster
    network: net
    token: abcdefgh
    master: { node: node, cpus: 2 }
  other:
    foo: 1
`).validate();
    expect(problems).toEqual([
      `stack.yaml:2:1: stack 'netwrk' is not a stack field, got "local": did you mean 'network'?`,
      `stack.yaml:5:11: node: 'kind' must be a resource kind, got "NodeSelectr": did you mean 'NodeSelector'?`,
      `stack.yaml:8:5: net: Network 'ipRnage' is not a field of Network, got "10.1.0.0/16": did you mean 'ipRange'?`,
      `stack.yaml:14:11: vm: Machine 'disks[0].sizeGB' is not a field of Machine disks[0], got 1: did you mean 'sizeGb'?`,
      `stack.yaml:15:52: vm: Machine 'flist.md4' is not a field of Machine flist, got "abc": did you mean 'md5'?`,
      `stack.yaml:20:27: k8s: KubernetesCluster 'master.cpus' is not a field of KubernetesCluster master, got 2: did you mean 'cpu'?`,
      `stack.yaml:21:3: other: 'kind' must be a resource kind, got nothing: add kind: one of NodeSelector, Network, PublicIp, Machine, Disk, Zdb, ZstorCluster, Qsfs, KubernetesCluster, GatewayName, GatewayFqdn, DaoProposal, DaoVote`,
    ]);
  });

  test('wrong types and bad values come from the constructs, placed at the value', () => {
    const problems = stack(`project: Bad Name
resources:
  node:
    kind: NodeSelector
  db:
    kind: Zdb
    node: node
    sizeGb: ten
    mode: fast
  k8s:
    kind: KubernetesCluster
    network: net
    token: abcdefgh
    master: { node: node, memoryMb: 10 }
  net:
    kind: Network
`).validate();
    expect(problems).toEqual([
      `stack.yaml:1:10: stack 'project' must be 1 to 32 characters of [a-z0-9-], starting with a letter or digit, got "Bad Name": set project to something like "my-project"`,
      `stack.yaml:8:13: db: zdb 'sizeGb' must be a positive number of GiB, got "ten": set sizeGb to 1 or more`,
      `stack.yaml:9:11: db: zdb 'mode' must be 'user' or 'seq', got "fast": set mode to 'user' (key-value) or 'seq' (append-only)`,
      `stack.yaml:14:37: k8s/master: machine 'memoryMb' must be an integer from 250 to 8589934591, got 10: set memoryMb to 250 or more`,
    ]);
  });

  test('names that name nothing, or a resource of another kind', () => {
    const problems = stack(`project: p
resources:
  node:
    kind: NodeSelector
  net:
    kind: Network
  app:
    kind: Machine
    node: node
    network: nett
  gw:
    kind: GatewayName
    node: net
    name: myapp
    network: net
    backends:
      - { machine: ap, port: 80 }
`).validate();
    expect(problems).toEqual([
      `stack.yaml:10:14: app: Machine 'network' must name a Network resource of this stack, got "nett" (no resource has that name): did you mean 'net'?`,
      `stack.yaml:13:11: gw: GatewayName 'node' must name a NodeSelector resource of this stack, got "net" (a Network): name one of node`,
      `stack.yaml:17:20: gw: GatewayName 'backends[0].machine' must name a Machine resource of this stack, got "ap" (no resource has that name): did you mean 'app'?`,
    ]);
  });

  test('reference cycles name every link', () => {
    const problems = stack(`project: p
resources:
  ip:
    kind: PublicIp
    node: vm
  vm:
    kind: Machine
    node: sel
    network: net
    publicIp: ip
  sel:
    kind: NodeSelector
  net:
    kind: Network
`).validate();
    expect(problems).toEqual([
      `stack.yaml:5:11: ip: PublicIp 'node' must name a NodeSelector resource of this stack, got "vm" (a Machine): name one of sel`,
      `stack.yaml:5:11: ip: PublicIp 'node' names "vm", which closes a reference cycle (ip -> vm -> ip): remove one of these references; a resource cannot depend on itself`,
      `stack.yaml:10:15: vm: Machine 'publicIp' names "ip", which closes a reference cycle (ip -> vm -> ip): remove one of these references; a resource cannot depend on itself`,
    ]);
  });

  test('a missing environment variable, and a malformed one', () => {
    const problems = stack(GOOD.replace('MODE: plain text', 'MODE: ${env:bad name}'), {
      SSH_PUBLIC_KEY: KEY,
      DB_SIZE: '1',
    }).validate();
    expect(problems).toEqual([
      `stack.yaml:14:20: vm: Machine 'env.DB_PASSWORD' reads \${env:DB_PASSWORD}, which is not set: export DB_PASSWORD before running tfgrid (or give a default: \${env:DB_PASSWORD:-value})`,
      `stack.yaml:15:13: vm: Machine 'env.MODE' reads \${env:bad name}, which is not a variable: write \${env:NAME}, \${env:NAME:plain} or \${env:NAME:-default}, or $\${env: for a literal \${env:`,
      `stack.yaml:20:15: db: Zdb 'password' reads \${env:DB_PASSWORD}, which is not set: export DB_PASSWORD before running tfgrid (or give a default: \${env:DB_PASSWORD:-value})`,
    ]);
  });

  test('a secret value is never shown, and one that would be written in plain is refused', () => {
    const text = GOOD.replace("'${env:SSH_PUBLIC_KEY:plain}'", "'${env:SSH_PUBLIC_KEY}'");
    const problems = stack(text, GOOD_ENV).validate();
    expect(problems).toEqual([
      `stack.yaml:12:15: vm: Machine 'sshKeys[0]' is not a secret field: the value of \${env:SSH_PUBLIC_KEY} (a secret, not shown) would be written in plain in the manifest: if it is not a secret, write \${env:SSH_PUBLIC_KEY:plain}; else give it to a secret field (a password, a token, a machine's env)`,
    ]);
    const bad = stack(GOOD, { ...GOOD_ENV, DB_PASSWORD: 'has a space in it' }).validate();
    expect(bad).toEqual([
      `stack.yaml:20:15: db: zdb 'password' must be 1 to 128 characters without spaces, got (a secret value, not shown): choose another password or leave it out`,
    ]);
    const shown = stack(text.replace('minCru: 2', 'minCru: ${env:DB_PASSWORD}'), GOOD_ENV).validate();
    expect(shown.join('\n')).not.toContain('very-secret-pw-1');
    expect(shown.join('\n')).toContain("node: node selector 'minCru' must be a number");
  });

  test('synth throws every problem at once', () => {
    const app = stack(`project: p
resources:
  db:
    kind: Zdb
    node: nowhere
    sizeGb: -1
    colour: red
`);
    expect(() => app.synth()).toThrow(ValidationError);
    try {
      app.synth();
    } catch (e) {
      expect((e as ValidationError).problems).toEqual([
        `stack.yaml:5:11: db: Zdb 'node' must name a NodeSelector resource of this stack, got "nowhere" (no resource has that name): add a NodeSelector resource named nowhere`,
        `stack.yaml:6:13: db: zdb 'sizeGb' must be a positive number of GiB, got -1: set sizeGb to 1 or more`,
        `stack.yaml:7:5: db: Zdb 'colour' is not a field of Zdb, got "red": use one of the fields: node, sizeGb, mode, password, public, name`,
      ]);
    }
  });

  test('a file that is not a stack', () => {
    expect(stack('- a\n- b\n').validate()).toEqual([
      `stack.yaml:1:1: the stack must be a map with 'project' and 'resources', got ["a","b"]: start from the example in docs/yaml.md`,
    ]);
    expect(stack('project: p\n').validate()).toEqual([
      `stack.yaml:1:1: stack 'resources' is missing: add resources: with at least one resource (docs/yaml.md)`,
    ]);
  });
});
