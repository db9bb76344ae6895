/**
 * TfgridModule (index 25): terms and conditions, twins, farms with public IPs, nodes with
 * resources and public config, pricing policies. Rules and errors as TFChain's pallet_tfgrid.
 */
import { hexToString } from '@polkadot/util';
import type { CallContext, PalletSpec } from '../pallet';
import { moduleError } from '../pallet';
import { TFGRID_ERRORS, TFGRID_TYPES } from './tfgrid-types';
import { isRelayAddress } from '../../../clients/chain/twins';
import { benchmarked } from '../runtime/weights';

const P = 'TfgridModule';
const fail = (error: string) => moduleError(P, error);
const bytes = (v: { toU8a(bare: boolean): Uint8Array }) => Buffer.from(v.toU8a(true)).toString('utf8');

/** The twin id of an account, if it has one. */
export function twinIdOf(ctx: CallContext, account: string): number | undefined {
  const id = ctx.get(P, 'TwinIdByAccountID', account);
  return id === undefined ? undefined : Number(id.toString());
}

/** The signer's twin id; fails with `errorPallet.TwinNotExists` when the signer has none. */
export function signerTwin(ctx: CallContext, errorPallet = P): number {
  const id = twinIdOf(ctx, ctx.signer());
  if (id === undefined) throw moduleError(errorPallet, 'TwinNotExists');
  return id;
}

const GiB = 1024n ** 3n;
/** A node's DAO vote weight: 2 * CU + SU with TFChain's integer formulas (support/resources.rs). */
export function nodeWeight(r: {
  hru: number | string;
  sru: number | string;
  cru: number | string;
  mru: number | string;
}): bigint {
  const [hru, sru, cru, mru] = [r.hru, r.sru, r.cru, r.mru].map((x) => BigInt(x));
  const cruMin = cru * 2n * GiB * 1000n;
  const mruMin = ((mru > 0n ? mru - 1n : 0n) * GiB * 1000n) / 4n;
  const sruMin = (sru * 1000n) / 50n;
  let cu = 0n;
  if (cruMin < mruMin && cruMin < sruMin) cu = cruMin;
  else if (mruMin < cruMin && mruMin < sruMin) cu = mruMin;
  else if (sruMin < cruMin && sruMin < mruMin) cu = sruMin;
  const cuUnits = 2n * (cu / GiB / 1000n);
  const su = ((hru * 1000n) / 1200n + (sru * 1000n) / 250n) / GiB / 1000n;
  return cuUnits * 2n + su;
}

