/**
 * YAML stacks through the real `tfgrid` process on a dev grid: a stack with every resource kind is
 * synthesised, planned, applied, re-planned to no change, refreshed, listed and destroyed; a farm's
 * vote on its proposal is a second stack applied by the farm's owner (a proposal needs a council
 * member, a vote the farm's owner: one account is not both). A bad stack gives every problem at
 * once with file:line:col and nothing is sent.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KIND_NAMES } from '../../constructs/yaml/kinds';
import { DEV_MNEMONIC } from '../../model/config/networks';

jest.setTimeout(600_000);

const ROOT = path.join(__dirname, '..', '..');
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFRXWNVSYGXbyJ1I2qoycrR4hF2+Mirr1X0LRzIk8PGm me@laptop';
let dir: string;
let env: NodeJS.ProcessEnv;

function tfgrid(
  args: string[],
  extra: NodeJS.ProcessEnv = {},
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'tfgrid.js'), ...args], {
    cwd: dir,
    env: { ...env, ...extra },
    encoding: 'utf8',
    timeout: 500_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Every kind but DaoVote (see the file comment). */
const EVERYTHING = `# yaml-language-server: $schema=${ROOT}/stack.schema.json
project: yaml-everything
network: local
resources:
  net:
    kind: Network
    ipRange: 10.40.0.0/16
    mycelium: true
  compute:
    kind: NodeSelector
    minCru: 2
    publicIpv4: true
  storage:
    kind: NodeSelector
    minHruGb: 20
  k8s-nodes:
    kind: NodeSelector
    minCru: 1
    distinct: true
  gateway:
    kind: NodeSelector
    domain: true
  app:
    kind: Machine
    node: compute
    network: net
    flist: ubuntu22
    memoryMb: 1024
    sshKeys: ['\${env:SSH_PUBLIC_KEY:plain}']
    env:
      API_TOKEN: \${env:API_TOKEN}
    disks:
      - { id: data, sizeGb: 2, mountpoint: /data }
    publicIpv4: true
  files-ip:
    kind: PublicIp
    v4: false
    v6: true
  files:
    kind: Machine
    node: compute
    network: net
    memoryMb: 512
    publicIp: files-ip
  extra:
    kind: Disk
    machine: files
    sizeGb: 1
    mountpoint: /extra
  cache:
    kind: Zdb
    node: compute
    sizeGb: 1
    password: \${env:CACHE_PASSWORD}
  archive:
    kind: ZstorCluster
    nodes: storage
    dataShards: 2
    parityShards: 1
    zdbSizeGb: 1
  archive-fs:
    kind: Qsfs
    machine: files
    mountpoint: /archive
    cacheGb: 1
    zstor: archive
  k8s:
    kind: KubernetesCluster
    network: net
    token: \${env:K3S_TOKEN}
    master: { node: k8s-nodes, cpu: 1, memoryMb: 1024, diskGb: 2 }
    workers:
      - { node: k8s-nodes, cpu: 1, memoryMb: 1024, diskGb: 2 }
  web:
    kind: GatewayName
    node: gateway
    name: yamlweb
    network: net
    backends:
      - { machine: app, port: 8080 }
  site:
    kind: GatewayFqdn
    node: gateway
    fqdn: yaml.example.com
    network: net
    backends:
      - { machine: app, port: 8080 }
  certify:
    kind: DaoProposal
    action: { pallet: tfgridModule, call: setFarmCertification, args: [1, Gold] }
    description: Certify farm 1 (from a YAML stack)
    link: https://forum.threefold.io/t/yaml-stack
    threshold: 1
`;

const voteStack = (hash: string): string => `project: yaml-vote
resources:
  farm1-yes:
    kind: DaoVote
    farmId: 1
    proposal: '${hash}'
    approve: true
`;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yaml-it-'));
  env = {
    ...process.env,
    TFGRID_DEVGRID_DIR: path.join(dir, 'devgrid'),
    SSH_PUBLIC_KEY: KEY,
    API_TOKEN: 'api-token-never-shown',
    CACHE_PASSWORD: 'cache-password-never-shown',
    K3S_TOKEN: 'k3s-token-never-shown',
  };
  delete env.TFGRID_MNEMONIC;
  fs.writeFileSync(path.join(dir, 'everything.yaml'), EVERYTHING);
  const up = tfgrid(['devgrid', 'up', '--detach', '--data-dir', env.TFGRID_DEVGRID_DIR!]);
  expect(up.stderr).toBe('');
  expect(up.code).toBe(0);
});

afterAll(() => {
  if (!dir) return;
  tfgrid(['devgrid', 'down', '--data-dir', env.TFGRID_DEVGRID_DIR!]);
  fs.rmSync(dir, { recursive: true, force: true });
});

