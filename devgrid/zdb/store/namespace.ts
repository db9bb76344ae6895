/**
 * One namespace: the in-memory index (key -> latest entry) over append-only files. Values stay on
 * disk and are read by offset. Restart = replay of the index files in order.
 * Policy (passwords, quotas, locks) is the command layer's job; this class only stores.
 */
import * as fs from 'fs';
import { NamespaceFiles, type DiskIoStats } from './namespace-files';
import { NamespaceSettings, writeSettings } from './namespace-settings';
import {
  crc32,
  DATA_RECORD_HEAD_BYTES,
  decodeDataRecordHead,
  decodeIndexRecord,
  encodeDataRecord,
  encodeIndexRecord,
  FILE_HEADER_BYTES,
  IndexRecord,
  INDEX_RECORD_HEAD_BYTES,
  RecordFlag,
} from './record-format';

/** The latest version of a key, as kept in memory. */
export interface IndexEntry {
  readonly key: Buffer;
  /** payload bytes */
  readonly length: number;
  readonly crc: number;
  /** unix seconds of the write */
  readonly timestamp: number;
  readonly dataFileId: number;
  readonly dataOffset: number;
  readonly indexFileId: number;
  readonly indexOffset: number;
  /** where SCAN finds it: its own index record, or in seq mode the record that created the id */
  readonly scanPosition: number;
  /** false once overwritten or deleted */
  live: boolean;
}

/** One version of a key, read back from disk by HISTORY. */
export interface HistoryItem {
  readonly timestamp: number;
  readonly payload: Buffer;
  /** index position of the version before, undefined at the start of the chain */
  readonly parent?: { readonly fileId: number; readonly offset: number };
}

/** Bytes of a SCAN/KEYCUR cursor (0-db's layout: keyLength u8, fileId, length, offset, crc u32). */
export const CURSOR_BYTES = 17;

const POSITION_FILE_FACTOR = 2 ** 32;
const position = (fileId: number, offset: number): number => fileId * POSITION_FILE_FACTOR + offset;
const mapKey = (key: Buffer): string => key.toString('latin1');

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The 8-byte little-endian key of sequential id `id`. */
export function seqKey(id: number): Buffer {
  const key = Buffer.alloc(8);
  key.writeBigUInt64LE(BigInt(id));
  return key;
}

export class Namespace {
  /** set once NSDEL removed it: sessions still pointing here get disconnected */
  deleted = false;
  private readonly files: NamespaceFiles;
  private readonly byKey = new Map<string, IndexEntry>();
  /** entries sorted by scanPosition; dead ones are skipped and compacted away lazily */
  private ordered: IndexEntry[] = [];
  private deadInOrder = 0;
  private liveBytes = 0;
  private nextIdValue = 0;

  /**
   * Open (and replay) the namespace stored in `dir`.
   * @param maxDataFileBytes data file size that triggers a rollover to the next file pair
   */
  constructor(
    readonly name: string,
    readonly dir: string,
    readonly settings: NamespaceSettings,
    maxDataFileBytes: number,
    io?: DiskIoStats,
  ) {
    this.files = new NamespaceFiles(dir, maxDataFileBytes, io);
    this.replay();
  }

  /** Live keys (DBSIZE). */
  get entries(): number {
    return this.byKey.size;
  }

  /** Live payload bytes (what maxsize limits). */
  get dataSizeBytes(): number {
    return this.liveBytes;
  }

  get indexSizeBytes(): number {
    return this.files.indexSizeBytes;
  }

  /** 0-db's internal id counter: the next sequential id in seq mode. */
  get nextId(): number {
    return this.nextIdValue;
  }

  /** True while nothing was ever written (the only time the mode may change). */
  get isFresh(): boolean {
    return this.nextIdValue === 0 && this.files.isFresh;
  }

  /** Path of the data or index file being appended to (NSINFO's data_active / index_active). */
  activeFile(kind: 'data' | 'index'): string {
    return this.files.activeFile(kind);
  }

  get currentFileId(): number {
    return this.files.currentFileId;
  }

  get currentDataOffset(): number {
    return this.files.currentDataBytes;
  }

  /** Persist `settings` after a change. */
  saveSettings(): void {
    writeSettings(this.dir, this.settings);
  }

  /** The live entry of `key`, if any. */
  lookup(key: Buffer): IndexEntry | undefined {
    return this.byKey.get(mapKey(key));
  }

  /** Read the payload of an entry from its data file. */
  readPayload(entry: IndexEntry): Buffer | undefined {
    if (entry.length === 0) return Buffer.alloc(0);
    const start = entry.dataOffset + DATA_RECORD_HEAD_BYTES + entry.key.length;
    return this.files.read('data', entry.dataFileId, start, entry.length);
  }

