import {
  balanceDiscount,
  computeUnits,
  nameContractCost,
  nodeContractCost,
  storageUnits,
  HOURS_PER_MONTH,
} from './pricing';

const GiB = 1024 ** 3;

describe('cloud units', () => {
  it('computes SU from hdd and ssd GiB', () => {
    expect(storageUnits({ hru: 1200 * GiB, sru: 0 })).toBeCloseTo(1);
    expect(storageUnits({ hru: 0, sru: 200 * GiB })).toBeCloseTo(1);
    expect(storageUnits({ hru: 600 * GiB, sru: 100 * GiB })).toBeCloseTo(1);
  });
  it('computes CU as the min of the three max() terms', () => {
    // 2 cores, 4 GiB: min(max(1,1), max(0.5,2), max(2,0.5)) = 1
    expect(computeUnits({ cru: 2, mru: 4 * GiB })).toBeCloseTo(1);
    // 1 core, 16 GiB: min(max(4,0.5), max(2,1), max(8,0.25)) = 2
    expect(computeUnits({ cru: 1, mru: 16 * GiB })).toBeCloseTo(2);
    expect(computeUnits({ cru: 0, mru: 0 })).toBe(0);
  });
});

describe('costs', () => {
  it('prices a 2 core / 4 GiB / 50 GiB ssd machine with the dev policy', () => {
    const c = nodeContractCost(
      { cru: 2, mru: 4 * GiB, sru: 50 * GiB, hru: 0, ipv4u: 0 },
      { tftPriceUsd: 0.01 },
    );
    // CU 1 * 0.01 USD/h + SU 0.25 * 0.005 USD/h
    const perHour = 0.01 + 0.25 * 0.005;
    expect(c.usdPerMonth).toBeCloseTo(perHour * HOURS_PER_MONTH, 5);
    expect(c.tftPerMonth).toBeCloseTo((perHour * HOURS_PER_MONTH) / 0.01, 3);
  });
  it('charges only public IPs on a rented node', () => {
    const c = nodeContractCost({ cru: 8, mru: 32 * GiB, sru: 0, hru: 0, ipv4u: 1 }, { rentedNode: true });
    expect(c.usdPerMonth).toBeCloseTo(0.004 * HOURS_PER_MONTH, 5);
  });
  it('prices a name contract', () => {
    expect(nameContractCost().usdPerMonth).toBeCloseTo(0.00025 * HOURS_PER_MONTH, 6);
  });
  it('applies balance discounts at the documented thresholds', () => {
    expect(balanceDiscount(1, 1)).toBe(1);
    expect(balanceDiscount(1.5, 1)).toBe(0.8);
    expect(balanceDiscount(3, 1)).toBe(0.7);
    expect(balanceDiscount(6, 1)).toBe(0.6);
    expect(balanceDiscount(18, 1)).toBe(0.4);
  });
});
