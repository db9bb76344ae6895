/**
 * Every workload type deployed for real on a dev grid on loopback, through our RMB client and the
 * relay to emulated zos nodes, with node contracts on the dev chain: deploy, get, list, changes,
 * update, then cancel on chain and watch the node deprovision. What the nodes provisioned is
 * reached with ordinary clients: ssh2, ioredis, HTTP through the gateway, a WebSocket log sink.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Redis from 'ioredis';
import { DEV_PUBLIC_PREFIX, startDevGrid, type DevGrid } from '../../devgrid/grid';
import { generateSshKeyPair } from '../../devgrid/sandbox/ssh-keys';
import type {
  Deployment,
  GatewayProxyResult,
  PublicIpResult,
  QsfsResult,
  ZdbResult,
  ZmachineLightResult,
  ZmachineResult,
} from '../../model/zos/types';
import { GridUser, resultOf, waitFor } from './grid-user';
import { httpGet, sshExec, startBackend, startLogSink, type LocalServer } from './net-clients';
import * as W from './workloads';

jest.setTimeout(90_000);

let dir: string;
let grid: DevGrid;
let user: GridUser;
let backend: LocalServer;
let sink: LocalServer & { lines: string[] };
const ssh = generateSshKeyPair('it-user');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devgrid-workloads-it-'));
  grid = await startDevGrid({ dataDir: dir, nodes: 4, farms: 2 });
  user = await GridUser.connect(grid, grid.mnemonic);
  backend = await startBackend('backend');
  sink = await startLogSink();
});

afterAll(async () => {
  await user?.close();
  await grid?.close();
  await backend?.close();
  await sink?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  // @polkadot/api keeps a timer for a moment after disconnect
  await new Promise((r) => setTimeout(r, 1500));
});

const nodeDir = (nodeId: number) => path.join(dir, 'nodes', String(nodeId));
const states = (d: Deployment) => Object.fromEntries(d.workloads.map((w) => [w.name, w.result?.state]));
const sshRefused = (consoleUrl: string) =>
  sshExec(consoleUrl, ssh.privateKey, 'true').then(
    () => 'accepted',
    (e: Error) => e.message,
  );

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

describe('a machine with its network, disks, public ip and logs', () => {
  it('deploys, answers SSH in its dir with mounted disks, streams its console, updates, and goes away when the contract is cancelled', async () => {
    const nodeId = grid.nodes[1].nodeId;
    const vm = W.machine('vm', {
      network: 'net',
      ip: '10.20.2.2',
      sshKey: ssh.publicKeyLine,
      publicIp: 'pip',
      mounts: [
        { name: 'disk', mountpoint: '/data' },
        { name: 'vol', mountpoint: '/vol' },
      ],
    });
    const workloads = [
      W.network('net', '10.20.2.0/24', 5100),
      W.zmount('disk', W.GiB),
      W.volume('vol', W.GiB),
      W.publicIp('pip'),
      vm,
      W.zlogs('logs', 'vm', `ws://127.0.0.1:${sink.port}`),
    ];
    const d = await user.deploy(nodeId, workloads, { publicIps: 1 });
    expect(states(d)).toEqual({ net: 'ok', disk: 'ok', vol: 'ok', pip: 'ok', vm: 'ok', logs: 'ok' });
    const contractId = d.contract_id;

    // the public ip is one of the farm's, reserved for this contract on chain
    const ip = resultOf<PublicIpResult>(d, 'pip');
    expect(ip).toMatchObject({
      ip: expect.stringMatching(/^203\.0\.114\.\d+\/24$/),
      gateway: `${DEV_PUBLIC_PREFIX}.1`,
    });
    const onChain = await user.chain.getContract(contractId);
    expect(onChain).toMatchObject({
      type: 'node',
      nodeId,
      publicIps: 1,
      publicIpsList: [{ ip: ip.ip, gateway: `${DEV_PUBLIC_PREFIX}.1` }],
    });

    const m = resultOf<ZmachineResult>(d, 'vm');
    expect(m).toMatchObject({
      id: `${user.twinId}-${contractId}-vm`,
      ip: '10.20.2.2',
      console_url: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
    });
    expect(resultOf(d, 'disk')).toEqual({ volume_id: `${user.twinId}-${contractId}-disk` });
    expect(resultOf(d, 'vol')).toEqual({ id: `${user.twinId}-${contractId}-vol` });

    // SSH with the key from SSH_KEY runs in the machine's directory, with both disks mounted
    const run = await sshExec(
      m.console_url,
      ssh.privateKey,
      'echo hello-disk > data/f.txt && cat data/f.txt && echo v > vol/g && pwd',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('hello-disk');
    expect(run.stdout.trim().endsWith(path.join('machines', `${user.twinId}-${contractId}-vm`))).toBe(true);
    expect(
      fs.readFileSync(
        path.join(nodeDir(nodeId), 'volumes', `${user.twinId}-${contractId}-disk.d`, 'f.txt'),
        'utf8',
      ),
    ).toBe('hello-disk\n');
    // another key is refused
    const stranger = generateSshKeyPair('stranger');
    await expect(sshExec(m.console_url, stranger.privateKey, 'true')).rejects.toThrow(/authentication/i);

    // zlogs: the command and its output reached our websocket server
    await waitFor('zlogs lines', async () =>
      sink.lines.some((l) => l.includes('hello-disk')) &&
      sink.lines.some((l) => l.includes('echo hello-disk'))
        ? true
        : undefined,
    );

    // list and changes
    const listed = await user.call<Deployment[]>(nodeId, 'zos.deployment.list');
    expect(listed.map((x) => x.contract_id)).toContain(contractId);
    const changes = await user.call<Deployment['workloads']>(nodeId, 'zos.deployment.changes', {
      contract_id: contractId,
    });
    expect(changes.filter((c) => c.name === 'vm').map((c) => c.result?.state)).toEqual(['init', 'ok']);

    // update: grow the zmount, add a volume; untouched workloads keep version 0
    const grown = workloads.map((w) => (w.name === 'disk' ? W.zmount('disk', 2 * W.GiB) : w));
    const v1 = await user.update(nodeId, d, [...grown, W.volume('vol2', W.GiB)]);
    expect(v1.version).toBe(1);
    expect(Object.fromEntries(v1.workloads.map((w) => [w.name, [w.version, w.result?.state]]))).toMatchObject(
      {
        disk: [1, 'ok'],
        vol2: [1, 'ok'],
        vm: [0, 'ok'],
        net: [0, 'ok'],
      },
    );
    expect(
      fs.statSync(path.join(nodeDir(nodeId), 'volumes', `${user.twinId}-${contractId}-disk.img`)).size,
    ).toBe(2 * W.GiB);
    const changes1 = await user.call<Deployment['workloads']>(nodeId, 'zos.deployment.changes', {
      contract_id: contractId,
    });
    expect(changes1.filter((c) => c.name === 'disk').map((c) => c.version)).toEqual([0, 0, 1]);
    expect((await sshExec(m.console_url, ssh.privateKey, 'cat data/f.txt')).stdout).toBe('hello-disk\n');

    // zos refuses deleting over the api
    await expect(user.call(nodeId, 'zos.deployment.delete', { contract_id: contractId })).rejects.toThrow(
      /cancel your contract instead/,
    );

    // cancel on chain: the node deprovisions everything
    await user.chain.cancelContract(contractId);
    const gone = await user.waitState(nodeId, contractId, 'deleted');
    expect(gone.workloads.every((w) => w.result?.message === 'contract canceled')).toBe(true);
    const history = await user.call<Deployment['workloads']>(nodeId, 'zos.deployment.changes', {
      contract_id: contractId,
    });
    expect(history.filter((c) => c.name === 'vm').map((c) => c.result?.state)).toEqual([
      'init',
      'ok',
      'deleted',
    ]);
    expect(await sshRefused(m.console_url)).toMatch(/ECONNREFUSED/);
    expect(
      fs.existsSync(path.join(nodeDir(nodeId), 'volumes', `${user.twinId}-${contractId}-disk.img`)),
    ).toBe(false);
    expect(fs.existsSync(path.join(nodeDir(nodeId), 'machines', `${user.twinId}-${contractId}-vm`))).toBe(
      false,
    );
    expect(
      (await user.call<Deployment[]>(nodeId, 'zos.deployment.list')).map((x) => x.contract_id),
    ).not.toContain(contractId);
    // the farm ip is free again
    const farm = await user.chain.getFarm(grid.nodes[1].farmId);
    expect(farm?.publicIps.find((p) => p.ip === ip.ip)?.contractId).toBe(0);
  });
});

describe('zdb', () => {
  it('answers a redis client with its password, grows on update, and its namespace is deleted on cancel', async () => {
    const nodeId = grid.nodes[2].nodeId;
    const d = await user.deploy(nodeId, [W.zdb('db', { password: 'zdb-secret', size: W.GiB })]);
    const r = resultOf<ZdbResult>(d, 'db');
    expect(r).toEqual({
      Namespace: `${user.twinId}-${d.contract_id}-db`,
      IPs: ['127.0.0.1'],
      Port: grid.nodes[2].zdbPort,
    });
    const redis = redisAt(r);
    try {
      await redis.connect();
      await expect(redis.call('SELECT', r.Namespace)).rejects.toThrow(/Namespace protected and private/);
      await expect(redis.call('SELECT', r.Namespace, 'wrong')).rejects.toThrow(/Access denied/);
      await expect(redis.call('SELECT', r.Namespace, 'zdb-secret')).resolves.toBe('OK');
      await expect(redis.call('SET', 'k', 'v1')).resolves.toBe('k');
      await expect(redis.call('GET', 'k')).resolves.toBe('v1');

      const v1 = await user.update(nodeId, d, [W.zdb('db', { password: 'zdb-secret', size: 2 * W.GiB })]);
      expect(v1.workloads[0]).toMatchObject({ version: 1, result: { state: 'ok' } });
      const zdbServer = grid.devNodes.find((n) => n.nodeId === nodeId)!.zdb;
      expect(zdbServer.namespaceInfo(r.Namespace)?.maxsize).toBe(2 * W.GiB);
      await expect(redis.call('GET', 'k')).resolves.toBe('v1');

      await user.chain.cancelContract(d.contract_id);
      await user.waitState(nodeId, d.contract_id, 'deleted');
      expect(zdbServer.namespaceInfo(r.Namespace)).toBeUndefined();
      // the open session learns its namespace is gone; a new one cannot select it
      await expect(redis.call('GET', 'k')).rejects.toThrow(/active namespace is not available anymore/);
      const fresh = redisAt(r);
      try {
        await fresh.connect();
        await expect(fresh.call('SELECT', r.Namespace, 'zdb-secret')).rejects.toThrow(/Namespace not found/);
      } finally {
        fresh.disconnect();
      }
    } finally {
      redis.disconnect();
    }
  });
});

describe('qsfs', () => {
  it('is backed by zdbs deployed on two other nodes, serves metrics and is mounted into a machine', async () => {
    const [a, b] = [grid.nodes[2].nodeId, grid.nodes[3].nodeId];
    const zdbs = (tag: string) => [
      W.zdb(`meta${tag}1`, { password: 'meta-pw' }),
      W.zdb(`meta${tag}2`, { password: 'meta-pw' }),
      W.zdb(`data${tag}`, { password: 'data-pw', mode: 'seq' }),
    ];
    const da = await user.deploy(a, zdbs('a'));
    const db = await user.deploy(b, zdbs('b'));
    const backendOf = (d: Deployment, name: string, password: string) => {
      const r = resultOf<ZdbResult>(d, name);
      return { address: `${r.IPs[0]}:${r.Port}`, namespace: r.Namespace, password };
    };
    const meta = [
      backendOf(da, 'metaa1', 'meta-pw'),
      backendOf(da, 'metaa2', 'meta-pw'),
      backendOf(db, 'metab1', 'meta-pw'),
      backendOf(db, 'metab2', 'meta-pw'),
    ];
    const data = [backendOf(da, 'dataa', 'data-pw'), backendOf(db, 'datab', 'data-pw')];
    expect(new Set(data.map((x) => x.address)).size).toBe(2);

    const nodeId = grid.nodes[0].nodeId;
    const qvm = W.machine('qvm', {
      network: 'qnet',
      ip: '10.20.5.2',
      sshKey: ssh.publicKeyLine,
      mounts: [{ name: 'fs', mountpoint: '/mnt/qsfs' }],
    });
    const qnet = W.network('qnet', '10.20.5.0/24', 5200);
    const q0 = await user.deploy(nodeId, [qnet, W.qsfs('fs', meta, data), qvm]);
    // qsfs updates in place: a bigger cache
    const q = await user.update(nodeId, q0, [qnet, W.qsfs('fs', meta, data, 512 * W.MiB), qvm]);
    expect(q.workloads.find((w) => w.name === 'fs')?.version).toBe(1);
    expect(states(q)).toEqual({ qnet: 'ok', fs: 'ok', qvm: 'ok' });
    const fsResult = resultOf<QsfsResult>(q, 'fs');
    expect(fsResult.metrics_endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const metrics = await httpGet(fsResult.metrics_endpoint, '127.0.0.1');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('qsfs_backends{role="meta"} 4');
    expect(metrics.body).toContain('qsfs_backends{role="data"} 2');
    expect(metrics.body).toContain(`qsfs_cache_size_bytes ${512 * W.MiB}`);
    const vm = resultOf<ZmachineResult>(q, 'qvm');
    const run = await sshExec(vm.console_url, ssh.privateKey, 'echo q > mnt/qsfs/file && cat mnt/qsfs/file');
    expect(run).toMatchObject({ code: 0, stdout: 'q\n' });
    expect(fs.readFileSync(path.join(fsResult.path, 'file'), 'utf8')).toBe('q\n');

    for (const [n, c] of [
      [nodeId, q.contract_id],
      [a, da.contract_id],
      [b, db.contract_id],
    ]) {
      await user.chain.cancelContract(c);
      await user.waitState(n, c, 'deleted');
    }
    await expect(httpGet(fsResult.metrics_endpoint, '127.0.0.1')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('fails the workload naming the backend when a backend refuses its password', async () => {
    const a = grid.nodes[3].nodeId;
    const dz = await user.deploy(a, [W.zdb('solo', { password: 'right', mode: 'seq' })]);
    const r = resultOf<ZdbResult>(dz, 'solo');
    const wrong = { address: `${r.IPs[0]}:${r.Port}`, namespace: r.Namespace, password: 'wrong' };
    const q = await user.deploy(grid.nodes[0].nodeId, [
      W.qsfs('badfs', [wrong, wrong, wrong, wrong], [wrong]),
    ]);
    expect(q.workloads[0].result).toMatchObject({
      state: 'error',
      message: expect.stringContaining(
        `backend ${wrong.address} namespace '${r.Namespace}' refused login: Access denied`,
      ),
    });
    await user.chain.cancelContract(q.contract_id);
    await user.chain.cancelContract(dz.contract_id);
  });
});

describe('gateways', () => {
  it('a name gateway (with its name contract) and an fqdn gateway answer HTTP through the gateway proxy from our backend', async () => {
    const gwNode = grid.nodes[0].nodeId;
    expect(grid.gatewayUrl).toBeDefined();
    const nameContract = await user.chain.createNameContract('itweb');
    const backends = [`http://10.20.3.2:${backend.port}`];
    const d = await user.deploy(gwNode, [
      W.gatewayName('web', 'itweb', backends),
      W.gatewayFqdn('app', 'app.it.example', backends),
    ]);
    const fqdn = `itweb.${grid.gatewayDomain}`;
    expect(resultOf<GatewayProxyResult>(d, 'web')).toEqual({ fqdn });
    expect(d.workloads.find((w) => w.name === 'app')?.result?.state).toBe('ok');

    await expect(httpGet(`${grid.gatewayUrl}/hello?x=1`, fqdn)).resolves.toEqual({
      status: 200,
      body: 'backend GET /hello?x=1',
    });
    await expect(httpGet(`${grid.gatewayUrl}/other`, 'app.it.example')).resolves.toEqual({
      status: 200,
      body: 'backend GET /other',
    });
    expect((await httpGet(`${grid.gatewayUrl}/`, `nobody.${grid.gatewayDomain}`)).status).not.toBe(200);

    await user.chain.cancelContract(d.contract_id);
    await user.waitState(gwNode, d.contract_id, 'deleted');
    expect((await httpGet(`${grid.gatewayUrl}/hello`, fqdn)).status).not.toBe(200);
    await user.chain.cancelContract(nameContract);
  });
});

describe('zmachine-light', () => {
  it('deploys on a network-light with mycelium and answers SSH', async () => {
    const nodeId = grid.nodes[3].nodeId;
    const d = await user.deploy(nodeId, [
      W.networkLight('lnet', '10.20.7.0/24'),
      W.machineLight('lvm', { network: 'lnet', ip: '10.20.7.2', sshKey: ssh.publicKeyLine }),
    ]);
    expect(states(d)).toEqual({ lnet: 'ok', lvm: 'ok' });
    const m = resultOf<ZmachineLightResult>(d, 'lvm');
    expect(m.mycelium_ip).not.toBe('');
    await expect(sshExec(m.console_url, ssh.privateKey, 'echo light')).resolves.toMatchObject({
      code: 0,
      stdout: 'light\n',
    });
    await user.chain.cancelContract(d.contract_id);
    await user.waitState(nodeId, d.contract_id, 'deleted');
    expect(await sshRefused(m.console_url)).toMatch(/ECONNREFUSED/);
  });
});
