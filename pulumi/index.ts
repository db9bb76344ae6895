/** The Pulumi provider: dynamic resources for the grid and the adapter from a construct tree. */
export {
  deployApp,
  appResources,
  type AppOutputs,
  type AppResources,
  type DeployAppOptions,
} from './adapter';
export { TfgridDeployment, deploymentProvider, type TfgridDeploymentArgs } from './deployment';
export { TfgridNameContract, nameContractProvider, type TfgridNameContractArgs } from './name-contract';
export { TfgridDaoProposal, daoProposalProvider, type TfgridDaoProposalArgs } from './dao-proposal';
export { TfgridDaoVote, daoVoteProvider, type TfgridDaoVoteArgs } from './dao-vote';
export { TfgridPlacement, placementProvider, type TfgridPlacementArgs } from './placement';
export {
  inputsOfUnit,
  secretNamesOf,
  type DeploymentInputs,
  type DeploymentOutputs,
} from './deployment-inputs';
export { CONFIG_KEYS, resolveSettings, type ProviderSettings } from './settings';
export type { WorkloadSummary } from './unit-outputs';
