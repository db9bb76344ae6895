/**
 * On-disk layout of a namespace's data and index files (little-endian, our own format; the
 * shape follows 0-db: append-only files, a small header, then self-describing records).
 *
 * Data record:  u8 flag, u8 keyLength, u32 payloadLength, u32 crc, u32 timestamp, key, payload
 * Index record: u8 keyLength, u8 flag, u32 dataFileId, u32 dataOffset, u32 length, u32 crc,
 *               u32 timestamp, u32 parentFileId, u32 parentOffset, key
 * A `parent` points at the index record of the key's previous version (0/0: none), which is what
 * HISTORY walks. Offset 0 is the file header, so 0/0 never names a record.
 */

/** Bytes of every data/index file header: magic (4), version u32, file id u32, created u32. */
export const FILE_HEADER_BYTES = 16;
export const DATA_RECORD_HEAD_BYTES = 14;
export const INDEX_RECORD_HEAD_BYTES = 30;
export const FORMAT_VERSION = 1;
const MAGIC = { data: 'ZDBD', index: 'ZDBI' } as const;

/** What a record says about its key. */
export enum RecordFlag {
  /** a value was written */
  Set = 0,
  /** the key was deleted */
  Delete = 1,
}

export type FileKind = 'data' | 'index';

export function encodeFileHeader(kind: FileKind, fileId: number, createdAt: number): Buffer {
  const buf = Buffer.alloc(FILE_HEADER_BYTES);
  buf.write(MAGIC[kind], 0, 'latin1');
  buf.writeUInt32LE(FORMAT_VERSION, 4);
  buf.writeUInt32LE(fileId, 8);
  buf.writeUInt32LE(createdAt >>> 0, 12);
  return buf;
}

/** True when `buf` starts with a header of the given kind and a version we read. */
export function isFileHeader(kind: FileKind, buf: Buffer): boolean {
  return (
    buf.length >= FILE_HEADER_BYTES &&
    buf.toString('latin1', 0, 4) === MAGIC[kind] &&
    buf.readUInt32LE(4) === FORMAT_VERSION
  );
}

export interface DataRecordHead {
  readonly flag: RecordFlag;
  readonly keyLength: number;
  readonly payloadLength: number;
  /** CRC-32 of the payload */
  readonly crc: number;
  /** unix seconds */
  readonly timestamp: number;
}

export function encodeDataRecord(
  flag: RecordFlag,
  key: Buffer,
  payload: Buffer,
  crc: number,
  timestamp: number,
): Buffer {
  const buf = Buffer.allocUnsafe(DATA_RECORD_HEAD_BYTES + key.length + payload.length);
  buf.writeUInt8(flag, 0);
  buf.writeUInt8(key.length, 1);
  buf.writeUInt32LE(payload.length, 2);
  buf.writeUInt32LE(crc >>> 0, 6);
  buf.writeUInt32LE(timestamp >>> 0, 10);
  key.copy(buf, DATA_RECORD_HEAD_BYTES);
  payload.copy(buf, DATA_RECORD_HEAD_BYTES + key.length);
  return buf;
}

export function decodeDataRecordHead(buf: Buffer): DataRecordHead {
  return {
    flag: buf.readUInt8(0),
    keyLength: buf.readUInt8(1),
    payloadLength: buf.readUInt32LE(2),
    crc: buf.readUInt32LE(6),
    timestamp: buf.readUInt32LE(10),
  };
}

export interface IndexRecord {
  readonly flag: RecordFlag;
  readonly key: Buffer;
  readonly dataFileId: number;
  /** offset of the data record in its data file */
  readonly dataOffset: number;
  /** payload bytes */
  readonly length: number;
  readonly crc: number;
  /** unix seconds */
  readonly timestamp: number;
  readonly parentFileId: number;
  readonly parentOffset: number;
}

export function encodeIndexRecord(r: IndexRecord): Buffer {
  const buf = Buffer.allocUnsafe(INDEX_RECORD_HEAD_BYTES + r.key.length);
  buf.writeUInt8(r.key.length, 0);
  buf.writeUInt8(r.flag, 1);
  buf.writeUInt32LE(r.dataFileId, 2);
  buf.writeUInt32LE(r.dataOffset, 6);
  buf.writeUInt32LE(r.length, 10);
  buf.writeUInt32LE(r.crc >>> 0, 14);
  buf.writeUInt32LE(r.timestamp >>> 0, 18);
  buf.writeUInt32LE(r.parentFileId, 22);
  buf.writeUInt32LE(r.parentOffset, 26);
  r.key.copy(buf, INDEX_RECORD_HEAD_BYTES);
  return buf;
}

/** Decode the index record at `offset`; undefined when the bytes end before it does (torn write). */
export function decodeIndexRecord(
  buf: Buffer,
  offset: number,
): { record: IndexRecord; size: number } | undefined {
  if (offset + INDEX_RECORD_HEAD_BYTES > buf.length) return undefined;
  const keyLength = buf.readUInt8(offset);
  const size = INDEX_RECORD_HEAD_BYTES + keyLength;
  if (offset + size > buf.length) return undefined;
  const flag = buf.readUInt8(offset + 1);
  if (flag !== RecordFlag.Set && flag !== RecordFlag.Delete) return undefined;
  return {
    size,
    record: {
      flag,
      key: Buffer.from(buf.subarray(offset + INDEX_RECORD_HEAD_BYTES, offset + size)),
      dataFileId: buf.readUInt32LE(offset + 2),
      dataOffset: buf.readUInt32LE(offset + 6),
      length: buf.readUInt32LE(offset + 10),
      crc: buf.readUInt32LE(offset + 14),
      timestamp: buf.readUInt32LE(offset + 18),
      parentFileId: buf.readUInt32LE(offset + 22),
      parentOffset: buf.readUInt32LE(offset + 26),
    },
  };
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE) of `buf`, as an unsigned 32-bit number. */
export function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
