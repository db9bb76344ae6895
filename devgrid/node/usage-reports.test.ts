/**
 * UsageReports: while one extrinsic is on its way, later reports wait and go together in the next,
 * the latest usage per contract; a failed send does not stop the ones after it. The sender is a
 * fake recording batches: this tests the batching logic only (the chain side is in
 * integration/devgrid, where billing reads what nodes report).
 */
import { zeroCapacity, type Capacity } from '../../model/zos/types';
import { UsageReports, type UsageReport } from './usage-reports';

const cru = (n: number): Capacity => ({ ...zeroCapacity(), cru: n });

/** A sender whose extrinsics stay in flight until `land` is called. */
function slowChain(fail = (_batch: UsageReport[]) => false) {
  const sent: string[][] = [];
  const inFlight: (() => void)[] = [];
  const send = (batch: UsageReport[]) => {
    sent.push(batch.map((r) => `${r.contractId}:${r.used.cru}`));
    return new Promise<void>((resolve, reject) =>
      inFlight.push(() => (fail(batch) ? reject(new Error('extrinsic failed')) : resolve())),
    );
  };
  const land = async () => {
    inFlight.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { send, sent, land };
}

describe('UsageReports', () => {
  it('sends the first report at once, then what came meanwhile in one extrinsic, latest per contract', async () => {
    const chain = slowChain();
    const reports = new UsageReports(chain.send);
    const first = reports.report(1, cru(1));
    const later = [reports.report(2, cru(1)), reports.report(3, cru(1)), reports.report(2, cru(4))];
    expect(chain.sent).toEqual([['1:1']]);
    await chain.land();
    expect(chain.sent).toEqual([['1:1'], ['2:4', '3:1']]);
    await chain.land();
    await Promise.all([first, ...later]);
    // idle again: the next report goes at once
    void reports.report(5, cru(2));
    expect(chain.sent[2]).toEqual(['5:2']);
    await chain.land();
  });

  it('goes on after a failed extrinsic', async () => {
    const chain = slowChain((batch) => batch.some((r) => r.contractId === 1));
    const reports = new UsageReports(chain.send);
    const first = reports.report(1, cru(1));
    const second = reports.report(2, cru(2));
    await chain.land();
    await chain.land();
    await expect(Promise.all([first, second])).resolves.toBeDefined();
    expect(chain.sent).toEqual([['1:1'], ['2:2']]);
  });
});
