/**
 * `tfgrid-iac/engine`: the engine API for tools that drive the grid themselves (what the `tfgrid` CLI
 * uses): connect to a grid, plan, apply and destroy a synthesized App, and the cost model.
 */
export {
  Engine,
  type ApplyResult,
  type EnginePlan,
  type EngineOptions,
  type ProgressEvent,
  type UnitOutput,
} from '../engine/engine';
export { ApplyError } from '../engine/apply-run';
export type { GridBackend } from '../engine/backend';
export { connectGrid, type ConnectOptions, type ConnectedGrid } from '../engine/grid-backend';
export { publicNetworkEndpoints, endpointsFromEnv, type GridEndpoints } from '../model/config/networks';
export {
  DEFAULT_PRICING_POLICY,
  DEFAULT_TFT_PRICE_USD,
  type Cost,
  type PricingPolicy,
} from '../model/pricing/pricing';
