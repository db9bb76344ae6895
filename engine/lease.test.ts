import { spawnSync } from 'child_process';
import { hostname } from 'os';
import { isLive } from './lease';

describe('isLive', () => {
  const later = Date.now() + 60_000;
  it('holds until it expires, for a holder elsewhere or alive here', () => {
    expect(isLive({ token: 't', holder: 'ci-job-7', expiresAt: later })).toBe(true);
    expect(isLive({ token: 't', holder: `${hostname()} pid ${process.pid}`, expiresAt: later })).toBe(true);
    expect(isLive({ token: 't', holder: 'ci-job-7', expiresAt: Date.now() - 1 })).toBe(false);
  });
  it('lapses at once when its holder was a process of this host that is gone (kill -9)', () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    expect(isLive({ token: 't', holder: `${hostname()} pid ${gone}`, expiresAt: later })).toBe(false);
    expect(isLive({ token: 't', holder: `another-host pid ${gone}`, expiresAt: later })).toBe(true);
  });
});
