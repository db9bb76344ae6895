/**
 * The package's main entry (`tfgrid-iac`): the constructs a program writes and the manifest they
 * synthesize. The engine API for tools is `tfgrid-iac/engine`, the Pulumi provider `tfgrid-iac/pulumi`.
 * Everything else is internal; `api/` holds the report of this surface (`npm run api:update`).
 */
export { App, GRID_NETWORKS, type AppProps } from './constructs/app';
export { DaoProposal, type DaoProposalProps } from './constructs/dao-proposal';
export { DaoVote, type DaoVoteProps } from './constructs/dao-vote';
export { Disk, type DiskOptions, type DiskProps } from './constructs/disk';
export { ValidationError } from './constructs/errors';
export { Flist, type FlistOptions } from './constructs/flist';
export type { GatewayBackend } from './constructs/backends';
export { GatewayFqdn, type GatewayFqdnProps } from './constructs/gateway-fqdn';
export { GatewayName, type GatewayNameProps } from './constructs/gateway-name';
export type { GatewayBaseProps } from './constructs/gateway-base';
export {
  KubernetesCluster,
  type KubernetesClusterProps,
  type KubernetesNodeOptions,
} from './constructs/kubernetes-cluster';
export { Machine, type MachineDiskOptions, type MachineProps } from './constructs/machine';
export { Network, type NetworkProps } from './constructs/network';
export type { NetworkTopology } from './constructs/network-peers';
export { NodeSelector, type NodeSelectorProps, type NodeSlot } from './constructs/node-selector';
export { PublicIp, type PublicIpProps } from './constructs/public-ip';
export { Qsfs, type QsfsBackend, type QsfsBackends, type QsfsProps } from './constructs/qsfs';
export { Zdb, type ZdbMode, type ZdbProps } from './constructs/zdb';
export { ZstorCluster, type ZstorClusterProps, type ZstorFileOptions } from './constructs/zstor-cluster';
export {
  MANIFEST_API_VERSION,
  manifestToJson,
  type ChainCall,
  type DaoProposalUnit,
  type DaoVoteUnit,
  type DeploymentUnit,
  type GridNetworkName,
  type Manifest,
  type ManifestUnit,
  type ManifestWorkload,
  type NameContractUnit,
  type NodeFilters,
  type Reference,
  type SecretDeclaration,
  type SecretKind,
  type SecretSource,
  type SlotSpec,
  type SynthResult,
} from './constructs/manifest';
export { propsProblems, schemaProblems, type PropsSchemaName } from './constructs/schema';
