/**
 * A twin that runs out of funds: the dev chain's validator bills each contract once per billing
 * cycle (devgrid/chain/pallets/billing.ts, here a 2-block cycle) and puts a contract whose twin
 * cannot cover what it owes into its grace period; the node pauses the workloads (the machine refuses SSH saying why, the zdb namespace is
 * frozen) and resumes them when the twin is funded again and the next block bills it.
 *
 * The dev grid does not expose its DevChain (so no `produceBlock` here): with instant blocks a
 * block is made per extrinsic, so the test makes blocks with small transfers from the dev account.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Keyring } from '@polkadot/keyring';
import Redis from 'ioredis';
import { startDevGrid, type DevGrid } from '../../devgrid/grid';
import { PAUSED_EXIT_CODE, PAUSED_MESSAGE } from '../../devgrid/sandbox/machine-sandbox';
import { generateSshKeyPair } from '../../devgrid/sandbox/ssh-keys';
import { plainCall } from '../../clients/chain/chain-call';
import { TfchainClient } from '../../clients/chain/tfchain-client';
import { DEV_MNEMONIC } from '../../model/config/networks';
import type { ZdbResult, ZmachineResult } from '../../model/zos/types';
import { GridUser, resultOf, waitFor } from './grid-user';
import { sshExec } from './net-clients';
import * as W from './workloads';

jest.setTimeout(90_000);

const TFT = 10_000_000n;
let dir: string;
let grid: DevGrid;
let user: GridUser;
let dev: TfchainClient;
const ssh = generateSshKeyPair('it-grace');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devgrid-grace-it-'));
  // a billing cycle of 2 blocks (TFChain: 600) so that bills come within seconds
  grid = await startDevGrid({ dataDir: dir, nodes: 2, farms: 1, billingFrequency: 2 });
  dev = new TfchainClient(grid.api, new Keyring({ type: 'sr25519' }).addFromUri(grid.mnemonic));
  // a fresh twin with 1 TFT: enough for its fees and a few minutes of a small machine
  user = await GridUser.connect(grid, `${DEV_MNEMONIC}//it/grace`, { fundUnits: 1n * TFT });
});

afterAll(async () => {
  await user?.close();
  await grid?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  await new Promise((r) => setTimeout(r, 1500));
});

/** A block from the dev account (it also carries the validator's pending billing extrinsics). */
const nextBlock = () =>
  dev.run(dev.calls.transfer(new Keyring({ type: 'sr25519' }).addFromUri('//Bob').address, TFT));

it('pauses the workloads of a twin out of funds and resumes them once it is funded again', async () => {
  const nodeId = grid.nodes[1].nodeId;
  // the emulated nodes do not report used resources to the chain (zos does), so only the
  // contract's public IP is billed: reserve one so the contract costs something
  const d = await user.deploy(
    nodeId,
    [
      W.network('net', '10.20.2.0/24', 7000),
      W.publicIp('pip'),
      W.machine('vm', { network: 'net', ip: '10.20.2.2', sshKey: ssh.publicKeyLine, publicIp: 'pip' }),
      W.zdb('db', { password: 'grace-pw' }),
    ],
    { publicIps: 1 },
  );
  expect(d.workloads.map((w) => w.result?.state)).toEqual(['ok', 'ok', 'ok', 'ok']);
  const vm = resultOf<ZmachineResult>(d, 'vm');
  const z = resultOf<ZdbResult>(d, 'db');
  const redis = new Redis({
    host: z.IPs[0],
    port: z.Port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableReadyCheck: false,
  });
  try {
    await redis.connect();
    await redis.call('SELECT', z.Namespace, 'grace-pw');
    await expect(redis.call('SET', 'k', 'before')).resolves.toBe('k');

    // the twin gives everything away but the existential deposit: the next bill cannot be paid
    await user.chain.run(plainCall(grid.api.tx.balances.transferAll(dev.address, true)));
    const graced = await waitFor(
      'the contract to enter its grace period',
      async () => {
        const c = await user.chain.getContract(d.contract_id);
        if (c?.state === 'grace') return c;
        // bills are per second since the last one: let a second pass, then make a block
        await new Promise((r) => setTimeout(r, 1100));
        await nextBlock();
        return undefined;
      },
      20_000,
    );
    expect(graced.state).toBe('grace');

    const paused = await user.waitState(nodeId, d.contract_id, 'paused');
    expect(paused.workloads.every((w) => w.result?.message === 'paused: contract in grace period')).toBe(
      true,
    );
    await expect(sshExec(vm.console_url, ssh.privateKey, 'echo hi')).resolves.toEqual({
      code: PAUSED_EXIT_CODE,
      stdout: '',
      stderr: `${PAUSED_MESSAGE}\n`,
    });
    await expect(redis.call('GET', 'k')).rejects.toThrow(/Namespace is temporarily frozen/);
    await expect(redis.call('SET', 'k', 'during')).rejects.toThrow(/Namespace is temporarily frozen/);

    // funded again: the next block bills the contract and ends the grace period
    await dev.run(dev.calls.transfer(user.pair.address, 10n * TFT));
    await waitFor('the grace period to end', async () => {
      if ((await user.chain.getContract(d.contract_id))?.state === 'created') return true;
      await nextBlock();
      return undefined;
    });
    const resumed = await user.waitState(nodeId, d.contract_id, 'ok');
    expect(resumed.workloads.every((w) => w.result?.message === '')).toBe(true);
    await expect(sshExec(vm.console_url, ssh.privateKey, 'echo back')).resolves.toMatchObject({
      code: 0,
      stdout: 'back\n',
    });
    await expect(redis.call('GET', 'k')).resolves.toBe('before');
  } finally {
    redis.disconnect();
  }
  await user.chain.cancelContract(d.contract_id);
  await user.waitState(nodeId, d.contract_id, 'deleted');
});
