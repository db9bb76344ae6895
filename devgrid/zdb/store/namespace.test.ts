import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Namespace, seqKey } from './namespace';
import { defaultSettings, NamespaceSettings } from './namespace-settings';
import { crc32, FILE_HEADER_BYTES } from './record-format';

const dirs: string[] = [];
const opened: Namespace[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdb-ns-test-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string, settings: Partial<NamespaceSettings> = {}, maxDataFileBytes = 1 << 20): Namespace {
  const ns = new Namespace('test', dir, { ...defaultSettings(), ...settings }, maxDataFileBytes);
  opened.push(ns);
  return ns;
}

afterEach(() => {
  for (const ns of opened.splice(0)) ns.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const b = (s: string): Buffer => Buffer.from(s);

describe('Namespace', () => {
  it('writes, overwrites and deletes, keeping live-byte accounting', () => {
    const ns = open(tempDir());
    expect(ns.isFresh).toBe(true);
    ns.write(b('a'), b('12345'));
    ns.write(b('b'), b('xy'));
    expect(ns.dataSizeBytes).toBe(7);
    ns.write(b('a'), b('1'));
    expect(ns.dataSizeBytes).toBe(3);
    expect(ns.readPayload(ns.lookup(b('a'))!)).toEqual(b('1'));
    ns.remove(ns.lookup(b('b'))!);
    expect(ns.lookup(b('b'))).toBeUndefined();
    expect(ns.entries).toBe(1);
    expect(ns.dataSizeBytes).toBe(1);
    expect(ns.isFresh).toBe(false);
  });

  it('replays the files on reopen, history included', () => {
    const dir = tempDir();
    const first = open(dir);
    first.write(b('k'), b('v1'), 100);
    first.write(b('k'), b('v2'), 200);
    first.write(b('gone'), b('x'));
    first.remove(first.lookup(b('gone'))!);
    first.close();

    const again = open(dir);
    expect(again.entries).toBe(1);
    const entry = again.lookup(b('k'))!;
    expect(again.readPayload(entry)).toEqual(b('v2'));
    expect(again.dataSizeBytes).toBe(2);
    const current = again.historyAt(b('k'), entry.indexFileId, entry.indexOffset);
    if (!current || current === 'invalid-key') throw new Error('history missing');
    expect(current.timestamp).toBe(200);
    const older = again.historyAt(b('k'), current.parent!.fileId, current.parent!.offset);
    if (!older || older === 'invalid-key') throw new Error('older version missing');
    expect(older.payload).toEqual(b('v1'));
    expect(older.parent).toBeUndefined();
    expect(again.historyAt(b('other'), current.parent!.fileId, current.parent!.offset)).toBe('invalid-key');
  });

  it('never rewrites: files only grow, and roll over at the size limit', () => {
    const dir = tempDir();
    const ns = open(dir, {}, 200);
    for (let i = 0; i < 10; i++) ns.write(b(`key${i}`), Buffer.alloc(50, i));
    const files = fs.readdirSync(dir).filter((f) => f.startsWith('zdb-data-'));
    expect(files.length).toBeGreaterThan(2);
    for (const f of files) expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(200);
    const sizesBefore = files.map((f) => fs.statSync(path.join(dir, f)).size);
    ns.remove(ns.lookup(b('key0'))!);
    const sizesAfter = files.map((f) => fs.statSync(path.join(dir, f)).size);
    sizesAfter.forEach((size, i) => expect(size).toBeGreaterThanOrEqual(sizesBefore[i]));
    ns.close();
    const again = open(dir, {}, 200);
    expect(again.entries).toBe(9);
    expect(again.readPayload(again.lookup(b('key9'))!)).toEqual(Buffer.alloc(50, 9));
  });

  it('scans in write order from cursors, both ways', () => {
    const ns = open(tempDir());
    for (const k of ['a', 'b', 'c', 'd']) ns.write(b(k), b(k));
    ns.write(b('b'), b('B')); // b moves to the end
    const keys = (list: { key: Buffer }[]): string[] => list.map((e) => e.key.toString());
    expect(keys(ns.scan(undefined, true, 10))).toEqual(['a', 'c', 'd', 'b']);
    expect(keys(ns.scan(undefined, false, 10))).toEqual(['b', 'd', 'c', 'a']);
    const cursor = ns.cursorPosition(ns.cursorOf(ns.lookup(b('c'))!))!;
    expect(keys(ns.scan(cursor, true, 10))).toEqual(['d', 'b']);
    expect(keys(ns.scan(cursor, false, 10))).toEqual(['a']);
    expect(keys(ns.scan(undefined, true, 2))).toEqual(['a', 'c']);
    expect(ns.cursorPosition(Buffer.alloc(17, 0xff))).toBeUndefined();
    expect(ns.cursorPosition(Buffer.alloc(3))).toBeUndefined();
  });

  it('assigns sequential ids, an update consuming one as in 0-db', () => {
    const dir = tempDir();
    const ns = open(dir, { mode: 'seq' });
    expect(ns.write(Buffer.alloc(0), b('zero')).key).toEqual(seqKey(0));
    expect(ns.write(Buffer.alloc(0), b('one')).key).toEqual(seqKey(1));
    ns.write(seqKey(0), b('ZERO'));
    expect(ns.write(Buffer.alloc(0), b('three')).key).toEqual(seqKey(3));
    // an updated id keeps its place in a scan
    expect(ns.scan(undefined, true, 10).map((e) => e.key)).toEqual([seqKey(0), seqKey(1), seqKey(3)]);
    ns.close();
    const again = open(dir, { mode: 'seq' });
    expect(again.nextId).toBe(4);
    expect(again.readPayload(again.lookup(seqKey(0))!)).toEqual(b('ZERO'));
  });

  it('detects a corrupted payload with CHECK and drops a torn index tail', () => {
    const dir = tempDir();
    const ns = open(dir);
    ns.write(b('k'), b('payload'));
    const entry = ns.lookup(b('k'))!;
    expect(entry.crc).toBe(crc32(b('payload')));
    expect(ns.verify(entry)).toBe(true);
    ns.close();
    const dataFile = path.join(dir, 'zdb-data-00000');
    const bytes = fs.readFileSync(dataFile);
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(dataFile, bytes);
    fs.appendFileSync(path.join(dir, 'zdb-index-00000'), Buffer.from([3, 0, 1])); // half a record
    const again = open(dir);
    expect(again.verify(again.lookup(b('k'))!)).toBe(false);
    again.write(b('after'), b('crash'));
    again.close();
    const third = open(dir);
    expect(third.readPayload(third.lookup(b('after'))!)).toEqual(b('crash'));
  });

  it('flush empties the namespace and makes it fresh again', () => {
    const dir = tempDir();
    const ns = open(dir);
    ns.write(b('k'), b('v'));
    ns.flush();
    expect(ns.entries).toBe(0);
    expect(ns.isFresh).toBe(true);
    expect(fs.statSync(path.join(dir, 'zdb-index-00000')).size).toBe(FILE_HEADER_BYTES);
  });
});
