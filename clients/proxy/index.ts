export * from './types';
export * from './filters';
export * from './errors';
export * from './client';
export * from './placement-request';
export * from './scheduler';
