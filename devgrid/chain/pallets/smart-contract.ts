/**
 * SmartContractModule (index 26): node, name and rent contracts; update, cancel, public IP
 * reservation from the farm, uniqueness of (node, deployment hash), resource reports, billing.
 */
import type { CallContext, PalletSpec } from '../pallet';
import { moduleError } from '../pallet';
import { billContract, cancelContract, DEFAULT_BILLING_FREQUENCY, insertInBillingLoop } from './billing';
import type { GenesisStep } from '../runtime/genesis';
import { SMART_CONTRACT_ERRORS, SMART_CONTRACT_EVENTS, SMART_CONTRACT_TYPES } from './smart-contract-types';
import { signerTwin } from './tfgrid';
import { benchmarked } from '../runtime/weights';

const P = 'SmartContractModule';
const TG = 'TfgridModule';
const fail = (error: string) => moduleError(P, error);
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const num = (v: { toString(): string }) => Number(v.toString());
/** TFChain runtime's MaxDeploymentDataLength */
const MAX_DEPLOYMENT_DATA = 512;

function newContract(
  ctx: CallContext,
  twinId: number,
  contractType: unknown,
  solutionProviderId: unknown,
): Json {
  const id = num(ctx.get(P, 'ContractID') ?? 0) + 1;
  ctx.put(P, 'ContractID', [], id);
  const contract = {
    version: 4,
    state: { Created: null },
    contractId: id,
    twinId,
    contractType,
    solutionProviderId,
  };
  const nowSec = Math.floor(ctx.now / 1000);
  ctx.put(P, 'ContractBillingInformationByID', [id], {
    previousNuReported: 0,
    lastUpdated: nowSec,
    amountUnbilled: 0,
  });
  ctx.put(P, 'ContractLock', [id], { amountLocked: 0, extraAmountLocked: 0, lockUpdated: nowSec, cycles: 0 });
  ctx.put(P, 'ContractPaymentState', [id], { lastUpdatedSeconds: nowSec });
  insertInBillingLoop(ctx, id);
  return contract;
}

function ownContract(ctx: CallContext, contractId: number, notAuthorized: string): Json {
  const twin = signerTwin(ctx, P);
  const contract = ctx.getJson(P, 'Contracts', contractId);
  if (!contract) throw fail('ContractNotExists');
  if (contract.twinId !== twin) throw fail(notAuthorized);
  return contract;
}

/** Node must exist, and be free to deploy on for `twin` (not rented by someone else). */
function deployableNode(ctx: CallContext, nodeId: number, twin: number): Json {
  const node = ctx.getJson(TG, 'Nodes', nodeId);
  if (!node) throw fail('NodeNotExists');
  const farm = ctx.getJson(TG, 'Farms', node.farmId);
  if (!farm) throw fail('FarmNotExists');
  const rent = ctx.get(P, 'ActiveRentContractForNode', nodeId);
  if (rent) {
    const rentContract = ctx.getJson(P, 'Contracts', num(rent));
    if (rentContract && rentContract.twinId !== twin) throw fail('NodeNotAvailableToDeploy');
  } else if (farm.dedicatedFarm) {
    throw fail('NodeNotAvailableToDeploy');
  }
  return { node, farm };
}

function reserveIps(ctx: CallContext, farm: Json, contractId: number, count: number): Json[] {
  if (count === 0) return [];
  if (farm.publicIps.length < count) throw fail('FarmHasNotEnoughPublicIPs');
  const free = farm.publicIps.filter((ip: Json) => Number(ip.contractId) === 0);
  if (free.length < count) throw fail('FarmHasNotEnoughPublicIPsFree');
  const taken = free.slice(0, count);
  for (const ip of taken) ip.contractId = contractId;
  ctx.put(TG, 'Farms', [farm.id], farm);
  return taken.map((ip: Json) => ({ ...ip }));
}

function validName(name: string): boolean {
  return /^[a-z0-9\-_]+$/.test(name);
}

