export * from './gateway-proxy';
export * from './route-table';
