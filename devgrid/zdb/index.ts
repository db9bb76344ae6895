export * from './server';
export * from './resp';
export { secureHash } from './commands/namespace-commands';
export { seqKey } from './store/namespace';
export type { NamespaceMode, NamespaceLock } from './store/namespace-settings';
