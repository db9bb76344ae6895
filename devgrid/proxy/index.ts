export * from './grid-state-source';
export * from './server';
