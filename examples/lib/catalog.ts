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

/** The DAO examples need more than one account (a council member, a farm owner): tested apart. */
export const DAO_EXAMPLES: readonly string[] = ['dao-proposal', 'dao-vote'];
