/** TFChain's smart contract types, events and errors (pallet_smart_contract), in TFChain's order. */
import type { TypeSpec, VariantSpec } from '../pallet';

const T = 'pallet_smart_contract::types';

export const SMART_CONTRACT_TYPES: Record<string, TypeSpec> = {
  Cause: {
    path: `${T}::Cause`,
    variants: { CanceledByUser: null, OutOfFunds: null, CanceledByCollective: null },
  },
  ContractState: {
    path: `${T}::ContractState`,
    variants: { Created: null, Deleted: 'Cause', GracePeriod: 'u64' },
  },
  NodeContract: {
    path: `${T}::NodeContract`,
    fields: {
      node_id: 'u32',
      deployment_hash: '[u8;32]',
      deployment_data: 'Bytes',
      public_ips: 'u32',
      public_ips_list: 'Vec<PublicIP>',
    },
  },
  NameContract: { path: `${T}::NameContract`, fields: { name: 'Bytes' } },
  RentContract: { path: `${T}::RentContract`, fields: { node_id: 'u32' } },
  ContractData: {
    path: `${T}::ContractData`,
    variants: { NodeContract: 'NodeContract', NameContract: 'NameContract', RentContract: 'RentContract' },
  },
  Contract: {
    path: `${T}::Contract`,
    fields: {
      version: 'u32',
      state: 'ContractState',
      contract_id: 'u64',
      twin_id: 'u32',
      contract_type: 'ContractData',
      solution_provider_id: 'Option<u64>',
    },
  },
  ContractBillingInformation: {
    path: `${T}::ContractBillingInformation`,
    fields: { previous_nu_reported: 'u64', last_updated: 'u64', amount_unbilled: 'u64' },
  },
  ContractResources: { path: `${T}::ContractResources`, fields: { contract_id: 'u64', used: 'Resources' } },
  ContractLock: {
    path: `${T}::ContractLock`,
    fields: { amount_locked: 'u128', extra_amount_locked: 'u128', lock_updated: 'u64', cycles: 'u16' },
  },
  ContractPaymentState: {
    path: `${T}::ContractPaymentState`,
    fields: {
      standard_reserve: 'u128',
      additional_reserve: 'u128',
      standard_overdraft: 'u128',
      additional_overdraft: 'u128',
      last_updated_seconds: 'u64',
      cycles: 'u16',
    },
  },
  DiscountLevel: {
    path: `${T}::DiscountLevel`,
    variants: { None: null, Default: null, Bronze: null, Silver: null, Gold: null },
  },
  ContractBill: {
    path: `${T}::ContractBill`,
    fields: { contract_id: 'u64', timestamp: 'u64', discount_level: 'DiscountLevel', amount_billed: 'u128' },
  },
  Consumption: {
    path: `${T}::Consumption`,
    fields: {
      contract_id: 'u64',
      timestamp: 'u64',
      cru: 'u64',
      sru: 'u64',
      hru: 'u64',
      mru: 'u64',
      nru: 'u64',
    },
  },
  NruConsumption: {
    path: `${T}::NruConsumption`,
    fields: { contract_id: 'u64', timestamp: 'u64', window: 'u64', nru: 'u64' },
  },
  Provider: { path: `${T}::Provider`, fields: { who: 'AccountId', take: 'u8' } },
  SolutionProvider: {
    path: `${T}::SolutionProvider`,
    fields: {
      solution_provider_id: 'u64',
      providers: 'Vec<Provider>',
      description: 'Bytes',
      link: 'Bytes',
      approved: 'bool',
    },
  },
  ServiceContractState: {
    path: 'pallet_smart_contract::service_contract::ServiceContractState',
    variants: { Created: null, AgreementReady: null, ApprovedByBoth: null },
  },
  ServiceContract: {
    path: 'pallet_smart_contract::service_contract::ServiceContract',
    fields: {
      service_contract_id: 'u64',
      service_twin_id: 'u32',
      consumer_twin_id: 'u32',
      base_fee: 'u64',
      variable_fee: 'u64',
      metadata: 'Bytes',
      accepted_by_service: 'bool',
      accepted_by_consumer: 'bool',
      last_bill: 'u64',
      state: 'ServiceContractState',
    },
  },
  ServiceContractBill: {
    path: 'pallet_smart_contract::service_contract::ServiceContractBill',
    fields: { variable_amount: 'u64', window: 'u64', metadata: 'Bytes' },
  },
};

