/* eslint-disable @typescript-eslint/no-explicit-any -- decoded chain values are read loosely in assertions */
/**
 * A dev grid's farms and nodes from genesis read the same as when its extrinsics registered them:
 * two dev chains on 127.0.0.1, one with the layout in its genesis, one registering the same
 * layout with the extrinsics farmers and nodes send (`GridRegistrar` on an empty chain), compared
 * through @polkadot/api (every TfgridModule item, DAO farm weights, balances) and through the dev
 * grid proxy's REST API (nodes, farms with public IPs, twins). Ids differ only if the extrinsics
 * landed in another order, so entities are compared by what names them (account, farm name).
 */
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { GridProxyClient } from '../clients/proxy/client';
import { DEV_ACCOUNT } from '../model/config/networks';
import { startDevChain, type DevChain } from './chain/chain';
import { DevKeys } from './dev-keys';
import { DEV_ACCOUNT_TFT, DevGridLayout } from './grid-layout';
import { ChainGridState } from './grid-state';
import { startGridProxy, type GridProxyServer } from './proxy/server';
import { GridRegistrar } from './registrar';

const TFT = 10_000_000n;

interface Side {
  chain: DevChain;
  api: ApiPromise;
  proxy: GridProxyServer;
  registrar: GridRegistrar;
}

/** Every entry of a TfgridModule (or other pallet's) map as JSON. */
async function all(api: ApiPromise, pallet: string, item: string): Promise<[any, any][]> {
  const entries = await (api.query as any)[pallet][item].entries();
  return entries.map(([k, v]: any) => [k.args.map((a: any) => a.toJSON()), v.toJSON()]);
}

/** A side's grid with ids replaced by what names them: twins by account, farms by name, nodes by twin account. */
async function named(api: ApiPromise) {
  const twins = new Map((await all(api, 'tfgridModule', 'twins')).map(([, t]) => [t.id, t.accountId]));
  const farms = new Map((await all(api, 'tfgridModule', 'farms')).map(([, f]) => [f.id, f.name]));
  const nodes = new Map(
    (await all(api, 'tfgridModule', 'nodes')).map(([, n]) => [n.id, twins.get(n.twinId)]),
  );
  const sorted = <T>(xs: T[]) => xs.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return {
    twins: sorted((await all(api, 'tfgridModule', 'twins')).map(([, t]) => ({ ...t, id: t.accountId }))),
    twinIdByAccount: sorted(
      (await all(api, 'tfgridModule', 'twinIdByAccountID')).map(([[a], id]) => [a, twins.get(id)]),
    ),
    terms: sorted(
      (await all(api, 'tfgridModule', 'usersTermsAndConditions')).map(([[a], list]) => [
        a,
        list.map((t: any) => ({ ...t, timestamp: 'any' })),
      ]),
    ),
    farms: sorted(
      (await all(api, 'tfgridModule', 'farms')).map(([, f]) => ({
        ...f,
        id: f.name,
        twinId: twins.get(f.twinId),
      })),
    ),
    farmIdByName: sorted(
      (await all(api, 'tfgridModule', 'farmIdByName')).map(([[n], id]) => [n, farms.get(id)]),
    ),
    nodes: sorted(
      (await all(api, 'tfgridModule', 'nodes')).map(([, n]) => ({
        ...n,
        id: twins.get(n.twinId),
        farmId: farms.get(n.farmId),
        twinId: twins.get(n.twinId),
        created: 'any',
      })),
    ),
    nodeIdByTwin: sorted(
      (await all(api, 'tfgridModule', 'nodeIdByTwinID')).map(([[t], id]) => [twins.get(t), nodes.get(id)]),
    ),
    nodesByFarm: sorted(
      (await all(api, 'tfgridModule', 'nodesByFarmID')).map(([[f], ids]) => [
        farms.get(f),
        ids.map((id: number) => nodes.get(id)).sort(),
      ]),
    ),
    farmWeight: sorted((await all(api, 'dao', 'farmWeight')).map(([[f], w]) => [farms.get(f), w])),
    counters: await Promise.all(
      ['twinID', 'farmID', 'nodeID'].map(async (c) => (await (api.query.tfgridModule as any)[c]()).toJSON()),
    ),
  };
}

/** What the grid proxy serves, ids replaced by names as above. */
async function served(side: Side) {
  const client = new GridProxyClient(side.proxy.url, { timeoutMs: 10_000 });
  const twins = await client.twins();
  const account = new Map(twins.map((t) => [t.twinId, t.accountId]));
  const farms = await client.farms();
  const farmName = new Map(farms.map((f) => [f.farmId, f.name]));
  const byKey = <T extends { key: string }>(xs: T[]) => xs.sort((a, b) => a.key.localeCompare(b.key));
  return {
    twins: byKey(twins.map((t) => ({ ...t, key: t.accountId, twinId: 0 }))),
    farms: byKey(
      farms.map((f) => ({
        ...f,
        key: f.name,
        farmId: 0,
        twinId: account.get(f.twinId),
        publicIps: f.publicIps.map((p) => ({ ...p, id: '' })),
      })),
    ),
    nodes: byKey(
      (await client.nodes()).map((n) => ({
        ...n,
        key: account.get(n.twinId)!,
        id: '',
        nodeId: 0,
        twinId: account.get(n.twinId),
        farmId: farmName.get(n.farmId),
        created: 0,
        updatedAt: 0,
      })),
    ),
  };
}

