/** The example programs (files in examples/, without `.ts`): one per resource kind and a full stack. */
export const EXAMPLES = [
  'machine',
  'public-ip',
  'network',
  'zdb',
  'zstor-cluster',
  'qsfs',
  'kubernetes',
  'gateway-name',
  'gateway-fqdn',
  'dao-proposal',
  'dao-vote',
  'full-stack',
] as const;