  /** CHECK: does the stored payload still match its CRC? */
  verify(entry: IndexEntry): boolean {
    const record = this.files.read('data', entry.dataFileId, entry.dataOffset, DATA_RECORD_HEAD_BYTES);
    if (!record) return false;
    const head = decodeDataRecordHead(record);
    const payload = this.readPayload(entry);
    return payload !== undefined && head.crc === entry.crc && crc32(payload) === head.crc;
  }

  /**
   * Append a new version of `key` (data first, then index) and index it. In seq mode an empty key
   * takes the next id. Returns the stored entry (its key is what SET replies).
   */
  write(
    key: Buffer,
    value: Buffer,
    timestamp: number = nowSeconds(),
    existing = this.lookup(key),
  ): IndexEntry {
    const storedKey = this.settings.mode === 'seq' && key.length === 0 ? seqKey(this.nextIdValue) : key;
    const crc = crc32(value);
    const data = encodeDataRecord(RecordFlag.Set, storedKey, value, crc, timestamp);
    this.files.makeRoom(data.length);
    const dataFileId = this.files.currentFileId;
    const dataOffset = this.files.appendData(data);
    const record: IndexRecord = {
      flag: RecordFlag.Set,
      key: storedKey,
      dataFileId,
      dataOffset,
      length: value.length,
      crc,
      timestamp,
      parentFileId: existing ? existing.indexFileId : 0,
      parentOffset: existing ? existing.indexOffset : 0,
    };
    const indexOffset = this.files.appendIndex(encodeIndexRecord(record));
    return this.apply(record, this.files.currentFileId, indexOffset)!;
  }

  /** Append a delete marker for a live entry and drop it from the index. */
  remove(entry: IndexEntry, timestamp: number = nowSeconds()): void {
    const data = encodeDataRecord(RecordFlag.Delete, entry.key, Buffer.alloc(0), 0, timestamp);
    this.files.makeRoom(data.length);
    const dataFileId = this.files.currentFileId;
    const dataOffset = this.files.appendData(data);
    const record: IndexRecord = {
      flag: RecordFlag.Delete,
      key: entry.key,
      dataFileId,
      dataOffset,
      length: 0,
      crc: 0,
      timestamp,
      parentFileId: entry.indexFileId,
      parentOffset: entry.indexOffset,
    };
    const indexOffset = this.files.appendIndex(encodeIndexRecord(record));
    this.apply(record, this.files.currentFileId, indexOffset);
  }

  /** Update memory for one index record (live write or replay). */
  private apply(record: IndexRecord, fileId: number, offset: number): IndexEntry | undefined {
    const id = mapKey(record.key);
    const existing = this.byKey.get(id);
    if (record.flag === RecordFlag.Delete) {
      if (existing) {
        this.retire(existing, true);
        this.byKey.delete(id);
      }
      return undefined;
    }
    // seq mode: an update consumes an id too (0-db keeps the old version in that slot)
    if (!existing || this.settings.mode === 'seq') this.nextIdValue += 1;
    const keepSlot = existing !== undefined && this.settings.mode === 'seq';
    const entry: IndexEntry = {
      key: record.key,
      length: record.length,
      crc: record.crc,
      timestamp: record.timestamp,
      dataFileId: record.dataFileId,
      dataOffset: record.dataOffset,
      indexFileId: fileId,
      indexOffset: offset,
      scanPosition: keepSlot ? existing.scanPosition : position(fileId, offset),
      live: true,
    };
    if (existing) this.retire(existing, !keepSlot);
    if (keepSlot) {
      this.ordered[this.firstAtOrAfter(existing.scanPosition)] = entry;
    } else {
      this.ordered.push(entry);
    }
    this.byKey.set(id, entry);
    this.liveBytes += entry.length;
    return entry;
  }

  private retire(entry: IndexEntry, leavesHole: boolean): void {
    entry.live = false;
    this.liveBytes -= entry.length;
    if (!leavesHole) return;
    this.deadInOrder += 1;
    if (this.deadInOrder > 1024 && this.deadInOrder * 2 > this.ordered.length) {
      this.ordered = this.ordered.filter((e) => e.live);
      this.deadInOrder = 0;
    }
  }

