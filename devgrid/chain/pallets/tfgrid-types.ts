/** TFChain's tfgrid types (pallet_tfgrid::types and tfchain_support::types), field for field. */
import type { TypeSpec } from '../pallet';

export const TFGRID_TYPES: Record<string, TypeSpec> = {
  EntityProof: {
    path: 'pallet_tfgrid::types::EntityProof',
    fields: { entity_id: 'u32', signature: 'Bytes' },
  },
  Twin: {
    path: 'pallet_tfgrid::types::Twin',
    fields: {
      id: 'u32',
      account_id: 'AccountId',
      relay: 'Option<Bytes>',
      entities: 'Vec<EntityProof>',
      pk: 'Option<Bytes>',
    },
  },
  Entity: {
    path: 'pallet_tfgrid::types::Entity',
    fields: {
      version: 'u32',
      id: 'u32',
      name: 'Bytes',
      account_id: 'AccountId',
      country: 'Bytes',
      city: 'Bytes',
    },
  },
  PublicIP: {
    path: 'tfchain_support::types::PublicIP',
    fields: { ip: 'Bytes', gateway: 'Bytes', contract_id: 'u64' },
  },
  FarmCertification: {
    path: 'tfchain_support::types::FarmCertification',
    variants: { NotCertified: null, Gold: null },
  },
  NodeCertification: {
    path: 'tfchain_support::types::NodeCertification',
    variants: { Diy: null, Certified: null },
  },
  FarmingPolicyLimit: {
    path: 'tfchain_support::types::FarmingPolicyLimit',
    fields: {
      farming_policy_id: 'u32',
      cu: 'Option<u64>',
      su: 'Option<u64>',
      end: 'Option<u64>',
      node_count: 'Option<u32>',
      node_certification: 'bool',
    },
  },
  Farm: {
    path: 'tfchain_support::types::Farm',
    fields: {
      version: 'u32',
      id: 'u32',
      name: 'Bytes',
      twin_id: 'u32',
      pricing_policy_id: 'u32',
      certification: 'FarmCertification',
      public_ips: 'Vec<PublicIP>',
      dedicated_farm: 'bool',
      farming_policy_limits: 'Option<FarmingPolicyLimit>',
    },
  },
  Resources: {
    path: 'tfchain_support::resources::Resources',
    fields: { hru: 'u64', sru: 'u64', cru: 'u64', mru: 'u64' },
  },
  Location: {
    path: 'pallet_tfgrid::node::Location',
    fields: { city: 'Bytes', country: 'Bytes', latitude: 'Bytes', longitude: 'Bytes' },
  },
  LocationInput: {
    path: 'pallet_tfgrid::types::LocationInput',
    fields: { city: 'Bytes', country: 'Bytes', latitude: 'Bytes', longitude: 'Bytes' },
  },
  Interface: {
    path: 'tfchain_support::types::Interface',
    fields: { name: 'Bytes', mac: 'Bytes', ips: 'Vec<Bytes>' },
  },
  IP4: { path: 'tfchain_support::types::IP4', fields: { ip: 'Bytes', gw: 'Bytes' } },
  IP6: { path: 'tfchain_support::types::IP6', fields: { ip: 'Bytes', gw: 'Bytes' } },
  PublicConfig: {
    path: 'tfchain_support::types::PublicConfig',
    fields: { ip4: 'IP4', ip6: 'Option<IP6>', domain: 'Option<Bytes>' },
  },
  Node: {
    path: 'tfchain_support::types::Node',
    fields: {
      version: 'u32',
      id: 'u32',
      farm_id: 'u32',
      twin_id: 'u32',
      resources: 'Resources',
      location: 'Location',
      public_config: 'Option<PublicConfig>',
      created: 'u64',
      farming_policy_id: 'u32',
      interfaces: 'Vec<Interface>',
      certification: 'NodeCertification',
      secure_boot: 'bool',
      virtualized: 'bool',
      serial_number: 'Option<Bytes>',
      connection_price: 'u32',
    },
  },
  Unit: {
    path: 'pallet_tfgrid::types::Unit',
    variants: { Bytes: null, Kilobytes: null, Megabytes: null, Gigabytes: null, Terrabytes: null },
  },
  Policy: { path: 'pallet_tfgrid::types::Policy', fields: { value: 'u32', unit: 'Unit' } },
  PricingPolicy: {
    path: 'pallet_tfgrid::types::PricingPolicy',
    fields: {
      version: 'u32',
      id: 'u32',
      name: 'Bytes',
      su: 'Policy',
      cu: 'Policy',
      nu: 'Policy',
      ipu: 'Policy',
      unique_name: 'Policy',
      domain_name: 'Policy',
      foundation_account: 'AccountId',
      certified_sales_account: 'AccountId',
      discount_for_dedication_nodes: 'u8',
    },
  },
  FarmingPolicy: {
    path: 'pallet_tfgrid::types::FarmingPolicy',
    fields: {
      version: 'u32',
      id: 'u32',
      name: 'Bytes',
      cu: 'u32',
      su: 'u32',
      nu: 'u32',
      ipv4: 'u32',
      minimal_uptime: 'u16',
      policy_created: 'u32',
      policy_end: 'u32',
      immutable: 'bool',
      default: 'bool',
      node_certification: 'NodeCertification',
      farm_certification: 'FarmCertification',
    },
  },
  TermsAndConditions: {
    path: 'pallet_tfgrid::terms_cond::TermsAndConditions',
    fields: { account_id: 'AccountId', timestamp: 'u64', document_link: 'Bytes', document_hash: 'Bytes' },
  },
  Power: { path: 'tfchain_support::types::Power', variants: { Up: null, Down: null } },
  PowerState: { path: 'tfchain_support::types::PowerState', variants: { Up: null, Down: 'u32' } },
  NodePower: { path: 'tfchain_support::types::NodePower', fields: { state: 'PowerState', target: 'Power' } },
};

