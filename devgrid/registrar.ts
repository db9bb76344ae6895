/**
 * Registration on the dev chain, as farmers and zos's registrar do it on the real grid: fund an
 * account, accept terms and conditions, create its twin, create farms with public IPs, register
 * nodes with their resources and public config. Runs once per data dir (the chain persists).
 */
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';

/** Sends `tx` signed by `pair`, waits for its block, throws `pallet.Error` on a failed dispatch. */
export async function submit(api: ApiPromise, pair: KeyringPair, tx: SubmittableExtrinsic<'promise'>): Promise<{ section: string; method: string; data: unknown[] }[]> {
  return new Promise((resolve, reject) => {
    let unsub: (() => void) | undefined;
    tx.signAndSend(pair, { nonce: -1 }, (result) => {
      if (!result.status.isInBlock && !result.status.isFinalized) return;
      unsub?.();
      if (result.dispatchError) {
        const e = result.dispatchError;
        if (e.isModule) {
          const meta = api.registry.findMetaError(e.asModule);
          reject(new Error(`${meta.section}.${meta.name}`));
        } else reject(new Error(e.toString()));
        return;
      }
      resolve(result.events.map((r) => ({ section: r.event.section, method: r.event.method, data: r.event.data.toJSON() as unknown[] })));
    })
      .then((u) => {
        unsub = u;
      })
      .catch(reject);
  });
}

const TC_LINK = 'https://library.threefold.me/info/legal/#/';
const TC_HASH = 'devgrid';

/** The twin of `pair`, created if needed (with `relay` and optional rmb `pk`). */
export async function ensureTwin(api: ApiPromise, pair: KeyringPair, relay: string, pk?: Uint8Array): Promise<number> {
  const existing = Number((await api.query.tfgridModule.twinIdByAccountID(pair.address)).toString());
  if (existing) return existing;
  await submit(api, pair, api.tx.tfgridModule.userAcceptTc(TC_LINK, TC_HASH));
  const events = await submit(api, pair, api.tx.tfgridModule.createTwin(relay, pk ? `0x${Buffer.from(pk).toString('hex')}` : null));
  const stored = events.find((e) => e.method === 'TwinStored');
  return Number((stored?.data[0] as { id?: number })?.id ?? (await api.query.tfgridModule.twinIdByAccountID(pair.address)).toString());
}

/** Transfers `amountTft` (whole TFT; 7 decimals on chain) from `from` to `to` when `to` has less than half of it. */
export async function fund(api: ApiPromise, from: KeyringPair, to: string, amountTft: number): Promise<void> {
  const units = BigInt(amountTft) * 10_000_000n;
  const account = (await api.query.system.account(to)) as unknown as { data: { free: { toBigInt(): bigint } } };
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
  const events = await submit(api, farmer, api.tx.tfgridModule.createFarm(farm.name, farm.publicIps.map((p) => ({ ip: p.ip, gw: p.gw }))));
  const stored = events.find((e) => e.method === 'FarmStored');
  return Number((stored?.data[0] as { id?: number })?.id ?? (await api.query.tfgridModule.farmIdByName(farm.name)).toString());
}

export interface NodeSpec {
  readonly farmId: number;
  /** cores, and bytes of memory, ssd, hdd */
  readonly resources: { cru: number; mru: number; sru: number; hru: number };
  readonly country: string;
  readonly city: string;
  readonly publicConfig?: { ip4: { ip: string; gw: string }; ip6?: { ip: string; gw: string }; domain?: string };
}

/** Registers the node owned by `nodePair`'s twin if it is not registered yet (its farmer sets its public config); returns its id. */
export async function ensureNode(api: ApiPromise, nodePair: KeyringPair, farmer: KeyringPair, twinId: number, node: NodeSpec): Promise<number> {
  let id = Number((await api.query.tfgridModule.nodeIdByTwinID(twinId)).toString());
  if (!id) {
    const events = await submit(
      api,
      nodePair,
      api.tx.tfgridModule.createNode(node.farmId, node.resources, { city: node.city, country: node.country, latitude: '0', longitude: '0' }, [], false, true, null),
    );
    const stored = events.find((e) => e.method === 'NodeStored');
    id = Number((stored?.data[0] as { id?: number })?.id ?? (await api.query.tfgridModule.nodeIdByTwinID(twinId)).toString());
    if (node.publicConfig) {
      const pc = node.publicConfig;
      // only the farmer may set a node's public config
      await submit(api, farmer, api.tx.tfgridModule.addNodePublicConfig(node.farmId, id, { ip4: pc.ip4, ip6: pc.ip6 ?? null, domain: pc.domain ?? null }));
    }
  }
  return id;
}