  /** Index in `ordered` of the first entry whose scanPosition >= `pos`. */
  private firstAtOrAfter(pos: number): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ordered[mid].scanPosition < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Up to `limit` live entries in write order, strictly after (forward) or before (backward)
   * scan position `from`; from the first/last entry when `from` is undefined.
   */
  scan(from: number | undefined, forward: boolean, limit: number): IndexEntry[] {
    const found: IndexEntry[] = [];
    if (forward) {
      let i = from === undefined ? 0 : this.firstAtOrAfter(from + 1);
      for (; i < this.ordered.length && found.length < limit; i++) {
        if (this.ordered[i].live) found.push(this.ordered[i]);
      }
    } else {
      let i = from === undefined ? this.ordered.length - 1 : this.firstAtOrAfter(from) - 1;
      for (; i >= 0 && found.length < limit; i--) {
        if (this.ordered[i].live) found.push(this.ordered[i]);
      }
    }
    return found;
  }

  /** Opaque cursor naming an entry's scan position (KEYCUR, SCAN replies). */
  cursorOf(entry: IndexEntry): Buffer {
    const cursor = Buffer.alloc(CURSOR_BYTES);
    cursor.writeUInt8(entry.key.length, 0);
    cursor.writeUInt32LE(Math.floor(entry.scanPosition / POSITION_FILE_FACTOR), 1);
    cursor.writeUInt32LE(entry.length, 5);
    cursor.writeUInt32LE(entry.scanPosition % POSITION_FILE_FACTOR, 9);
    cursor.writeUInt32LE(entry.crc, 13);
    return cursor;
  }

  /** Scan position named by a cursor, or undefined if it does not name an index record here. */
  cursorPosition(cursor: Buffer): number | undefined {
    if (cursor.length !== CURSOR_BYTES) return undefined;
    const fileId = cursor.readUInt32LE(1);
    const offset = cursor.readUInt32LE(9);
    const record = this.readIndexRecord(fileId, offset);
    if (!record || record.key.length !== cursor.readUInt8(0)) return undefined;
    return position(fileId, offset);
  }

  private readIndexRecord(fileId: number, offset: number): IndexRecord | undefined {
    const head = this.files.read('index', fileId, offset, INDEX_RECORD_HEAD_BYTES);
    if (!head) return undefined;
    const key = this.files.read('index', fileId, offset + INDEX_RECORD_HEAD_BYTES, head.readUInt8(0));
    if (!key) return undefined;
    return decodeIndexRecord(Buffer.concat([head, key]), 0)?.record;
  }

  /** The version of `key` whose index record is at fileId/offset, or undefined if it is not one. */
  historyAt(key: Buffer, fileId: number, offset: number): HistoryItem | 'invalid-key' | undefined {
    const record = this.readIndexRecord(fileId, offset);
    if (!record || record.flag !== RecordFlag.Set) return undefined;
    if (!record.key.equals(key)) return 'invalid-key';
    const start = record.dataOffset + DATA_RECORD_HEAD_BYTES + record.key.length;
    const payload =
      record.length === 0
        ? Buffer.alloc(0)
        : this.files.read('data', record.dataFileId, start, record.length);
    if (!payload) return undefined;
    const parent =
      record.parentFileId + record.parentOffset === 0
        ? undefined
        : { fileId: record.parentFileId, offset: record.parentOffset };
    return { timestamp: record.timestamp, payload, parent };
  }

  /** FLUSH: forget every entry and remove the files; settings stay. */
  flush(): void {
    this.files.removeAll();
    this.byKey.clear();
    this.ordered = [];
    this.deadInOrder = 0;
    this.liveBytes = 0;
    this.nextIdValue = 0;
  }

  /** Close file descriptors (server shutdown). */
  close(): void {
    this.files.close();
  }

  /** NSDEL: close and remove the whole directory. */
  destroy(): void {
    this.deleted = true;
    this.files.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private replay(): void {
    const ids = this.files.indexFileIds();
    if (ids.length === 0) {
      this.files.openForAppend(0);
      return;
    }
    let validBytes = FILE_HEADER_BYTES;
    for (const fileId of ids) {
      const content = this.files.readIndexFile(fileId);
      if (!content) {
        throw new Error(
          `zdb namespace "${this.name}": index file ${fileId} in ${this.dir} has no valid header; ` +
            'restore it from a backup or remove the namespace directory',
        );
      }
      let offset = FILE_HEADER_BYTES;
      for (
        let decoded = decodeIndexRecord(content, offset);
        decoded;
        decoded = decodeIndexRecord(content, offset)
      ) {
        this.apply(decoded.record, fileId, offset);
        offset += decoded.size;
      }
      validBytes = offset;
    }
    this.files.openForAppend(ids[ids.length - 1], validBytes);
  }
}