export const SMART_CONTRACT_EVENTS: Record<string, VariantSpec> = {
  ContractCreated: 'Contract',
  ContractUpdated: 'Contract',
  NodeContractCanceled: { contract_id: 'u64', node_id: 'u32', twin_id: 'u32' },
  NameContractCanceled: { contract_id: 'u64' },
  IPsReserved: { contract_id: 'u64', public_ips: 'Vec<PublicIP>' },
  IPsFreed: { contract_id: 'u64', public_ips: 'Vec<PublicIP>' },
  ContractDeployed: ['u64', 'AccountId'],
  ConsumptionReportReceived: 'Consumption',
  ContractBilled: 'ContractBill',
  TokensBurned: { contract_id: 'u64', amount: 'u128' },
  UpdatedUsedResources: 'ContractResources',
  NruConsumptionReportReceived: 'NruConsumption',
  RentContractCanceled: { contract_id: 'u64' },
  ContractGracePeriodStarted: { contract_id: 'u64', node_id: 'u32', twin_id: 'u32', block_number: 'u64' },
  ContractGracePeriodEnded: { contract_id: 'u64', node_id: 'u32', twin_id: 'u32' },
  SolutionProviderCreated: 'SolutionProvider',
  SolutionProviderApproved: ['u64', 'bool'],
  ServiceContractCreated: 'ServiceContract',
  ServiceContractMetadataSet: 'ServiceContract',
  ServiceContractFeesSet: 'ServiceContract',
  ServiceContractApproved: 'ServiceContract',
  ServiceContractCanceled: { service_contract_id: 'u64', cause: 'Cause' },
  ServiceContractBilled: { service_contract: 'ServiceContract', bill: 'ServiceContractBill', amount: 'u128' },
  BillingFrequencyChanged: 'u64',
  NodeExtraFeeSet: { node_id: 'u32', extra_fee: 'u64' },
};

export const SMART_CONTRACT_ERRORS: readonly string[] = `TwinNotExists NodeNotExists FarmNotExists
FarmHasNotEnoughPublicIPs FarmHasNotEnoughPublicIPsFree FailedToReserveIP FailedToFreeIPs ContractNotExists
TwinNotAuthorizedToUpdateContract TwinNotAuthorizedToCancelContract NodeNotAuthorizedToDeployContract
NodeNotAuthorizedToComputeReport PricingPolicyNotExists ContractIsNotUnique ContractWrongBillingLoopIndex NameExists
NameNotValid InvalidContractType TFTPriceValueError NotEnoughResourcesOnNode NodeNotAuthorizedToReportResources
MethodIsDeprecated NodeHasActiveContracts NodeHasRentContract FarmIsNotDedicated NodeNotAvailableToDeploy
CannotUpdateContractInGraceState NumOverflow OffchainSignedTxCannotSign OffchainSignedTxAlreadySent
OffchainSignedTxNoLocalAccountAvailable NameContractNameTooShort NameContractNameTooLong InvalidProviderConfiguration
NoSuchSolutionProvider SolutionProviderNotApproved TwinNotAuthorized ServiceContractNotExists
ServiceContractCreationNotAllowed ServiceContractModificationNotAllowed ServiceContractApprovalNotAllowed
ServiceContractRejectionNotAllowed ServiceContractBillingNotApprovedByBoth ServiceContractBillingVariableAmountTooHigh
ServiceContractBillMetadataTooLong ServiceContractMetadataTooLong ServiceContractNotEnoughFundsToPayBill
CanOnlyIncreaseFrequency IsNotAnAuthority WrongAuthority UnauthorizedToChangeSolutionProviderId
UnauthorizedToSetExtraFee`.split(/\s+/);
