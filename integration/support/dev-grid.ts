/**
 * One dev grid per test file: started in a temp dir before the tests, with the default dev account
 * connected through the engine's backend, and stopped and removed after them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gridEndpoints, startDevGrid, type DevGrid, type DevGridOptions } from '../../devgrid/grid';
import { connectGrid, type ConnectedGrid } from '../../engine/grid-backend';

export interface DevGridFixture {
  /** the running grid (inside tests) */
  readonly grid: DevGrid;
  /** the dev account's backend (inside tests) */
  readonly backend: ConnectedGrid;
  /** another account's backend, closed with the grid */
  connect(secret: string): Promise<ConnectedGrid>;
}

export function useDevGrid(options: Omit<DevGridOptions, 'dataDir'> = {}): DevGridFixture {
  let dir = '';
  let grid: DevGrid | undefined;
  const backends: ConnectedGrid[] = [];
  const fixture: DevGridFixture = {
    get grid() {
      if (!grid) throw new Error('the dev grid is not started yet: use it inside a test');
      return grid;
    },
    get backend() {
      return backends[0];
    },
    async connect(secret) {
      const b = await connectGrid({ endpoints: gridEndpoints(fixture.grid), secret });
      backends.push(b);
      return b;
    },
  };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devgrid-it-'));
    grid = await startDevGrid({ ...options, dataDir: dir });
    await fixture.connect(grid.mnemonic);
  });
  afterAll(async () => {
    for (const b of backends) await b.close().catch(() => undefined);
    await grid?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    // @polkadot/api keeps a timer for a moment after disconnect
    await new Promise((r) => setTimeout(r, 2000));
  });
  return fixture;
}
