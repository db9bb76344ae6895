export * from './authorized-keys';
export * from './machine-sandbox';
export * from './sandbox-process';
export * from './ssh-keys';
