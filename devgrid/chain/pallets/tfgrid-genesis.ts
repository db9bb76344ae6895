/** Genesis of TfgridModule: TFChain's default pricing policy (dev values) and farming policies. */
import { stringToHex, stringToU8a, u8aToHex } from '@polkadot/util';
import { DEFAULT_PRICING_POLICY } from '../../../model/pricing/pricing';
import type { GenesisStep } from '../runtime/genesis';

/** Account receiving contract payments (TFChain: the foundation account of the pricing policy). */
export const FOUNDATION_ACCOUNT = u8aToHex(stringToU8a('modltfchain/fndn'.padEnd(32, '\0')));
/** The pricing policy's certified sales account: 50% of what contracts pay. */
export const SALES_ACCOUNT = u8aToHex(stringToU8a('modltfchain/sale'.padEnd(32, '\0')));
/** The runtime's staking pool account: 5% of what contracts pay. */
export const STAKING_POOL_ACCOUNT = u8aToHex(stringToU8a('modltfchain/stak'.padEnd(32, '\0')));

const gb = (value: number) => ({ value, unit: 'Gigabytes' });

export const tfgridGenesis: GenesisStep = (ctx) => {
  const p = DEFAULT_PRICING_POLICY;
  const policy = {
    version: 1,
    id: 1,
    name: stringToHex('threefold_default_pricing_policy'),
    su: gb(p.su),
    cu: gb(p.cu),
    nu: gb(p.nu),
    ipu: gb(p.ipu),
    uniqueName: gb(p.uniqueName),
    domainName: gb(p.domainName),
    foundationAccount: FOUNDATION_ACCOUNT,
    certifiedSalesAccount: SALES_ACCOUNT,
    discountForDedicationNodes: p.dedicationDiscountPercent,
  };
  ctx.put('TfgridModule', 'PricingPolicies', [1], policy);
  ctx.put('TfgridModule', 'PricingPolicyIdByName', [policy.name], 1);
  ctx.put('TfgridModule', 'PricingPolicyID', [], 1);
  const farming = (id: number, name: string, certified: boolean) => ({
    version: 1,
    id,
    name: stringToHex(name),
    cu: certified ? 3000 : 2400,
    su: certified ? 1250 : 1000,
    nu: certified ? 38 : 30,
    ipv4: certified ? 6 : 5,
    minimalUptime: 95,
    policyCreated: 0,
    policyEnd: 0,
    immutable: false,
    default: true,
    nodeCertification: certified ? 'Certified' : 'Diy',
    farmCertification: 'NotCertified',
  });
  ctx.put(
    'TfgridModule',
    'FarmingPoliciesMap',
    [1],
    farming(1, 'threefold_default_diy_farming_policy', false),
  );
  ctx.put(
    'TfgridModule',
    'FarmingPoliciesMap',
    [2],
    farming(2, 'threefold_default_certified_farming_policy', true),
  );
  ctx.put('TfgridModule', 'FarmingPolicyID', [], 2);
};
