/**
 * The node's deployment store: readers that only look get the stored deployments frozen (no copy),
 * a `get` copy can be changed without touching them, and a new store on the same folder (a
 * restarted node) reads back what was put, from its snapshot and journal, whatever a kill cut short.
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

  /** What a restarted node sees: every deployment, active or not, with its history. */
  const contents = (store: DeploymentStore, keys: [number, number][]) =>
    keys.map(([twin, contract]) => ({
      deployment: store.get(twin, contract),
      active: store.isActive(twin, contract),
      changes: store.changes(twin, contract),
    }));

  it('a put is in the journal when it returns, and a restarted store has every deployment and its history', () => {
    const store = new DeploymentStore(dir);
    store.put(deployment(1, 10));
    const again = store.get(1, 10)!;
    again.workloads[0].result!.state = 'deleted';
    store.put(again);
    store.put(deployment(2, 11));
    // nothing but the journal yet: the snapshot is rewritten only on compaction
    expect(fs.existsSync(path.join(dir, 'deployments.json'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'deployments.journal'), 'utf8').trim().split('\n')).toHaveLength(3);
    const keys: [number, number][] = [
      [1, 10],
      [2, 11],
    ];
    expect(contents(new DeploymentStore(dir), keys)).toEqual(contents(store, keys));
    expect(new DeploymentStore(dir).changes(1, 10)!.map((w) => w.result?.state)).toEqual(['ok', 'deleted']);
  });

  it('ignores a torn last journal line (a kill during the append) and appends after it cleanly', () => {
    const store = new DeploymentStore(dir);
    store.put(deployment(1, 10));
    const journal = path.join(dir, 'deployments.journal');
    const line = fs.readFileSync(journal, 'utf8');
    // the append of contract 11 was cut short by a kill: half a line, no newline
    const torn = line.replace('"key":"1/10"', '"key":"1/11"').replace(/"contract_id":10/g, '"contract_id":11');
    fs.appendFileSync(journal, torn.slice(0, torn.length / 2));
    const restarted = new DeploymentStore(dir);
    expect(restarted.activeView().map((d) => d.contract_id)).toEqual([10]);
    restarted.put(deployment(1, 12));
    expect(new DeploymentStore(dir).activeView().map((d) => d.contract_id)).toEqual([10, 12]);
  });

  it('refuses a journal broken before its last line, naming the file and line', () => {
    const store = new DeploymentStore(dir);
    store.put(deployment(1, 10));
    store.put(deployment(1, 11));
    const journal = path.join(dir, 'deployments.journal');
    const [first, second] = fs.readFileSync(journal, 'utf8').split('\n');
    fs.writeFileSync(journal, `${first.slice(0, 20)}\n${second}\n`);
    expect(() => new DeploymentStore(dir)).toThrow(/deployments\.journal line 1 is not valid JSON/);
  });

  it('folds a long journal into the snapshot, and replays nothing twice after a kill in between', () => {
    const store = new DeploymentStore(dir);
    const journal = path.join(dir, 'deployments.journal');
    store.put(deployment(1, 1));
    const keys: [number, number][] = [[1, 1]];
    // each put of contract 1 changes its workload's result: one history entry per put
    // the journal as it was before the put that compacted it, read as it grows
    let kept = Buffer.alloc(0);
    for (let i = 2; fs.existsSync(journal); i++) {
      const fd = fs.openSync(journal, 'r');
      const grown = Buffer.alloc(fs.fstatSync(fd).size - kept.length);
      fs.readSync(fd, grown, 0, grown.length, kept.length);
      fs.closeSync(fd);
      kept = Buffer.concat([kept, grown]);
      const d = store.get(1, 1)!;
      d.workloads[0].result!.created = i;
      store.put(d);
    }
    expect(fs.existsSync(path.join(dir, 'deployments.json'))).toBe(true);
    const history = store.changes(1, 1)!.length;
    expect(history).toBeGreaterThanOrEqual(1000);
    expect(contents(new DeploymentStore(dir), keys)).toEqual(contents(store, keys));
    // the kill came after the snapshot's rename, before the journal's removal
    fs.writeFileSync(journal, kept);
    const restarted = new DeploymentStore(dir);
    expect(restarted.changes(1, 1)).toHaveLength(history);
    expect(contents(restarted, keys)).toEqual(contents(store, keys));
    restarted.put(deployment(2, 5));
    expect(new DeploymentStore(dir).changes(1, 1)).toHaveLength(history);
    expect(new DeploymentStore(dir).isActive(2, 5)).toBe(true);
  });

  it("reads an older dev grid's snapshot (the map of deployments alone)", () => {
    const d = deployment(1, 10);
    fs.writeFileSync(
      path.join(dir, 'deployments.json'),
      JSON.stringify({ '1/10': { deployment: d, changes: d.workloads, active: true } }),
    );
    const store = new DeploymentStore(dir);
    expect(store.get(1, 10)).toEqual(d);
    expect(store.changes(1, 10)).toEqual(d.workloads);
  });
});
