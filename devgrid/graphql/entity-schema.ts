/**
 * The entities of the grid's GraphQL indexer (tfchain_graphql's processor schema): every type, field
 * name and type as the processor declares them, each entity with its `id`. The query API served
 * over them (lists, `…ById`, `…Connection`, where and orderBy inputs) is generated from this in
 * query-schema.ts, as the processor's GraphQL server generates it.
 */
export const ENTITY_SCHEMA = /* GraphQL */ `
  type Entity @entity {
    id: ID!
    gridVersion: Int!
    entityID: Int!
    name: String!
    country: String
    city: String
    accountID: String!
  }

  type Twin @entity {
    id: ID!
    gridVersion: Int!
    twinID: Int!
    accountID: String!
    relay: String
    publicKey: String
  }

  type EntityProof @entity {
    id: ID!
    entityID: Int!
    signature: String!
    twinRel: Twin!
  }

  type Farm @entity {
    id: ID!
    gridVersion: Int!
    farmID: Int!
    name: String!
    twinID: Int!
    pricingPolicyID: Int!
    certification: FarmCertification
    publicIPs: [PublicIp!] @derivedFrom(field: "farm")
    stellarAddress: String
    dedicatedFarm: Boolean
  }

  type PublicIp @entity {
    id: ID!
    farm: Farm!
    gateway: String!
    ip: String!
    contractId: BigInt!
  }

  type Node @entity {
    id: ID!
    gridVersion: Int!
    nodeID: Int!
    farmID: Int!
    twinID: Int!
    location: Location!
    country: String
    city: String
    publicConfig: PublicConfig @derivedFrom(field: "node")
    resourcesTotal: NodeResourcesTotal @derivedFrom(field: "node")
    uptime: BigInt
    created: Int!
    farmingPolicyId: Int!
    interfaces: [Interfaces!] @derivedFrom(field: "node")
    certification: NodeCertification
    secure: Boolean
    virtualized: Boolean
    serialNumber: String
    createdAt: BigInt!
    updatedAt: BigInt!
    connectionPrice: Int
    power: NodePower
    dedicated: Boolean!
    extraFee: BigInt
  }

  type NodePower {
    state: PowerState!
    target: Power!
  }
  enum PowerState {
    Up
    Down
  }
  enum Power {
    Up
    Down
  }

  type NodeResourcesTotal @entity {
    id: ID!
    node: Node! @unique
    hru: BigInt!
    sru: BigInt!
    cru: BigInt!
    mru: BigInt!
  }
  type Interfaces @entity {
    id: ID!
    node: Node!
    name: String!
    mac: String!
    ips: String!
  }
  enum FarmCertification {
    NotCertified
    Gold
  }
  enum NodeCertification {
    Diy
    Certified
  }

  type PublicConfig @entity {
    id: ID!
    node: Node! @unique
    ipv4: String
    ipv6: String
    gw4: String
    gw6: String
    domain: String
  }

  type Location @entity {
    id: ID!
    longitude: String!
    latitude: String!
  }

  type PricingPolicy @entity {
    id: ID!
    gridVersion: Int!
    pricingPolicyID: Int!
    name: String!
    su: Policy!
    cu: Policy!
    nu: Policy!
    ipu: Policy!
    foundationAccount: String!
    certifiedSalesAccount: String!
    dedicatedNodeDiscount: Int!
  }

  type Policy {
    value: Int
    unit: String
  }

  type Country @entity {
    id: ID!
    countryID: Int!
    code: String!
    name: String!
    region: String!
    subregion: String!
    lat: String
    long: String
  }
  type City @entity {
    id: ID!
    cityID: Int!
    countryID: Int!
    name: String!
  }

  type NodeContract @entity {
    id: ID!
    gridVersion: Int!
    contractID: BigInt!
    twinID: Int!
    nodeID: Int!
    deploymentData: String!
    deploymentHash: String!
    numberOfPublicIPs: Int!
    state: ContractState!
    resourcesUsed: ContractResources
    createdAt: BigInt!
    solutionProviderID: Int
  }

  type ContractResources @entity {
    id: ID!
    contract: NodeContract!
    hru: BigInt!
    sru: BigInt!
    cru: BigInt!
    mru: BigInt!
  }

  type NameContract @entity {
    id: ID!
    gridVersion: Int!
    contractID: BigInt!
    twinID: Int!
    name: String!
    state: ContractState!
    createdAt: BigInt!
    solutionProviderID: Int
  }

  type RentContract @entity {
    id: ID!
    gridVersion: Int!
    contractID: BigInt!
    twinID: Int!
    nodeID: Int!
    state: ContractState!
    createdAt: BigInt!
    solutionProviderID: Int
  }

  type SolutionProvider @entity {
    id: ID!
    solutionProviderID: BigInt!
    description: String!
    link: String!
    approved: Boolean!
    providers: [Provider]
  }
  type Provider {
    who: String!
    take: Int!
  }
  enum ContractState {
    Created
    Deleted
    OutOfFunds
    GracePeriod
  }

  type NruConsumption @entity {
    id: ID!
    contractID: BigInt!
    timestamp: BigInt!
    window: BigInt
    nru: BigInt
  }
  type ContractBillReport @entity {
    id: ID!
    contractID: BigInt!
    discountReceived: DiscountLevel!
    amountBilled: BigInt!
    timestamp: BigInt!
  }
  enum DiscountLevel {
    None
    Default
    Bronze
    Silver
    Gold
  }

  type FarmingPolicy @entity {
    id: ID!
    gridVersion: Int!
    farmingPolicyID: Int!
    name: String
    cu: Int
    su: Int
    nu: Int
    ipv4: Int
    minimalUptime: Int
    policyCreated: Int
    policyEnd: Int
    immutable: Boolean
    default: Boolean
    nodeCertification: NodeCertification
    farmCertification: FarmCertification
  }

  type UptimeEvent @entity {
    id: ID!
    nodeID: Int!
    uptime: BigInt!
    timestamp: BigInt!
  }
  type MintTransaction @entity {
    id: ID!
    amount: BigInt!
    target: String!
    block: Int!
  }
  type BurnTransaction @entity {
    id: ID!
    block: Int!
    amount: BigInt!
    target: String!
  }
  type RefundTransaction @entity {
    id: ID!
    block: Int!
    amount: BigInt!
    target: String!
    txHash: String!
  }

  type ServiceContract @entity {
    id: ID!
    serviceContractID: BigInt!
    serviceTwinID: Int!
    consumerTwinID: Int!
    baseFee: BigInt!
    variableFee: BigInt!
    metadata: String!
    acceptedByService: Boolean!
    acceptedByConsumer: Boolean!
    lastBill: BigInt!
    state: ServiceContractState!
  }

  enum ServiceContractState {
    Created
    AgreementReady
    ApprovedByBoth
  }

  type ServiceContractBill @entity {
    id: ID!
    serviceContractID: BigInt!
    variableAmount: BigInt!
    window: BigInt!
    metadata: String
    amount: BigInt!
  }
  type PowerTargetReport @entity {
    id: ID!
    farmID: Int!
    nodeID: Int!
    newPowerTarget: Power!
    block: Int!
    timestamp: BigInt!
  }
  type PowerStateReport @entity {
    id: ID!
    farmID: Int!
    nodeID: Int!
    newPowerStatus: PowerState!
    block: Int!
    timestamp: BigInt!
  }
`;
