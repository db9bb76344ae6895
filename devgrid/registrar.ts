/**
 * The dev grid's farms and nodes on its chain. A new chain has them from genesis (see
 * chain/runtime/grid-genesis.ts); `GridRegistrar.ensure` reads their ids back in a few bulk
 * queries, and registers what a chain lacks (a data dir made with fewer nodes, or a chain without
 * them in genesis) as farmers and zos's registrar do on the real grid: fund the accounts (one
 * `utility.batchAll` from the owner per 200), accept the terms and create each twin, create the
 * farms with their public IPs, register the nodes, then the farmers set their public config. The
 * extrinsics of one step are sent together, so each step takes a block or two, not one per extrinsic.
 */
import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { batchAll, bytesArg, plainCall } from '../clients/chain/chain-call';
import { submit, type Extrinsic } from '../clients/chain/submit';
import { TfchainClient } from '../clients/chain/tfchain-client';
import type { DevKeys } from './dev-keys';
import { DEV_ACCOUNT_TFT, DEV_RELAY, type DevGridLayout, type DevNodeLayout } from './grid-layout';

/** Transfers per funding batch. */
const TRANSFERS_PER_BATCH = 200;

/** A node of the layout with its ids on the chain. */
export interface RegisteredNode {
  readonly layout: DevNodeLayout;
  readonly nodeId: number;
  readonly twinId: number;
  readonly farmId: number;
}

type Query = { multi(keys: unknown[]): Promise<{ toJSON(): unknown }[]> };
const query = (api: ApiPromise, item: string) =>
  (api.query.tfgridModule as unknown as Record<string, Query>)[item];
/** ids read in one storage query (0 where absent) */
async function ids(api: ApiPromise, item: string, keys: unknown[]): Promise<number[]> {
  if (keys.length === 0) return [];
  return (await query(api, item).multi(keys)).map((v) => Number(v.toJSON() ?? 0));
}

/** The twin of `pair`, created (terms accepted) when it has none. */
export async function ensureTwin(
  api: ApiPromise,
  pair: KeyringPair,
  relay: string,
  pk?: Uint8Array,
): Promise<number> {
  return new TfchainClient(api, pair).ensureTwin(
    relay,
    pk ? { pk: `0x${Buffer.from(pk).toString('hex')}` } : {},
  );
}

/** Transfers `amountTft` (whole TFT; 7 decimals on chain) from `from` to `to` when `to` has less than half of it. */
export async function fund(api: ApiPromise, from: KeyringPair, to: string, amountTft: number): Promise<void> {
  const units = BigInt(amountTft) * 10_000_000n;
  const account = (await api.query.system.account(to)) as unknown as {
    data: { free: { toBigInt(): bigint } };
  };
  if (account.data.free.toBigInt() >= units / 2n) return;
  await submit({ api, signer: from }, api.tx.balances.transferKeepAlive(to, units));
}

export interface NodeSpec {
  readonly farmId: number;
  /** cores, and bytes of memory, ssd, hdd */
  readonly resources: { cru: number; mru: number; sru: number; hru: number };
  readonly country: string;
  readonly city: string;
  readonly publicConfig?: {
    ip4: { ip: string; gw: string };
    ip6?: { ip: string; gw: string };
    domain?: string;
  };
}

/** The node call `createNode` of a spec (no interfaces, not secure-booted, virtualized, no serial). */
function createNodeTx(api: ApiPromise, node: NodeSpec) {
  return api.tx.tfgridModule.createNode(
    node.farmId,
    node.resources,
    { city: node.city, country: node.country, latitude: '0', longitude: '0' },
    [],
    false,
    true,
    null,
  );
}

/** The farmer's call setting a node's public config. */
function publicConfigTx(
  api: ApiPromise,
  farmId: number,
  nodeId: number,
  pc: NonNullable<NodeSpec['publicConfig']>,
) {
  return api.tx.tfgridModule.addNodePublicConfig(farmId, nodeId, {
    ip4: pc.ip4,
    ip6: pc.ip6 ?? null,
    domain: pc.domain ?? null,
  });
}

/** Registers the node owned by `nodePair`'s twin if it is not registered yet (its farmer sets its public config); returns its id. */
export async function ensureNode(
  api: ApiPromise,
  nodePair: KeyringPair,
  farmer: KeyringPair,
  twinId: number,
  node: NodeSpec,
): Promise<number> {
  const [existing] = await ids(api, 'nodeIdByTwinID', [twinId]);
  if (existing) return existing;
  await submit({ api, signer: nodePair }, createNodeTx(api, node));
  const [id] = await ids(api, 'nodeIdByTwinID', [twinId]);
  if (node.publicConfig)
    await submit({ api, signer: farmer }, publicConfigTx(api, node.farmId, id, node.publicConfig));
  return id;
}