export const SMART_CONTRACT: PalletSpec = {
  name: P,
  index: 26,
  types: SMART_CONTRACT_TYPES,
  calls: {
    create_node_contract: {
      index: 0,
      weight: benchmarked(104_197_000, 4333, 12, 8),
      args: {
        node_id: 'u32',
        deployment_hash: '[u8;32]',
        deployment_data: 'Bytes',
        public_ips: 'u32',
        solution_provider_id: 'Option<u64>',
      },
      bounds: { deployment_data: MAX_DEPLOYMENT_DATA },
    },
    update_node_contract: {
      index: 1,
      weight: benchmarked(27_472_000, 4357, 3, 4),
      args: { contract_id: 'u64', deployment_hash: '[u8;32]', deployment_data: 'Bytes' },
      bounds: { deployment_data: MAX_DEPLOYMENT_DATA },
    },
    cancel_contract: { index: 2, args: { contract_id: 'u64' }, weight: benchmarked(61_346_000, 4668, 9, 7) },
    create_name_contract: { index: 4, args: { name: 'Bytes' }, weight: benchmarked(25_658_000, 3805, 6, 5) },
    add_nru_reports: {
      index: 5,
      args: { reports: 'Vec<NruConsumption>' },
      weight: benchmarked(38_763_000, 4757, 7, 1),
    },
    report_contract_resources: {
      index: 6,
      args: { contract_resources: 'Vec<ContractResources>' },
      weight: benchmarked(23_485_000, 4236, 3, 1),
    },
    create_rent_contract: {
      index: 7,
      args: { node_id: 'u32', solution_provider_id: 'Option<u64>' },
      weight: benchmarked(35_417_000, 4241, 9, 5),
    },
    bill_contract_for_block: {
      index: 10,
      args: { contract_id: 'u64' },
      weight: benchmarked(81_735_000, 5073, 16, 4),
    },
  },
  events: SMART_CONTRACT_EVENTS,
  errors: SMART_CONTRACT_ERRORS,
  storage: [
    {
      name: 'Contracts',
      type: 'Contract',
      keys: [{ hasher: 'Blake2_128Concat', type: 'u64' }],
      optional: true,
    },
    {
      name: 'ContractBillingInformationByID',
      type: 'ContractBillingInformation',
      keys: [{ hasher: 'Blake2_128Concat', type: 'u64' }],
    },
    {
      name: 'NodeContractResources',
      type: 'ContractResources',
      keys: [{ hasher: 'Blake2_128Concat', type: 'u64' }],
    },
    {
      name: 'ContractIDByNodeIDAndHash',
      type: 'u64',
      keys: [
        { hasher: 'Blake2_128Concat', type: 'u32' },
        { hasher: 'Blake2_128Concat', type: '[u8;32]' },
      ],
    },
    { name: 'ActiveNodeContracts', type: 'Vec<u64>', keys: [{ hasher: 'Blake2_128Concat', type: 'u32' }] },
    { name: 'ContractsToBillAt', type: 'Vec<u64>', keys: [{ hasher: 'Blake2_128Concat', type: 'u64' }] },
    { name: 'ContractLock', type: 'ContractLock', keys: [{ hasher: 'Blake2_128Concat', type: 'u64' }] },
    {
      name: 'ContractPaymentState',
      type: 'ContractPaymentState',
      keys: [{ hasher: 'Blake2_128Concat', type: 'u64' }],
    },
    {
      name: 'ContractIDByNameRegistration',
      type: 'u64',
      keys: [{ hasher: 'Blake2_128Concat', type: 'Bytes' }],
    },
    {
      name: 'ActiveRentContractForNode',
      type: 'u64',
      keys: [{ hasher: 'Blake2_128Concat', type: 'u32' }],
      optional: true,
    },
    { name: 'ContractID', type: 'u64' },
    {
      name: 'SolutionProviders',
      type: 'SolutionProvider',
      keys: [{ hasher: 'Blake2_128Concat', type: 'u64' }],
      optional: true,
    },
    { name: 'SolutionProviderID', type: 'u64' },
    { name: 'BillingFrequency', type: 'u64' },
    { name: 'DedicatedNodesExtraFee', type: 'u64', keys: [{ hasher: 'Blake2_128Concat', type: 'u32' }] },
  ],
  handlers: {
    create_node_contract: (ctx, a) => {
      const twin = signerTwin(ctx, P);
      const nodeId = num(a.node_id);
      const { farm } = deployableNode(ctx, nodeId, twin);
      const hash = a.deployment_hash.toHex();
      if (num(ctx.get(P, 'ContractIDByNodeIDAndHash', nodeId, hash) ?? 0) !== 0)
        throw fail('ContractIsNotUnique');
      const publicIps = num(a.public_ips);
      const contract = newContract(ctx, twin, null, a.solution_provider_id.toJSON());
      const ips = reserveIps(ctx, farm, contract.contractId, publicIps);
      contract.contractType = {
        NodeContract: {
          nodeId,
          deploymentHash: hash,
          deploymentData: a.deployment_data.toHex(),
          publicIps,
          publicIpsList: ips,
        },
      };
      ctx.put(P, 'Contracts', [contract.contractId], contract);
      ctx.put(P, 'ContractIDByNodeIDAndHash', [nodeId, hash], contract.contractId);
      ctx.put(
        P,
        'ActiveNodeContracts',
        [nodeId],
        [...(ctx.getJson<number[]>(P, 'ActiveNodeContracts', nodeId) ?? []), contract.contractId],
      );
      // TFChain declares IPsReserved but never emits it: the IPs are in ContractCreated's publicIpsList
      ctx.emit(P, 'ContractCreated', contract);
    },
    update_node_contract: (ctx, a) => {
      const contract = ownContract(ctx, num(a.contract_id), 'TwinNotAuthorizedToUpdateContract');
      const nc = contract.contractType.nodeContract;
      if (!nc) throw fail('InvalidContractType');
      if (contract.state.gracePeriod !== undefined) throw fail('CannotUpdateContractInGraceState');
      const hash = a.deployment_hash.toHex();
      if (hash !== nc.deploymentHash) {
        if (num(ctx.get(P, 'ContractIDByNodeIDAndHash', nc.nodeId, hash) ?? 0) !== 0)
          throw fail('ContractIsNotUnique');
        ctx.remove(P, 'ContractIDByNodeIDAndHash', nc.nodeId, nc.deploymentHash);
        ctx.put(P, 'ContractIDByNodeIDAndHash', [nc.nodeId, hash], contract.contractId);
      }
      nc.deploymentHash = hash;
      nc.deploymentData = a.deployment_data.toHex();
      ctx.put(P, 'Contracts', [contract.contractId], contract);
      ctx.emit(P, 'ContractUpdated', contract);
    },
    cancel_contract: (ctx, a) => {
      const contract = ownContract(ctx, num(a.contract_id), 'TwinNotAuthorizedToCancelContract');
      const rent = contract.contractType.rentContract;
      if (rent && (ctx.getJson<number[]>(P, 'ActiveNodeContracts', rent.nodeId) ?? []).length > 0)
        throw fail('NodeHasActiveContracts');
      cancelContract(ctx, contract, 'CanceledByUser');
    },
    create_name_contract: (ctx, a) => {
      const twin = signerTwin(ctx, P);
      const name = Buffer.from(a.name.toU8a(true)).toString('utf8');
      if (name.length < 3) throw fail('NameContractNameTooShort');
      if (name.length > 64) throw fail('NameContractNameTooLong');
      if (!validName(name)) throw fail('NameNotValid');
      if (num(ctx.get(P, 'ContractIDByNameRegistration', a.name.toHex()) ?? 0) !== 0)
        throw fail('NameExists');
      const contract = newContract(ctx, twin, { NameContract: { name: a.name.toHex() } }, null);
      ctx.put(P, 'Contracts', [contract.contractId], contract);
      ctx.put(P, 'ContractIDByNameRegistration', [a.name.toHex()], contract.contractId);
      ctx.emit(P, 'ContractCreated', contract);
    },
    create_rent_contract: (ctx, a) => {
      const nodeId = num(a.node_id);
      // TFChain's order of checks; a node with contracts is rentable only on a dedicated farm
      if (ctx.get(P, 'ActiveRentContractForNode', nodeId)) throw fail('NodeHasRentContract');
      const node = ctx.getJson(TG, 'Nodes', nodeId);
      if (!node) throw fail('NodeNotExists');
      const farm = ctx.getJson(TG, 'Farms', node.farmId);
      if (!farm) throw fail('FarmNotExists');
      const busy = (ctx.getJson<number[]>(P, 'ActiveNodeContracts', nodeId) ?? []).length > 0;
      if (busy && !farm.dedicatedFarm) throw fail('NodeNotAvailableToDeploy');
      const twin = signerTwin(ctx, P);
      const contract = newContract(ctx, twin, { RentContract: { nodeId } }, a.solution_provider_id.toJSON());
      ctx.put(P, 'Contracts', [contract.contractId], contract);
      ctx.put(P, 'ActiveRentContractForNode', [nodeId], contract.contractId);
      ctx.emit(P, 'ContractCreated', contract);
    },
    report_contract_resources: (ctx, a) => {
      const twin = signerTwin(ctx, P);
      for (const report of a.contract_resources.toJSON() as Json[]) {
        const contract = ctx.getJson(P, 'Contracts', report.contractId);
        const nodeId = contract?.contractType.nodeContract?.nodeId;
        if (nodeId === undefined) continue;
        const node = ctx.getJson(TG, 'Nodes', nodeId);
        if (!node || node.twinId !== twin) throw fail('NodeNotAuthorizedToReportResources');
        ctx.put(P, 'NodeContractResources', [report.contractId], report);
        ctx.emit(P, 'UpdatedUsedResources', report);
      }
    },
    add_nru_reports: (ctx) => {
      signerTwin(ctx, P);
    },
    // sent by the validators' offchain worker once per billing cycle (see offchain-billing.ts); any signer may
    bill_contract_for_block: (ctx, a) => {
      ctx.signer();
      const contract = ctx.getJson(P, 'Contracts', num(a.contract_id));
      if (!contract) throw fail('ContractNotExists');
      billContract(ctx, contract);
    },
  },
};

/** Genesis: the billing cycle in blocks (TFChain: 600). */
export const smartContractGenesis: GenesisStep = (ctx, _accounts, config) => {
  ctx.put(P, 'BillingFrequency', [], config.billingFrequency ?? DEFAULT_BILLING_FREQUENCY);
};
