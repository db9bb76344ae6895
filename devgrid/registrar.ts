/**
 * Registration on the dev chain, as farmers and zos's registrar do it on the real grid: fund an
 * account, accept terms and conditions, create its twin, create farms with public IPs, register
 * nodes with their resources and public config. Runs once per data dir (the chain persists).
 */
import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { submit as submitTx } from '../clients/chain/submit';
import { TfchainClient } from '../clients/chain/tfchain-client';
import type { SubmittableExtrinsic } from '@polkadot/api/types';

/** Sends `tx` signed by `pair` and waits for its block; returns its events (throws ChainError). */
async function submit(api: ApiPromise, pair: KeyringPair, tx: SubmittableExtrinsic<'promise'>) {
  return (await submitTx({ api, signer: pair }, tx)).events;
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
  await submit(api, from, api.tx.balances.transferKeepAlive(to, units));
}

export interface FarmSpec {
  readonly name: string;
  /** CIDR and gateway of each public IPv4 the farm offers */
  readonly publicIps: readonly { ip: string; gw: string }[];
}

/** Creates the farm (owned by `farmer`'s twin) if no farm has that name; returns its id. */
export async function ensureFarm(api: ApiPromise, farmer: KeyringPair, farm: FarmSpec): Promise<number> {
  const existing = Number((await api.query.tfgridModule.farmIdByName(farm.name)).toString());
  if (existing) return existing;
  const events = await submit(
    api,
    farmer,
    api.tx.tfgridModule.createFarm(
      farm.name,
      farm.publicIps.map((p) => ({ ip: p.ip, gw: p.gw })),
    ),
  );
  const stored = events.find((e) => e.method === 'FarmStored');
  return Number(
    (stored?.data[0] as { id?: number })?.id ??
      (await api.query.tfgridModule.farmIdByName(farm.name)).toString(),
  );
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

/** Registers the node owned by `nodePair`'s twin if it is not registered yet (its farmer sets its public config); returns its id. */
export async function ensureNode(
  api: ApiPromise,
  nodePair: KeyringPair,
  farmer: KeyringPair,
  twinId: number,
  node: NodeSpec,
): Promise<number> {
  let id = Number((await api.query.tfgridModule.nodeIdByTwinID(twinId)).toString());
  if (!id) {
    const events = await submit(
      api,
      nodePair,
      api.tx.tfgridModule.createNode(
        node.farmId,
        node.resources,
        { city: node.city, country: node.country, latitude: '0', longitude: '0' },
        [],
        false,
        true,
        null,
      ),
    );
    const stored = events.find((e) => e.method === 'NodeStored');
    id = Number(
      (stored?.data[0] as { id?: number })?.id ??
        (await api.query.tfgridModule.nodeIdByTwinID(twinId)).toString(),
    );
    if (node.publicConfig) {
      const pc = node.publicConfig;
      // only the farmer may set a node's public config
      await submit(
        api,
        farmer,
        api.tx.tfgridModule.addNodePublicConfig(node.farmId, id, {
          ip4: pc.ip4,
          ip6: pc.ip6 ?? null,
          domain: pc.domain ?? null,
        }),
      );
    }
  }
  return id;
}
