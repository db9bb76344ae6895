export * from './client';
export * from './envelope';
export * from './errors';
export * from './identity';
export * from './jwt';
export * from './payload-crypto';
export * from './twin-directory';
