/**
 * The dev grid keeps its state in its data dir: closed and started again on the same dir, the
 * chain still has the contracts, the nodes still have the deployments, a zdb keeps its data and
 * its port, a machine keeps its files and answers SSH again.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Redis from 'ioredis';
import { startDevGrid, type DevGrid } from '../../devgrid/grid';
import { generateSshKeyPair } from '../../devgrid/sandbox/ssh-keys';
import type { Deployment, ZdbResult, ZmachineResult } from '../../model/zos/types';
import { GridUser, resultOf } from './grid-user';
import { sshExec } from './net-clients';
import * as W from './workloads';

jest.setTimeout(90_000);

let dir: string;
let grid: DevGrid | undefined;
let user: GridUser | undefined;
const ssh = generateSshKeyPair('it-restart');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devgrid-restart-it-'));
  grid = await startDevGrid({ dataDir: dir, nodes: 2, farms: 1 });
  user = await GridUser.connect(grid, grid.mnemonic);
});

afterAll(async () => {
  await user?.close();
  await grid?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  await new Promise((r) => setTimeout(r, 1500));
});

function redisAt(r: ZdbResult): Redis {
  return new Redis({
    host: r.IPs[0],
    port: r.Port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableReadyCheck: false,
  });
}

it('keeps contracts, deployments, zdb data and port, and machine files across a restart', async () => {
  const nodeId = grid!.nodes[1].nodeId;
  const d = await user!.deploy(nodeId, [
    W.network('net', '10.20.2.0/24', 7100),
    W.volume('vol', W.GiB),
    W.machine('vm', {
      network: 'net',
      ip: '10.20.2.2',
      sshKey: ssh.publicKeyLine,
      mounts: [{ name: 'vol', mountpoint: '/vol' }],
    }),
    W.zdb('db', { password: 'restart-pw' }),
  ]);
  const z = resultOf<ZdbResult>(d, 'db');
  const vm = resultOf<ZmachineResult>(d, 'vm');
  const before = redisAt(z);
  try {
    await before.connect();
    await before.call('SELECT', z.Namespace, 'restart-pw');
    await before.call('SET', 'kept', 'across restarts');
  } finally {
    before.disconnect();
  }
  await expect(
    sshExec(vm.console_url, ssh.privateKey, 'echo kept > vol/file && echo home > here'),
  ).resolves.toMatchObject({ code: 0 });
  const twinId = user!.twinId;

  await user!.close();
  user = undefined;
  await grid!.close();
  grid = undefined;
  grid = await startDevGrid({ dataDir: dir, nodes: 2, farms: 1 });
  user = await GridUser.connect(grid, grid.mnemonic);
  expect(user.twinId).toBe(twinId);
  expect(grid.nodes[1].nodeId).toBe(nodeId);

  expect(await user.chain.getContract(d.contract_id)).toMatchObject({
    state: 'created',
    type: 'node',
    nodeId,
  });
  const again = await user.get(nodeId, d.contract_id);
  expect(again.workloads.map((w) => [w.name, w.version, w.result?.state])).toEqual(
    d.workloads.map((w) => [w.name, w.version, 'ok']),
  );
  const z2 = resultOf<ZdbResult>(again, 'db');
  expect(z2).toEqual(z);
  expect(grid.nodes[1].zdbPort).toBe(z.Port);
  expect((await user.call<Deployment[]>(nodeId, 'zos.deployment.list')).map((x) => x.contract_id)).toEqual([
    d.contract_id,
  ]);

  const after = redisAt(z2);
  try {
    await after.connect();
    await expect(after.call('SELECT', z2.Namespace, 'restart-pw')).resolves.toBe('OK');
    await expect(after.call('GET', 'kept')).resolves.toBe('across restarts');
  } finally {
    after.disconnect();
  }
  const vm2 = resultOf<ZmachineResult>(again, 'vm');
  await expect(sshExec(vm2.console_url, ssh.privateKey, 'cat vol/file here')).resolves.toMatchObject({
    code: 0,
    stdout: 'kept\nhome\n',
  });

  await user.chain.cancelContract(d.contract_id);
  await user.waitState(nodeId, d.contract_id, 'deleted');
});

it('brings back a public ip and a qsfs whose zdbs live on another node started after it', async () => {
  const [first, second] = [grid!.nodes[0].nodeId, grid!.nodes[1].nodeId];
  const zdbs = await user!.deploy(second, [
    W.zdb('meta', { password: 'meta-pw' }),
    W.zdb('data', { password: 'data-pw', mode: 'seq' }),
  ]);
  const backendOf = (name: string, password: string) => {
    const r = resultOf<ZdbResult>(zdbs, name);
    return { address: `${r.IPs[0]}:${r.Port}`, namespace: r.Namespace, password };
  };
  const d = await user!.deploy(
    first,
    [
      W.network('net', '10.20.3.0/24', 7200),
      W.publicIp('pip'),
      W.qsfs('fs', [backendOf('meta', 'meta-pw')], [backendOf('data', 'data-pw')]),
      W.machine('vm', {
        network: 'net',
        ip: '10.20.3.2',
        sshKey: ssh.publicKeyLine,
        publicIp: 'pip',
        mounts: [{ name: 'fs', mountpoint: '/mnt/qsfs' }],
      }),
    ],
    { publicIps: 1 },
  );
  const states = (x: Deployment) => Object.fromEntries(x.workloads.map((w) => [w.name, w.result?.state]));
  expect(states(d)).toEqual({ net: 'ok', pip: 'ok', fs: 'ok', vm: 'ok' });

  await user!.close();
  user = undefined;
  await grid!.close();
  grid = undefined;
  grid = await startDevGrid({ dataDir: dir, nodes: 2, farms: 1 });
  user = await GridUser.connect(grid, grid.mnemonic);

  const again = await user.get(first, d.contract_id);
  expect(
    Object.fromEntries(again.workloads.map((w) => [w.name, [w.result?.state, w.result?.message]])),
  ).toEqual({ net: ['ok', ''], pip: ['ok', ''], fs: ['ok', ''], vm: ['ok', ''] });
  expect(resultOf(again, 'pip')).toEqual(resultOf(d, 'pip'));
  await user.chain.cancelContract(d.contract_id);
  await user.chain.cancelContract(zdbs.contract_id);
  await user.waitState(first, d.contract_id, 'deleted');
});
