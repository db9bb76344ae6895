import { stringToHex } from '@polkadot/util';
import { proposalProspect } from './dao';
import { big, num, text, variant } from './decode';
import { decodeBalance, decodeFarm, decodeNode, decodePricingPolicy } from './grid';
import { checkRelay, decodeTwin } from './twins';

const GiB = 1024 ** 3;

describe('decoding chain JSON', () => {
  it('reads bytes, integers and enums', () => {
    expect(text(stringToHex('relay.dev'))).toBe('relay.dev');
    expect(text(null)).toBe('');
    expect(num('0x10')).toBe(16);
    expect(big('0x00000000000000000de0b6b3a7640000')).toBe(10n ** 18n);
    expect(() => num('0xffffffffffffffffff')).toThrow('too large');
    expect(variant({ GracePeriod: 5 })).toEqual({ name: 'gracePeriod', value: 5 });
    expect(variant('Diy')).toEqual({ name: 'diy', value: null });
  });

  it('decodes a node with units in its field names', () => {
    const node = decodeNode({
      version: 9,
      id: 1,
      farmId: 1,
      twinId: 5,
      resources: { hru: 4096 * GiB, sru: 1024 * GiB, cru: 16, mru: 64 * GiB },
      location: {
        city: stringToHex('Ghent'),
        country: stringToHex('Belgium'),
        latitude: stringToHex('51.05'),
        longitude: stringToHex('3.72'),
      },
      publicConfig: {
        ip4: { ip: stringToHex('185.2.2.2/24'), gw: stringToHex('185.2.2.1') },
        ip6: null,
        domain: stringToHex('gw.dev'),
      },
      created: 1700000000,
      farmingPolicyId: 1,
      interfaces: [],
      certification: 'Diy',
      secureBoot: false,
      virtualized: true,
      serialNumber: null,
      connectionPrice: 80,
    });
    expect(node).toEqual({
      id: 1,
      farmId: 1,
      twinId: 5,
      resources: { cru: 16, mruBytes: 64 * GiB, sruBytes: 1024 * GiB, hruBytes: 4096 * GiB },
      location: { city: 'Ghent', country: 'Belgium', latitude: '51.05', longitude: '3.72' },
      publicConfig: { ip4: { ip: '185.2.2.2/24', gw: '185.2.2.1' }, domain: 'gw.dev' },
      certification: 'diy',
      created: 1700000000,
      farmingPolicyId: 1,
      secureBoot: false,
      virtualized: true,
    });
  });

  it('decodes farms, the pricing policy, balances and twins', () => {
    const farm = decodeFarm({
      version: 4,
      id: 1,
      name: stringToHex('alice_farm'),
      twinId: 1,
      pricingPolicyId: 1,
      certification: { notCertified: null },
      publicIps: [{ ip: stringToHex('185.1.1.2/24'), gateway: stringToHex('185.1.1.1'), contractId: 0 }],
      dedicatedFarm: false,
      farmingPolicyLimits: null,
    });
    expect(farm).toEqual({
      id: 1,
      name: 'alice_farm',
      twinId: 1,
      pricingPolicyId: 1,
      certification: 'notCertified',
      dedicated: false,
      publicIps: [{ ip: '185.1.1.2/24', gateway: '185.1.1.1', contractId: 0 }],
    });
    const unit = { unit: 'Gigabytes' };
    const policy = decodePricingPolicy({
      version: 2,
      id: 1,
      name: stringToHex('threefold_default_pricing_policy'),
      su: { value: 50000, ...unit },
      cu: { value: 100000, ...unit },
      nu: { value: 15000, ...unit },
      ipu: { value: 40000, ...unit },
      uniqueName: { value: 2500, ...unit },
      domainName: { value: 5000, ...unit },
      foundationAccount: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
      certifiedSalesAccount: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
      discountForDedicationNodes: 50,
    });
    expect(policy).toEqual({
      id: 1,
      name: 'threefold_default_pricing_policy',
      su: 50000,
      cu: 100000,
      nu: 15000,
      ipu: 40000,
      uniqueName: 2500,
      domainName: 5000,
      dedicationDiscountPercent: 50,
    });
    expect(
      decodeBalance({
        nonce: 1,
        data: { free: '0x0000000000000000002386f26fc10000', reserved: 0, frozen: 5_000_000 },
      }),
    ).toEqual({
      free: 10_000_000_000_000_000n,
      reserved: 0n,
      frozen: 5_000_000n,
      spendable: 9_999_999_995_000_000n,
      freeTft: 1_000_000_000,
      spendableTft: 999_999_999.5,
    });
    expect(
      decodeTwin({
        id: 3,
        accountId: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
        relay: stringToHex('relay.dev'),
        entities: [],
        pk: null,
      }),
    ).toEqual({
      id: 3,
      accountId: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
      relay: 'relay.dev',
    });
  });

  it('checks relays', () => {
    expect(checkRelay('relay.dev.grid.tf_relay.02.dev.grid.tf')).toBe(
      'relay.dev.grid.tf_relay.02.dev.grid.tf',
    );
    expect(() => checkRelay('bad relay')).toThrow("relay 'bad relay' is not valid");
  });
});

describe('proposalProspect', () => {
  const v = (ayes: number[], nays: number[], threshold = 2, end = 100) => ({
    threshold,
    end,
    ayes: ayes.map((weight, i) => ({ farmId: i + 1, weight })),
    nays: nays.map((weight, i) => ({ farmId: i + 10, weight })),
  });
  it('is voting until the threshold or the end, then closable', () => {
    expect(proposalProspect(v([87], []), 50)).toEqual({ state: 'voting', wouldPass: false });
    expect(proposalProspect(v([87], []), 100)).toEqual({ state: 'closable', wouldPass: false });
    expect(proposalProspect(v([87], [10]), 50)).toEqual({ state: 'closable', wouldPass: true });
    expect(proposalProspect(v([10], [87]), 50)).toEqual({ state: 'closable', wouldPass: false });
  });
});