it('a stack with every kind applies, re-plans to no change, refreshes clean and destroys', () => {
  const kinds = new Set([...EVERYTHING.matchAll(/kind: (\w+)/g)].map((m) => m[1]));
  expect([...KIND_NAMES].filter((k) => !kinds.has(k))).toEqual(['DaoVote']); // the vote: next test

  const synth = tfgrid(['synth', 'everything.yaml', '--quiet']);
  expect(synth.code).toBe(0);
  const manifest = JSON.parse(synth.stdout);
  expect(manifest.project).toBe('yaml-everything');
  for (const secret of ['api-token-never-shown', 'cache-password-never-shown', 'k3s-token-never-shown'])
    expect(synth.stdout).not.toContain(secret);
  expect(tfgrid(['validate', 'everything.yaml'])).toMatchObject({
    code: 0,
    stdout: 'everything.yaml: valid\n',
  });

  const plan = tfgrid(['plan', 'everything.yaml', '--json', '--detailed-exitcode']);
  expect(plan.code).toBe(3);

  const apply = tfgrid(['apply', 'everything.yaml', '--yes', '--json']);
  expect(apply.stderr).not.toMatch(/never-shown/);
  expect(apply.code).toBe(0);
  const applied = JSON.parse(apply.stdout);
  const deployments = manifest.units.filter((u: { kind: string }) => u.kind === 'deployment');
  expect(Object.keys(applied.outputs).sort()).toEqual(deployments.map((u: { id: string }) => u.id).sort());
  expect(applied.proposals['dao:certify']).toMatch(/^0x[0-9a-f]{64}$/);
  fs.writeFileSync(path.join(dir, 'vote.yaml'), voteStack(applied.proposals['dao:certify']));

  expect(tfgrid(['plan', 'everything.yaml', '--detailed-exitcode']).code).toBe(0);
  expect(tfgrid(['refresh', 'everything.yaml']).code).toBe(0);
  const status = JSON.parse(tfgrid(['status', 'everything.yaml', '--json']).stdout);
  expect(status.units).toHaveLength(deployments.length);
  expect(status.names).toHaveProperty('yamlweb');

  const destroy = tfgrid(['destroy', 'everything.yaml', '--yes', '--json']);
  expect(destroy.code).toBe(0);
  expect(JSON.parse(destroy.stdout).cancelled.length).toBeGreaterThanOrEqual(deployments.length);
  const after = JSON.parse(tfgrid(['status', 'everything.yaml', '--json']).stdout);
  expect(after.units).toEqual([]);
  expect(after.names).toEqual({});
});

it("a farm's vote, applied by the farm's owner, then re-planned to no change", () => {
  const farmer = { TFGRID_MNEMONIC: `${DEV_MNEMONIC}//farmer/1` };
  const apply = tfgrid(['apply', 'vote.yaml', '--yes', '--json'], farmer);
  expect({ code: apply.code, stderr: apply.stderr.includes('Error') ? apply.stderr : '' }).toEqual({
    code: 0,
    stderr: '',
  });
  expect(JSON.parse(apply.stdout).actions).toEqual([expect.objectContaining({ op: 'vote' })]);
  expect(tfgrid(['plan', 'vote.yaml', '--detailed-exitcode'], farmer).code).toBe(0);
  expect(tfgrid(['destroy', 'vote.yaml', '--yes'], farmer).code).toBe(0);
});

it('a bad stack: every problem at once with file:line:col, exit 1, nothing sent', () => {
  const bad = EVERYTHING.replace('minCru: 2', 'minCru: two')
    .replace('memoryMb: 512', 'memoryMB: 512')
    .replace('kind: Disk', 'kind: Disc')
    .replace('machine: files\n    mountpoint: /archive', 'machine: filez\n    mountpoint: /archive')
    .replace('${env:K3S_TOKEN}', '${env:NO_SUCH_TOKEN}')
    .replace('v6: true', 'v6: true\n    node: files');
  fs.writeFileSync(path.join(dir, 'bad.yaml'), bad);
  for (const command of ['validate', 'plan', 'apply']) {
    const r = tfgrid(command === 'apply' ? [command, 'bad.yaml', '--yes'] : [command, 'bad.yaml']);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('- bad.yaml:'));
    expect(lines.map((l) => l.replace(/^- (bad\.yaml:\d+:\d+): .*/, '$1'))).toEqual([
      'bad.yaml:11:13',
      'bad.yaml:39:11',
      'bad.yaml:39:11',
      'bad.yaml:44:5',
      'bad.yaml:45:15',
      'bad.yaml:47:11',
      'bad.yaml:64:14',
      'bad.yaml:71:12',
    ]);
    expect(r.stderr).toMatch(/compute: node selector 'minCru' must be a number .*got "two"/);
    expect(r.stderr).toMatch(/'memoryMB' is not a field of Machine, got 512: did you mean 'memoryMb'\?/);
    expect(r.stderr).toMatch(/'kind' must be a resource kind, got "Disc": did you mean 'Disk'\?/);
    expect(r.stderr).toMatch(/'machine' must name a Machine resource .*got "filez".*did you mean 'files'\?/);
    expect(r.stderr).toMatch(/reads \$\{env:NO_SUCH_TOKEN\}, which is not set: export NO_SUCH_TOKEN/);
    expect(r.stderr).toMatch(/reference cycle \(files-ip -> files -> files-ip\)/);
  }
  // nothing was sent: the project (the same as everything.yaml's) has no contract
  expect(JSON.parse(tfgrid(['status', 'everything.yaml', '--json']).stdout).units).toEqual([]);
});
