/**
 * ThreeFold's RMB client, `@threefold/rmb_direct_client` 2.9.2 unmodified, against a dev grid whose
 * relay also listens on `wss://127.0.0.1/` (port 443, a CA made for the grid). The SDK runs in a
 * process of its own that trusts that CA through NODE_EXTRA_CA_CERTS, as its users would run it
 * (testing/rmb-direct-session.ts); this file checks what it got back.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Keyring } from '@polkadot/keyring';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { DEV_ACCOUNT } from '../../model/config/networks';
import { ensureTwin, fund } from '../../devgrid/registrar';
import { useDevGrid } from '../support/dev-grid';

/** another dev grid with a TLS relay (the GridClient test) holds 127.0.0.1:443 until it stops */
const fx = useDevGrid({ nodes: 2, farms: 1, relayTls: { waitForPortMs: 600_000 } });
const ROOT = path.resolve(__dirname, '../..');
const REGISTER_TS = path.join(ROOT, 'cli/register-ts.js');

interface StepResult {
  step: string;
  value?: unknown;
  error?: string;
}

/**
 * A funded account with a twin, as a user of the SDK has one: the SDK takes a bip39 mnemonic or a hex
 * seed only (it derives its encryption key from it), not a `//Name` dev secret.
 */
async function sdkUser(): Promise<{ mnemonic: string; twinId: number }> {
  const keyring = new Keyring({ type: 'sr25519' });
  const mnemonic = mnemonicGenerate();
  const pair = keyring.addFromUri(mnemonic);
  await fund(fx.grid.api, keyring.addFromUri(DEV_ACCOUNT), pair.address, 1000);
  return { mnemonic, twinId: await ensureTwin(fx.grid.api, pair, '127.0.0.1') };
}

async function runSession(user: { mnemonic: string }): Promise<Map<string, StepResult>> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-rmb-')), 'steps.jsonl');
  const node = fx.grid.nodes[0];
  const input = {
    chainUrl: fx.grid.chainUrl,
    relayUrl: fx.grid.relayTlsUrl,
    secret: user.mnemonic,
    nodeId: node.nodeId,
    nodeTwinId: node.twinId,
  };
  await new Promise<void>((resolve) => {
    execFile(
      process.execPath,
      ['-r', REGISTER_TS, path.join(__dirname, 'testing/rmb-direct-session.ts')],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_EXTRA_CA_CERTS: fx.grid.relayCaFile,
          SDK_SESSION: JSON.stringify(input),
          SDK_SESSION_OUT: out,
        },
        timeout: 600_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      () => resolve(),
    );
  });
  const lines = fs.existsSync(out) ? fs.readFileSync(out, 'utf8').trim().split('\n').filter(Boolean) : [];
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  return new Map(lines.map((l) => JSON.parse(l) as StepResult).map((r) => [r.step, r]));
}

describe('@threefold/rmb_direct_client on the dev grid', () => {
  let steps: Map<string, StepResult>;
  let user: { mnemonic: string; twinId: number };
  const value = (name: string) => {
    const r = steps.get(name);
    if (!r) throw new Error(`the SDK session did not reach '${name}' (got: ${[...steps.keys()].join(', ')})`);
    if (r.error !== undefined) throw new Error(`${name}: ${r.error}`);
    return r.value as Record<string, unknown>;
  };

  beforeAll(async () => {
    user = await sdkUser();
    steps = await runSession(user);
  }, 900_000);

  it('serves the relay on wss://127.0.0.1/ with a CA made for the grid', () => {
    expect(fx.grid.relayTlsUrl).toBe('wss://127.0.0.1/');
    expect(fs.readFileSync(fx.grid.relayCaFile!, 'utf8')).toMatch(/BEGIN CERTIFICATE/);
  });

  it("connects with a user's mnemonic, and its twin keeps relay 127.0.0.1 (the host of wss://127.0.0.1/)", () => {
    expect(steps.get('session')).toBeUndefined();
    expect(value('connect')).toEqual({ twin: user.twinId, relay: '127.0.0.1' });
  });

  it('answers every zos call grid_client makes', () => {
    expect(value('zos.system.version')).toEqual({ zos: expect.any(String), zinit: expect.any(String) });
    expect(value('zos.system.node_features_get')).toEqual(expect.arrayContaining(['zmachine', 'network']));
    expect(value('zos.statistics.get')).toHaveProperty('total.cru', 16);
    expect(value('zos.storage.pools')).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'ssd' })]),
    );
    expect(value('zos.gpu.list')).toEqual([]);
    expect(value('zos.network.has_ipv6')).toBe(true); // node 1 is public, with an IPv6 (full zos: true, else an error)
    expect(value('zos.network.interfaces')).toEqual(expect.any(Object));
    expect(value('zos.network.public_config_get')).toHaveProperty('ipv4');
    expect(value('zos.network.list_public_ips')).toEqual([]);
    expect(value('zos.network.list_wg_ports')).toEqual(expect.any(Array));
    expect(value('zos.network.list_private_ips {"network_name":"sdknet"}')).toEqual([]);
    const perf = value('zos.perf.get_all') as unknown as { name: string }[];
    expect(perf.map((t) => t.name).sort()).toEqual([
      'cpu-benchmark',
      'healthcheck',
      'iperf',
      'public-ip-validation',
    ]);
    for (const name of ['iperf', 'public-ip-validation', 'cpu-benchmark'])
      expect(value(`zos.perf.get {"name":"${name}"}`)).toHaveProperty('name', name);
  });

  it('deploys, reads, updates and cancels a deployment built and signed by grid_client', () => {
    expect(value('deploy')).toBeFalsy();
    const got = value('get') as unknown as { workloads: { name: string; result: { state: string } }[] };
    expect(got.workloads.map((w) => [w.name, w.result.state])).toEqual([
      ['sdkdisk', 'ok'],
      ['sdkzdb', 'ok'],
    ]);
    expect(value('update')).toBeFalsy();
    const updated = value('get updated') as unknown as {
      version: number;
      workloads: { data: { size: number } }[];
    };
    expect(updated.version).toBe(1);
    expect(updated.workloads[0].data.size).toBe(2 * 1024 ** 3);
    expect(value('changes')).toEqual(expect.any(Array));
    expect(steps.get('delete over rmb')?.error).toMatch(/cancel your contract/);
    expect(value('cancel')).toEqual(['deleted', 'deleted']);
  });
});
