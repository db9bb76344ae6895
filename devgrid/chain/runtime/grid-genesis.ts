/**
 * A registered grid in the dev chain's genesis: accounts funded, twins (terms accepted), farms with
 * public IPs, nodes with resources and public config. Each registration is the call a farmer or a
 * node sends on the real grid (`userAcceptTc`, `createTwin`, `createFarm`, `createNode`,
 * `addNodePublicConfig`), dispatched by TfgridModule's own handlers with the same signed origin, so
 * the storage is exactly what those extrinsics leave (same items, keys and encodings, ids in the
 * same order), without a block each. As on Substrate, genesis deposits no events and charges no fees.
 */
import { expandMetadata } from '@polkadot/types/metadata';
import type { Codec } from '@polkadot/types-codec/types';
import { DEFAULT_TERMS } from '../../../clients/chain/twins';
import type { Runtime } from './executive';
import { endow } from './genesis';

export interface GridGenesis {
  /** accounts endowed at genesis (account id hex, free balance in units of 10^-7 TFT) */
  readonly accounts: readonly { readonly id: string; readonly free: bigint }[];
  /** twins in id order (the first gets twin 1 on a new chain) */
  readonly twins: readonly { readonly account: string; readonly relay: string | null }[];
  /** farms in id order, each owned by an account with a twin */
  readonly farms: readonly {
    readonly owner: string;
    readonly name: string;
    readonly publicIps: readonly { readonly ip: string; readonly gw: string }[];
  }[];
  /** nodes in id order, each the twin of its account, on the farm of that name */
  readonly nodes: readonly {
    readonly account: string;
    readonly farmName: string;
    /** cores, and bytes of memory, ssd and hdd */
    readonly resources: {
      readonly cru: number;
      readonly mru: number;
      readonly sru: number;
      readonly hru: number;
    };
    readonly location: {
      readonly city: string;
      readonly country: string;
      readonly latitude: string;
      readonly longitude: string;
    };
    /** set by the farm's owner, as `addNodePublicConfig` */
    readonly publicConfig?: {
      readonly ip4: { readonly ip: string; readonly gw: string };
      readonly ip6: { readonly ip: string; readonly gw: string } | null;
      readonly domain: string | null;
    };
  }[];
}

type CallBuilder = (...args: unknown[]) => Codec;

/** Writes `grid` into the genesis state of `runtime` (block 0, before the genesis block is made). */
export function buildGridGenesis(runtime: Runtime, grid: GridGenesis): void {
  const ctx = runtime.context({ root: true });
  let minted = 0n;
  for (const a of grid.accounts) {
    if (ctx.contains('System', 'Account', a.id))
      throw new Error(`dev chain genesis: account ${a.id} is endowed twice (a dev account, or listed twice)`);
    endow(ctx, a.id, a.free);
    minted += a.free;
  }
  const issuance = BigInt(ctx.get('Balances', 'TotalIssuance')?.toString() ?? '0');
  ctx.put('Balances', 'TotalIssuance', [], issuance + minted);

  const tfgrid = expandMetadata(runtime.registry, runtime.metadata).tx.tfgridModule as unknown as Record<
    string,
    CallBuilder
  >;
  const register = (what: string, signer: string, call: Codec) => {
    try {
      runtime.checkDecodable(call);
      runtime.dispatch(call, { signed: signer });
    } catch (e) {
      throw new Error(`dev chain genesis: ${what} failed: ${(e as Error).message}`);
    }
  };
  for (const t of grid.twins) {
    register(
      `the terms of ${t.account}`,
      t.account,
      tfgrid.userAcceptTc(DEFAULT_TERMS.link, DEFAULT_TERMS.hash),
    );
    register(`the twin of ${t.account}`, t.account, tfgrid.createTwin(t.relay, null));
  }
  const farmIds = new Map<string, number>();
  for (const f of grid.farms) {
    register(`farm '${f.name}'`, f.owner, tfgrid.createFarm(f.name, f.publicIps));
    farmIds.set(f.name, Number(ctx.get('TfgridModule', 'FarmID')?.toString()));
  }
  for (const n of grid.nodes) {
    const farmId = farmIds.get(n.farmName);
    const owner = grid.farms.find((f) => f.name === n.farmName)?.owner;
    if (farmId === undefined || owner === undefined)
      throw new Error(
        `dev chain genesis: node of ${n.account} names farm '${n.farmName}', which genesis does not create`,
      );
    register(
      `the node of ${n.account}`,
      n.account,
      tfgrid.createNode(farmId, n.resources, n.location, [], false, true, null),
    );
    if (n.publicConfig) {
      const nodeId = Number(ctx.get('TfgridModule', 'NodeID')?.toString());
      register(
        `the public config of node ${nodeId}`,
        owner,
        tfgrid.addNodePublicConfig(farmId, nodeId, n.publicConfig),
      );
    }
  }
}