function addFarmWeight(ctx: CallContext, farmId: number, delta: bigint): void {
  const current = BigInt(ctx.get('Dao', 'FarmWeight', farmId)?.toString() ?? '0');
  const next = current + delta;
  ctx.put('Dao', 'FarmWeight', [farmId], next < 0n ? 0n : next);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function ownedFarm(ctx: CallContext, farmId: number, wrongTwinError: string): Record<string, any> {
  const twin = signerTwin(ctx);
  const farm = ctx.getJson(P, 'Farms', farmId);
  if (!farm) throw fail('FarmNotExists');
  if (farm.twinId !== twin) throw fail(wrongTwinError);
  return farm;
}

const NODE_ARGS = {
  farm_id: 'u32',
  resources: 'Resources',
  location: 'LocationInput',
  interfaces: 'Vec<Interface>',
  secure_boot: 'bool',
  virtualized: 'bool',
  serial_number: 'Option<Bytes>',
};

export const TFGRID: PalletSpec = {
  name: P,
  index: 25,
  types: TFGRID_TYPES,
  calls: {
    create_farm: {
      index: 1,
      args: { name: 'Bytes', public_ips: 'Vec<IP4>' },
      weight: benchmarked(32_712_000, 3961, 4, 3),
    },
    update_farm: {
      index: 2,
      args: { farm_id: 'u32', name: 'Bytes' },
      weight: benchmarked(35_327_000, 3972, 3, 3),
    },
    set_farm_certification: {
      index: 4,
      args: { farm_id: 'u32', certification: 'FarmCertification' },
      weight: benchmarked(13_406_000, 3877, 1, 1),
    },
    add_farm_ip: {
      index: 5,
      args: { farm_id: 'u32', ip: 'Bytes', gw: 'Bytes' },
      weight: benchmarked(18_165_000, 4034, 2, 1),
    },
    remove_farm_ip: {
      index: 6,
      args: { farm_id: 'u32', ip: 'Bytes' },
      weight: benchmarked(17_473_000, 4034, 2, 1),
    },
    create_node: { index: 8, args: NODE_ARGS, weight: benchmarked(48_562_000, 11795, 12, 5) },
    update_node: {
      index: 9,
      args: { node_id: 'u32', ...NODE_ARGS },
      weight: benchmarked(27_723_000, 4126, 4, 2),
    },
    report_uptime: { index: 11, args: { uptime: 'u64' }, weight: benchmarked(19_006_000, 3919, 4, 0) },
    add_node_public_config: {
      index: 12,
      weight: benchmarked(25_277_000, 4244, 3, 1),
      args: { farm_id: 'u32', node_id: 'u32', public_config: 'Option<PublicConfig>' },
    },
    create_twin: {
      index: 17,
      args: { relay: 'Option<Bytes>', pk: 'Option<Bytes>' },
      weight: benchmarked(14_808_000, 3700, 3, 3),
    },
    update_twin: {
      index: 18,
      args: { relay: 'Option<Bytes>', pk: 'Option<Bytes>' },
      weight: benchmarked(15_479_000, 3893, 2, 1),
    },
    user_accept_tc: {
      index: 25,
      args: { document_link: 'Bytes', document_hash: 'Bytes' },
      weight: benchmarked(7_644_000, 3605, 2, 1),
    },
    report_uptime_v2: {
      index: 38,
      args: { uptime: 'u64', timestamp_hint: 'u64' },
      weight: benchmarked(18_385_000, 3919, 4, 0),
    },
  },
  events: {
    FarmStored: 'Farm',
    FarmUpdated: 'Farm',
    FarmDeleted: 'u32',
    NodeStored: 'Node',
    NodeUpdated: 'Node',
    NodeDeleted: 'u32',
    NodeUptimeReported: ['u32', 'u64', 'u64'],
    NodePublicConfigStored: ['u32', 'Option<PublicConfig>'],
    EntityStored: 'Entity',
    EntityUpdated: 'Entity',
    EntityDeleted: 'u32',
    TwinStored: 'Twin',
    TwinUpdated: 'Twin',
    TwinEntityStored: ['u32', 'u32', 'Bytes'],
    TwinEntityRemoved: ['u32', 'u32'],
    TwinDeleted: 'u32',
    TwinAccountBounded: ['u32', 'AccountId'],
    PricingPolicyStored: 'PricingPolicy',
    FarmingPolicyStored: 'FarmingPolicy',
    FarmPayoutV2AddressRegistered: ['u32', 'Bytes'],
    FarmMarkedAsDedicated: 'u32',
    ConnectionPriceSet: 'u32',
    NodeCertificationSet: ['u32', 'NodeCertification'],
    NodeCertifierAdded: 'AccountId',
    NodeCertifierRemoved: 'AccountId',
    FarmingPolicyUpdated: 'FarmingPolicy',
    FarmingPolicySet: ['u32', 'Option<FarmingPolicyLimit>'],
    FarmCertificationSet: ['u32', 'FarmCertification'],
    ZosVersionUpdated: 'Bytes',
    PowerTargetChanged: { farm_id: 'u32', node_id: 'u32', power_target: 'Power' },
    PowerStateChanged: { farm_id: 'u32', node_id: 'u32', power_state: 'PowerState' },
  },
  errors: TFGRID_ERRORS,
  storage: [
    { name: 'Farms', type: 'Farm', keys: [{ hasher: 'Blake2_128Concat', type: 'u32' }], optional: true },
    { name: 'NodesByFarmID', type: 'Vec<u32>', keys: [{ hasher: 'Blake2_128Concat', type: 'u32' }] },
    { name: 'FarmIdByName', type: 'u32', keys: [{ hasher: 'Blake2_128Concat', type: 'Bytes' }] },
    { name: 'Nodes', type: 'Node', keys: [{ hasher: 'Blake2_128Concat', type: 'u32' }], optional: true },
    { name: 'NodeIdByTwinID', type: 'u32', keys: [{ hasher: 'Blake2_128Concat', type: 'u32' }] },
    { name: 'Twins', type: 'Twin', keys: [{ hasher: 'Blake2_128Concat', type: 'u32' }], optional: true },
    {
      name: 'TwinIdByAccountID',
      type: 'u32',
      keys: [{ hasher: 'Blake2_128Concat', type: 'AccountId' }],
      optional: true,
    },
    {
      name: 'PricingPolicies',
      type: 'PricingPolicy',
      keys: [{ hasher: 'Blake2_128Concat', type: 'u32' }],
      optional: true,
    },
    { name: 'PricingPolicyIdByName', type: 'u32', keys: [{ hasher: 'Blake2_128Concat', type: 'Bytes' }] },
    {
      name: 'FarmingPoliciesMap',
      type: 'FarmingPolicy',
      keys: [{ hasher: 'Blake2_128Concat', type: 'u32' }],
    },
    {
      name: 'UsersTermsAndConditions',
      type: 'Vec<TermsAndConditions>',
      keys: [{ hasher: 'Blake2_128Concat', type: 'AccountId' }],
      optional: true,
    },
    { name: 'ConnectionPrice', type: 'u32' },
    { name: 'FarmID', type: 'u32' },
    { name: 'NodeID', type: 'u32' },
    { name: 'TwinID', type: 'u32' },
    { name: 'PricingPolicyID', type: 'u32' },
    { name: 'FarmingPolicyID', type: 'u32' },
    { name: 'ZosVersion', type: 'Bytes' },
    { name: 'NodePower', type: 'NodePower', keys: [{ hasher: 'Blake2_128Concat', type: 'u32' }] },
  ],
  handlers: {
    user_accept_tc: (ctx, a) => {
      const who = ctx.signer();
      const list = ctx.getJson<unknown[]>(P, 'UsersTermsAndConditions', who) ?? [];
      list.push({
        accountId: who,
        timestamp: Math.floor(ctx.now / 1000),
        documentLink: a.document_link.toHex(),
        documentHash: a.document_hash.toHex(),
      });
      ctx.put(P, 'UsersTermsAndConditions', [who], list);
    },
    create_twin: (ctx, a) => {
      const who = ctx.signer();
      if (!ctx.get(P, 'UsersTermsAndConditions', who)) throw fail('UserDidNotSignTermsAndConditions');
      if (twinIdOf(ctx, who) !== undefined) throw fail('TwinWithPubkeyExists');
      const relay = a.relay.toJSON() as string | null;
      if (relay !== null && !isRelayAddress(hexToString(relay))) throw fail('InvalidRelayAddress');
      const id = Number(ctx.get(P, 'TwinID')?.toString() ?? 0) + 1;
      const twin = { id, accountId: who, relay, entities: [], pk: a.pk.toJSON() };
      ctx.put(P, 'Twins', [id], twin);
      ctx.put(P, 'TwinIdByAccountID', [who], id);
      ctx.put(P, 'TwinID', [], id);
      ctx.emit(P, 'TwinStored', twin);
    },
    update_twin: (ctx, a) => {
      const id = signerTwin(ctx);
      const relay = a.relay.toJSON() as string | null;
      if (relay !== null && !isRelayAddress(hexToString(relay))) throw fail('InvalidRelayAddress');
      const twin = { ...ctx.getJson(P, 'Twins', id), relay, pk: a.pk.toJSON() };
      ctx.put(P, 'Twins', [id], twin);
      ctx.emit(P, 'TwinUpdated', twin);
    },
    create_farm: (ctx, a) => {
      const twin = signerTwin(ctx);
      const name = bytes(a.name);
      if (name.length < 3) throw fail('FarmNameTooShort');
      if (name.length > 40) throw fail('FarmNameTooLong');
      if (!/^[A-Za-z0-9_-]+$/.test(name)) throw fail('InvalidFarmName');
      if (ctx.get(P, 'FarmIdByName', a.name.toHex())?.toString() !== '0') throw fail('FarmExists');
      const id = Number(ctx.get(P, 'FarmID')?.toString() ?? 0) + 1;
      const ips = (a.public_ips.toJSON() as { ip: string; gw: string }[]).map((ip) => ({
        ip: ip.ip,
        gateway: ip.gw,
        contractId: 0,
      }));
      const farm = {
        version: 4,
        id,
        name: a.name.toHex(),
        twinId: twin,
        pricingPolicyId: 1,
        certification: 'NotCertified',
        publicIps: ips,
        dedicatedFarm: false,
        farmingPolicyLimits: null,
      };
      ctx.put(P, 'Farms', [id], farm);
      ctx.put(P, 'FarmIdByName', [a.name.toHex()], id);
      ctx.put(P, 'FarmID', [], id);
      ctx.emit(P, 'FarmStored', farm);
    },
    update_farm: (ctx, a) => {
      const farm = ownedFarm(ctx, Number(a.farm_id.toString()), 'CannotUpdateFarmWrongTwin');
      ctx.remove(P, 'FarmIdByName', farm.name);
      farm.name = a.name.toHex();
      ctx.put(P, 'FarmIdByName', [farm.name], farm.id);
      ctx.put(P, 'Farms', [farm.id], farm);
      ctx.emit(P, 'FarmUpdated', farm);
    },
    // RestrictedOrigin: Root (an approved DAO proposal) or a council approval certifies farms
    set_farm_certification: (ctx, a) => {
      ctx.ensureRootOrCouncil();
      const id = Number(a.farm_id.toString());
      const farm = ctx.getJson(P, 'Farms', id);
      if (!farm) throw fail('FarmNotExists');
      farm.certification = a.certification.toString();
      ctx.put(P, 'Farms', [id], farm);
      ctx.emit(P, 'FarmCertificationSet', id, farm.certification);
    },
    add_farm_ip: (ctx, a) => {
      const farm = ownedFarm(ctx, Number(a.farm_id.toString()), 'CannotUpdateFarmWrongTwin');
      const ip = a.ip.toHex();
      if (farm.publicIps.some((p: { ip: string }) => p.ip === ip)) throw fail('IpExists');
      farm.publicIps.push({ ip, gateway: a.gw.toHex(), contractId: 0 });
      ctx.put(P, 'Farms', [farm.id], farm);
      ctx.emit(P, 'FarmUpdated', farm);
    },
    remove_farm_ip: (ctx, a) => {
      const farm = ownedFarm(ctx, Number(a.farm_id.toString()), 'CannotUpdateFarmWrongTwin');
      const ip = a.ip.toHex();
      const found = farm.publicIps.find((p: { ip: string }) => p.ip === ip);
      if (!found) throw fail('IpNotExists');
      if (Number(found.contractId) !== 0) throw fail('CannotDeleteFarmWithPublicIPs');
      farm.publicIps = farm.publicIps.filter((p: { ip: string }) => p.ip !== ip);
      ctx.put(P, 'Farms', [farm.id], farm);
      ctx.emit(P, 'FarmUpdated', farm);
    },
    create_node: (ctx, a) => {
      const twin = signerTwin(ctx);
      const farmId = Number(a.farm_id.toString());
      if (!ctx.get(P, 'Farms', farmId)) throw fail('FarmNotExists');
      if (ctx.get(P, 'NodeIdByTwinID', twin)?.toString() !== '0') throw fail('NodeWithTwinIdExists');
      const id = Number(ctx.get(P, 'NodeID')?.toString() ?? 0) + 1;
      const node = {
        version: 6,
        id,
        farmId,
        twinId: twin,
        resources: a.resources.toJSON(),
        location: a.location.toJSON(),
        publicConfig: null,
        created: Math.floor(ctx.now / 1000),
        farmingPolicyId: 1,
        interfaces: a.interfaces.toJSON(),
        certification: 'Diy',
        secureBoot: a.secure_boot.toJSON(),
        virtualized: a.virtualized.toJSON(),
        serialNumber: a.serial_number.toJSON(),
        connectionPrice: Number(ctx.get(P, 'ConnectionPrice')?.toString() ?? 0),
      };
      ctx.put(P, 'Nodes', [id], node);
      ctx.put(P, 'NodeID', [], id);
      ctx.put(P, 'NodeIdByTwinID', [twin], id);
      ctx.append(P, 'NodesByFarmID', [farmId], id);
      addFarmWeight(ctx, farmId, nodeWeight(node.resources as never));
      ctx.emit(P, 'NodeStored', node);
    },
    update_node: (ctx, a) => {
      const twin = signerTwin(ctx);
      const node = ctx.getJson(P, 'Nodes', Number(a.node_id.toString()));
      if (!node) throw fail('NodeNotExists');
      if (node.twinId !== twin) throw fail('NodeUpdateNotAuthorized');
      const farmId = Number(a.farm_id.toString());
      if (!ctx.get(P, 'Farms', farmId)) throw fail('FarmNotExists');
      addFarmWeight(ctx, node.farmId, -nodeWeight(node.resources));
      const updated = {
        ...node,
        farmId,
        resources: a.resources.toJSON(),
        location: a.location.toJSON(),
        interfaces: a.interfaces.toJSON(),
        secureBoot: a.secure_boot.toJSON(),
        virtualized: a.virtualized.toJSON(),
        serialNumber: a.serial_number.toJSON(),
      };
      if (farmId !== node.farmId) {
        ctx.put(
          P,
          'NodesByFarmID',
          [node.farmId],
          (ctx.getJson<number[]>(P, 'NodesByFarmID', node.farmId) ?? []).filter((n) => n !== node.id),
        );
        ctx.put(
          P,
          'NodesByFarmID',
          [farmId],
          [...(ctx.getJson<number[]>(P, 'NodesByFarmID', farmId) ?? []), node.id],
        );
      }
      addFarmWeight(ctx, farmId, nodeWeight(updated.resources as never));
      ctx.put(P, 'Nodes', [node.id], updated);
      ctx.emit(P, 'NodeUpdated', updated);
    },
    add_node_public_config: (ctx, a) => {
      const farm = ownedFarm(ctx, Number(a.farm_id.toString()), 'CannotUpdateFarmWrongTwin');
      const node = ctx.getJson(P, 'Nodes', Number(a.node_id.toString()));
      if (!node) throw fail('NodeNotExists');
      if (node.farmId !== farm.id) throw fail('NodeUpdateNotAuthorized');
      node.publicConfig = a.public_config.toJSON();
      ctx.put(P, 'Nodes', [node.id], node);
      ctx.emit(P, 'NodePublicConfigStored', node.id, node.publicConfig);
    },
    report_uptime: (ctx, a) => reportUptime(ctx, a.uptime.toString()),
    report_uptime_v2: (ctx, a) => reportUptime(ctx, a.uptime.toString()),
  },
};

function reportUptime(ctx: CallContext, uptime: string): void {
  const twin = signerTwin(ctx);
  const nodeId = Number(ctx.get(P, 'NodeIdByTwinID', twin)?.toString() ?? 0);
  if (!nodeId) throw fail('NodeNotExists');
  ctx.emit(P, 'NodeUptimeReported', nodeId, Math.floor(ctx.now / 1000), uptime);
}