describe('a dev grid in genesis', () => {
  const layout = new DevGridLayout(5, 2);
  let keys: DevKeys;
  let owner: ReturnType<Keyring['addFromUri']>;
  let genesis: Side;
  let extrinsics: Side;

  const side = async (withGenesis: boolean): Promise<Side> => {
    const chain = await startDevChain({
      grid: withGenesis ? layout.genesis(keys, u8aToHex(owner.publicKey)) : undefined,
    });
    const api = await ApiPromise.create({ provider: new WsProvider(chain.url), noInitWarn: true });
    const proxy = await startGridProxy({ source: new ChainGridState(api, async () => undefined) });
    return { chain, api, proxy, registrar: new GridRegistrar(api, keys, owner) };
  };

  beforeAll(async () => {
    await cryptoWaitReady();
    keys = new DevKeys();
    owner = new Keyring({ type: 'sr25519' }).addFromUri(DEV_ACCOUNT);
    genesis = await side(true);
    extrinsics = await side(false);
  });

  afterAll(async () => {
    for (const s of [genesis, extrinsics]) {
      await s?.proxy.close();
      await s?.api.disconnect();
      await s?.chain.close();
    }
    // @polkadot/api releases its runtime-version subscription 1.75 s after disconnect
    await new Promise((resolve) => setTimeout(resolve, 2000));
  });

  it('has every farm, node, twin and public config at block 0, with ids in the order the extrinsics gave', async () => {
    const registered = await genesis.registrar.ensure(layout);
    expect(genesis.registrar.extrinsics).toBe(0);
    expect(genesis.chain.node.best.number).toBe(0);
    // the default account's twin first, then the farmers', then the nodes'
    expect(registered.map((r) => [r.nodeId, r.twinId, r.farmId])).toEqual([
      [1, 4, 1],
      [2, 5, 2],
      [3, 6, 1],
      [4, 7, 2],
      [5, 8, 1],
    ]);
    expect(((await genesis.api.query.tfgridModule.twinIdByAccountID(owner.address)) as any).toJSON()).toBe(1);
    // as on Substrate, genesis records no events
    expect(((await genesis.api.query.system.events()) as any).length).toBe(0);
  });

  it('holds what the registration extrinsics leave, item for item', async () => {
    await extrinsics.registrar.ensure(layout);
    expect(extrinsics.registrar.extrinsics).toBeGreaterThan(layout.nodes.length);
    expect(extrinsics.chain.node.best.number).toBeGreaterThan(0);
    const [fromGenesis, fromExtrinsics] = [await named(genesis.api), await named(extrinsics.api)];
    expect(fromGenesis.nodes).toHaveLength(5);
    expect(fromGenesis.farms.map((f: any) => f.publicIps.length)).toEqual([8, 8]);
    expect(fromGenesis.nodes.filter((n: any) => n.publicConfig)).toHaveLength(3);
    expect(fromGenesis).toEqual(fromExtrinsics);
    // a restarted grid reads its ids back without sending anything
    await extrinsics.registrar.ensure(layout);
    expect(extrinsics.registrar.extrinsics).toBe(0);
  });

  it('funds every farmer and node with the same TFT, without touching the default account', async () => {
    const accounts = [...layout.farms.map((f) => f.farmerPath), ...layout.nodes.map((n) => n.path)].map(
      (p) => keys.pair(p).address,
    );
    const free = async (s: Side, who: string) =>
      ((await s.api.query.system.account(who)) as any).data.free.toBigInt() as bigint;
    for (const who of accounts) {
      expect(await free(genesis, who)).toBe(BigInt(DEV_ACCOUNT_TFT) * TFT);
      // the same 10,000 TFT, less the fees of the registration extrinsics it sent
      const paid = BigInt(DEV_ACCOUNT_TFT) * TFT - (await free(extrinsics, who));
      expect(paid).toBeGreaterThanOrEqual(0n);
      expect(paid).toBeLessThan(TFT);
    }
    expect(await free(genesis, owner.address)).toBe(1_000_000n * TFT);
    const issuance = async (s: Side) =>
      ((await s.api.query.balances.totalIssuance()) as any).toBigInt() as bigint;
    // genesis mints the grid's accounts' TFT; the extrinsics moved //Alice's (and burnt nothing)
    expect((await issuance(genesis)) - (await issuance(extrinsics))).toBe(
      BigInt(accounts.length * DEV_ACCOUNT_TFT) * TFT,
    );
  });

  it('serves the same nodes, farms with public IPs and twins from the grid proxy', async () => {
    const [fromGenesis, fromExtrinsics] = [await served(genesis), await served(extrinsics)];
    expect(fromGenesis.nodes).toHaveLength(5);
    expect(fromGenesis.farms.flatMap((f) => f.publicIps)).toHaveLength(16);
    expect(fromGenesis.twins).toHaveLength(1 + 2 + 5);
    expect(fromGenesis).toEqual(fromExtrinsics);
  });
});
