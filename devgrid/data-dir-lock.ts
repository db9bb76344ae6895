/**
 * One dev grid per data dir: two grids on one dir would both write the chain and the nodes' state.
 * The grid that starts takes `<data-dir>/devgrid.lock` (created exclusively, holding its pid and,
 * once up, its endpoints); another start on the dir is refused while that pid lives, naming it. A
 * lock left by a grid that was killed (its pid gone) is taken over.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface LockHolder {
  readonly pid: number;
  readonly chainUrl?: string;
  readonly relayUrl?: string;
  readonly proxyUrl?: string;
}

/** Another live grid holds the data dir. */
export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    const endpoints = holder.chainUrl
      ? `: chain ${holder.chainUrl}, relay ${holder.relayUrl}, proxy ${holder.proxyUrl}`
      : ' (still starting)';
    super(
      `a dev grid is already running on ${dataDir} (pid ${holder.pid})${endpoints}; use it, stop it ('tfgrid devgrid down --data-dir ${dataDir}', or end the command that started it), or pick another --data-dir`,
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DataDirLock {
  private constructor(readonly file: string) {}

  /** Takes the lock of `dataDir` for this process; throws DataDirBusyError while a live grid holds it. */
  static acquire(dataDir: string): DataDirLock {
    const file = path.join(dataDir, 'devgrid.lock');
    for (let attempt = 0; ; attempt++) {
      try {
        fs.writeFileSync(file, JSON.stringify({ pid: process.pid } satisfies LockHolder), { flag: 'wx' });
        return new DataDirLock(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      }
      const holder = DataDirLock.holder(dataDir);
      if (holder && alive(holder.pid)) throw new DataDirBusyError(dataDir, holder);
      // left by a grid that is gone: take it over (once; a racing start that wins makes us refuse)
      fs.rmSync(file, { force: true });
    }
  }

  /** Who holds the lock of `dataDir` (alive or not), if anyone. */
  static holder(dataDir: string): LockHolder | undefined {
    try {
      const h = JSON.parse(fs.readFileSync(path.join(dataDir, 'devgrid.lock'), 'utf8')) as LockHolder;
      return Number.isInteger(h.pid) ? h : undefined;
    } catch {
      return undefined;
    }
  }

  /** Records the endpoints, so that a refused start can name them. */
  describe(endpoints: Omit<LockHolder, 'pid'>): void {
    fs.writeFileSync(this.file, JSON.stringify({ pid: process.pid, ...endpoints } satisfies LockHolder));
  }

  release(): void {
    if (DataDirLock.holder(path.dirname(this.file))?.pid === process.pid)
      fs.rmSync(this.file, { force: true });
  }
}