export class GridRegistrar {
  /** extrinsics sent by the last `ensure` (0 when genesis had everything) */
  extrinsics = 0;

  constructor(
    private readonly api: ApiPromise,
    private readonly keys: DevKeys,
    /** funds the others; gets a twin too (the grid's default account) */
    private readonly owner: KeyringPair,
  ) {}

  /** The layout's nodes with their ids, registering on the chain what it does not have yet. */
  async ensure(layout: DevGridLayout): Promise<RegisteredNode[]> {
    this.extrinsics = 0;
    const farmers = layout.farms.map((f) => this.keys.pair(f.farmerPath));
    const nodePairs = layout.nodes.map((n) => this.keys.pair(n.path));
    await this.fund([...farmers, ...nodePairs].map((p) => p.address));
    await this.twins([this.owner]);
    await this.twins(farmers);
    const twinIds = await this.twins(nodePairs);
    const farmIds = await this.farms(layout, farmers);
    let nodeIds = await ids(this.api, 'nodeIdByTwinID', twinIds);
    const missing = layout.nodes.filter((_, i) => !nodeIds[i]);
    if (missing.length) {
      await this.all(
        missing.map((n) => () => {
          const farmId = farmIds[layout.farms.indexOf(n.farm)];
          return this.send(nodePairs[n.index - 1], createNodeTx(this.api, { ...n, farmId }));
        }),
      );
      nodeIds = await ids(this.api, 'nodeIdByTwinID', twinIds);
      // only the farmer may set a node's public config: one batch per farm
      await this.all(
        layout.farms.map((farm, f) => () => {
          const calls = missing
            .filter((n) => n.farm === farm && n.publicConfig)
            .map((n) =>
              plainCall(publicConfigTx(this.api, farmIds[f], nodeIds[n.index - 1], n.publicConfig!)),
            );
          if (!calls.length) return Promise.resolve();
          this.extrinsics++;
          return batchAll({ api: this.api, signer: farmers[f] }, calls);
        }),
      );
    }
    return layout.nodes.map((n, i) => ({
      layout: n,
      nodeId: nodeIds[i],
      twinId: twinIds[i],
      farmId: farmIds[layout.farms.indexOf(n.farm)],
    }));
  }

  /** Tops up every account holding less than half of DEV_ACCOUNT_TFT to DEV_ACCOUNT_TFT. */
  private async fund(addresses: string[]): Promise<void> {
    const units = BigInt(DEV_ACCOUNT_TFT) * 10_000_000n;
    const accounts = (await this.api.query.system.account.multi(addresses)) as unknown as {
      data: { free: { toBigInt(): bigint } };
    }[];
    const poor = addresses.filter((_, i) => accounts[i].data.free.toBigInt() < units / 2n);
    for (let i = 0; i < poor.length; i += TRANSFERS_PER_BATCH) {
      const calls = poor
        .slice(i, i + TRANSFERS_PER_BATCH)
        .map((to) => plainCall(this.api.tx.balances.transferKeepAlive(to, units)));
      this.extrinsics++;
      await batchAll({ api: this.api, signer: this.owner }, calls);
    }
  }

  /** Twin ids of `pairs`, creating the missing twins (terms accepted). */
  private async twins(pairs: KeyringPair[]): Promise<number[]> {
    const found = await ids(
      this.api,
      'twinIdByAccountID',
      pairs.map((p) => p.address),
    );
    const missing = pairs.filter((_, i) => !found[i]);
    if (!missing.length) return found;
    await this.all(
      missing.map((p) => () => {
        this.extrinsics++;
        return ensureTwin(this.api, p, DEV_RELAY);
      }),
    );
    return ids(
      this.api,
      'twinIdByAccountID',
      pairs.map((p) => p.address),
    );
  }

  /** Farm ids of the layout's farms, creating the missing ones. */
  private async farms(layout: DevGridLayout, farmers: KeyringPair[]): Promise<number[]> {
    const names = layout.farms.map((f) => bytesArg(f.name));
    const found = await ids(this.api, 'farmIdByName', names);
    const missing = layout.farms.filter((_, f) => !found[f]);
    if (!missing.length) return found;
    await this.all(
      missing.map(
        (farm) => () =>
          this.send(
            farmers[farm.index - 1],
            this.api.tx.tfgridModule.createFarm(
              farm.name,
              farm.publicIps.map((p) => ({ ip: p.ip, gw: p.gw })),
            ),
          ),
      ),
    );
    return ids(this.api, 'farmIdByName', names);
  }

  private async send(pair: KeyringPair, tx: Extrinsic) {
    this.extrinsics++;
    await submit({ api: this.api, signer: pair }, tx);
  }

  /** Runs the sends together (different signers: they share blocks); throws the first failure. */
  private async all(sends: (() => Promise<unknown>)[]): Promise<void> {
    await Promise.all(sends.map((s) => s()));
  }
}
