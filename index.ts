/** The library API: the constructs users write, and the engine for tools that drive the grid themselves. */
export * from './constructs';
export {
  Engine,
  type ApplyResult,
  type EnginePlan,
  type EngineOptions,
  type ProgressEvent,
} from './provider/engine/engine';
export { ApplyError } from './provider/engine/apply-run';
export { connectGrid, type ConnectOptions, type ConnectedGrid } from './provider/engine/grid-backend';
export { publicNetworkEndpoints, endpointsFromEnv, type GridEndpoints } from './provider/config/networks';
export {
  DEFAULT_PRICING_POLICY,
  DEFAULT_TFT_PRICE_USD,
  type PricingPolicy,
} from './provider/pricing/pricing';
