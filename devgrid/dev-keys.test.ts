/**
 * The dev grid's fast key derivation gives the accounts the keyring gives for the same uri, and
 * pairs that sign for them; the layout gives every public node and farm a valid, distinct address.
 */
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, signatureVerify } from '@polkadot/util-crypto';
import { DEV_MNEMONIC } from '../model/config/networks';
import { DevKeys } from './dev-keys';
import { DevGridLayout, MAX_DEV_NODES } from './grid-layout';

beforeAll(() => cryptoWaitReady());

it('derives the accounts addFromUri derives, hard and soft junctions alike, and signs for them', () => {
  const keys = new DevKeys();
  const keyring = new Keyring({ type: 'sr25519' });
  for (const path of ['//Alice', '//farmer/1', '//node/1', '//node/17', '//node//3', '//a/b/c']) {
    const expected = keyring.addFromUri(`${DEV_MNEMONIC}${path}`);
    expect(keys.pair(path).address).toBe(expected.address);
    expect(keys.accountId(path)).toBe(`0x${Buffer.from(expected.publicKey).toString('hex')}`);
    const signature = keys.pair(path).sign('dev grid');
    expect(signatureVerify('dev grid', signature, expected.address).isValid).toBe(true);
  }
  expect(() => keys.pair('node')).toThrow(/not a derivation path/);
});

it('gives every public node and farm IP a distinct address within its /24, for grids of any size', () => {
  const layout = new DevGridLayout(1001, 20);
  const ips = [
    ...layout.farms.flatMap((f) => f.publicIps),
    ...layout.nodes.flatMap((n) => (n.publicConfig ? [n.publicConfig.ip4] : [])),
  ];
  expect(ips).toHaveLength(20 * 8 + 501);
  expect(new Set(ips.map((p) => p.ip)).size).toBe(ips.length);
  for (const { ip, gw } of ips) {
    const m = /^203\.0\.(\d+)\.(\d+)\/24$/.exec(ip);
    expect(m).not.toBeNull();
    expect(Number(m![2])).toBeGreaterThanOrEqual(2);
    expect(Number(m![2])).toBeLessThanOrEqual(254);
    expect(gw).toBe(`203.0.${m![1]}.1`);
  }
  // today's addresses for the grids of before (node 1: the gateway)
  expect(layout.nodes[0].publicConfig).toEqual({
    ip4: { ip: '203.0.114.240/24', gw: '203.0.114.1' },
    ip6: { ip: '2001:db8:1::2/64', gw: '2001:db8:1::1' },
    domain: 'gw1.devgrid.localhost',
  });
  expect(layout.farms[0].publicIps[0]).toEqual({ ip: '203.0.114.18/24', gw: '203.0.114.1' });
  expect(() => new DevGridLayout(MAX_DEV_NODES + 1, 2)).toThrow(/nodes must be a whole number from 1/);
});
