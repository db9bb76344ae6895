/** TFChain client over @polkadot/api (metadata-driven: no TFChain types registered by hand). */
export * from './account';
export * from './chain-call';
export * from './chain-error';
export * from './connection';
export * from './contract-data';
export * from './contracts';
export * from './dao';
export * from './decode';
export * from './grid';
export * from './kv-store';
export * from './submit';
export * from './tfchain-client';
export * from './twins';
