/**
 * The node's deployment store: readers that only look get the stored deployments frozen (no copy),
 * a `get` copy can be changed without touching them, and a new store on the same folder (a
 * restarted node) reads back what was put.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Deployment, Workload } from '../../model/zos/types';
import { DeploymentStore } from './deployment-store';

const workload = (name: string, state: 'ok' | 'deleted'): Workload =>
  ({
    version: 0,
    name,
    type: 'zmount',
    data: { size: 1024 },
    metadata: '',
    description: '',
    result: { created: 1, state, message: '', data: null },
  }) as unknown as Workload;

const deployment = (twin: number, contract: number, state: 'ok' | 'deleted' = 'ok'): Deployment => ({
  version: 0,
  twin_id: twin,
  contract_id: contract,
  metadata: '',
  description: '',
  expiration: 0,
  signature_requirement: { requests: [], weight_required: 1, signatures: [], signature_style: '' },
  workloads: [workload('disk', state)],
});

describe('DeploymentStore', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployment-store-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives lookers the stored deployments frozen, of one twin or all, active only', () => {
    const store = new DeploymentStore(dir);
    store.put(deployment(1, 10));
    store.put(deployment(2, 11));
    store.put(deployment(1, 12, 'deleted'));
    expect(store.activeView(1).map((d) => d.contract_id)).toEqual([10]);
    expect(store.activeView().map((d) => d.contract_id)).toEqual([10, 11]);
    const [d] = store.activeView(1);
    expect(Object.isFrozen(d)).toBe(true);
    expect(Object.isFrozen(d.workloads[0].result)).toBe(true);
    expect(() => {
      d.workloads[0].name = 'changed';
    }).toThrow(TypeError);
    expect(store.activeView(1)).toEqual(store.active(1));
  });

  it('hands out copies to change, and keeps the stored deployment until it is put back', () => {
    const store = new DeploymentStore(dir);
    const put = deployment(1, 10);
    store.put(put);
    put.description = 'changed after put';
    const copy = store.get(1, 10)!;
    copy.workloads[0].result!.state = 'deleted';
    expect(store.activeView(1)[0].description).toBe('');
    expect(store.isActive(1, 10)).toBe(true);
    store.put(copy);
    expect(store.isActive(1, 10)).toBe(false);
    expect(store.changes(1, 10)!.map((w) => w.result?.state)).toEqual(['ok', 'deleted']);
  });

  it('reads back, frozen, what a previous store on the same folder saved', () => {
    const first = new DeploymentStore(dir);
    first.put(deployment(1, 10));
    first.put(deployment(2, 11, 'deleted'));
    const again = new DeploymentStore(dir);
    expect(again.active()).toEqual(first.active());
    expect(again.isActive(2, 11)).toBe(false);
    expect(Object.isFrozen(again.activeView()[0].workloads[0])).toBe(true);
    const copy = again.get(1, 10)!;
    copy.version = 1;
    again.put(copy);
    expect(new DeploymentStore(dir).get(1, 10)!.version).toBe(1);
  });
});