/** TFChain's tfgrid errors, in order (the index is the module error code). */
export const TFGRID_ERRORS: readonly string[] =
  `NoneValue StorageOverflow CannotCreateNode NodeNotExists NodeWithTwinIdExists
CannotDeleteNode NodeDeleteNotAuthorized NodeUpdateNotAuthorized FarmExists FarmNotExists CannotCreateFarmWrongTwin
CannotUpdateFarmWrongTwin CannotDeleteFarm CannotDeleteFarmWithPublicIPs CannotDeleteFarmWithNodesAssigned
CannotDeleteFarmWrongTwin IpExists IpNotExists EntityWithNameExists EntityWithPubkeyExists EntityNotExists
EntitySignatureDoesNotMatch EntityWithSignatureAlreadyExists CannotUpdateEntity CannotDeleteEntity
SignatureLengthIsIncorrect TwinExists TwinNotExists TwinWithPubkeyExists CannotCreateTwin UnauthorizedToUpdateTwin
TwinCannotBoundToItself PricingPolicyExists PricingPolicyNotExists PricingPolicyWithDifferentIdExists
CertificationCodeExists FarmingPolicyAlreadyExists FarmPayoutAdressAlreadyRegistered FarmerDoesNotHaveEnoughFunds
UserDidNotSignTermsAndConditions FarmerDidNotSignTermsAndConditions FarmerNotAuthorized InvalidFarmName
AlreadyCertifier NotCertifier NotAllowedToCertifyNode FarmingPolicyNotExists RelayTooShort RelayTooLong InvalidRelay
FarmNameTooShort FarmNameTooLong InvalidPublicIP PublicIPTooShort PublicIPTooLong GatewayIPTooShort GatewayIPTooLong
IP4TooShort IP4TooLong InvalidIP4 GW4TooShort GW4TooLong InvalidGW4 IP6TooShort IP6TooLong InvalidIP6 GW6TooShort
GW6TooLong InvalidGW6 DomainTooShort DomainTooLong InvalidDomain MethodIsDeprecated InterfaceNameTooShort
InterfaceNameTooLong InvalidInterfaceName InterfaceMacTooShort InterfaceMacTooLong InvalidMacAddress
InterfaceIpTooShort InterfaceIpTooLong InvalidInterfaceIP InvalidZosVersion FarmingPolicyExpired InvalidHRUInput
InvalidSRUInput InvalidCRUInput InvalidMRUInput LatitudeInputTooShort LatitudeInputTooLong InvalidLatitudeInput
LongitudeInputTooShort LongitudeInputTooLong InvalidLongitudeInput CountryNameTooShort CountryNameTooLong
InvalidCountryName CityNameTooShort CityNameTooLong InvalidCityName InvalidCountryCityPair SerialNumberTooShort
SerialNumberTooLong InvalidSerialNumber DocumentLinkInputTooShort DocumentLinkInputTooLong InvalidDocumentLinkInput
DocumentHashInputTooShort DocumentHashInputTooLong InvalidDocumentHashInput InvalidPublicConfig
UnauthorizedToChangePowerTarget NodeHasActiveContracts InvalidRelayAddress InvalidTimestampHint`.split(/\s+/);
