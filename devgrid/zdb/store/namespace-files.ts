/**
 * The data and index files of one namespace directory: `zdb-data-NNNNN` and `zdb-index-NNNNN`,
 * numbered together. Only the newest pair is written (append-only); when the data file would pass
 * its size limit both roll over to the next number. Reads go to any file by id and offset.
 * Synchronous I/O on purpose: the dev grid serialises commands, and a write is on disk before
 * the reply is sent.
 */
import * as fs from 'fs';
import * as path from 'path';
import { encodeFileHeader, FileKind, FILE_HEADER_BYTES, isFileHeader } from './record-format';

/** Bytes a zdb server read from and wrote to its namespaces' files (0-db's INFO counters). */
export interface DiskIoStats {
  indexRead: number;
  indexWrite: number;
  dataRead: number;
  dataWrite: number;
}

export const newDiskIoStats = (): DiskIoStats => ({ indexRead: 0, indexWrite: 0, dataRead: 0, dataWrite: 0 });

const FILE_PATTERN = /^zdb-(data|index)-(\d{5,})$/;

function fileName(kind: FileKind, fileId: number): string {
  return `zdb-${kind}-${String(fileId).padStart(5, '0')}`;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export class NamespaceFiles {
  /** id of the pair currently appended to */
  private currentId = 0;
  private dataFd = -1;
  private indexFd = -1;
  private dataBytes = 0;
  private indexBytes = 0;
  /** index bytes in files before the current one (for NSINFO) */
  private olderIndexBytes = 0;
  private readonly readers = new Map<string, number>();

  /**
   * @param dir the namespace directory (created if missing)
   * @param maxDataFileBytes data file size at which the pair rolls over
   * @param io the server's disk counters (INFO reports them)
   */
  constructor(
    readonly dir: string,
    readonly maxDataFileBytes: number,
    private readonly io: DiskIoStats = newDiskIoStats(),
  ) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Ids of the index files on disk, ascending. */
  indexFileIds(): number[] {
    const ids: number[] = [];
    for (const name of fs.readdirSync(this.dir)) {
      const m = FILE_PATTERN.exec(name);
      if (m && m[1] === 'index') ids.push(Number(m[2]));
    }
    return ids.sort((a, b) => a - b);
  }

  /** Whole content of an index file (for replay); undefined if it has no valid header. */
  readIndexFile(fileId: number): Buffer | undefined {
    const file = path.join(this.dir, fileName('index', fileId));
    if (!fs.existsSync(file)) return undefined;
    const content = fs.readFileSync(file);
    return isFileHeader('index', content) ? content : undefined;
  }

  /**
   * Start appending to pair `fileId`. `validIndexBytes` cuts a torn index tail left by a crash
   * (records after it were never acknowledged).
   */
  openForAppend(fileId: number, validIndexBytes?: number): void {
    this.closeAppenders();
    this.currentId = fileId;
    this.olderIndexBytes = 0;
    for (const id of this.indexFileIds()) {
      if (id < fileId) this.olderIndexBytes += fs.statSync(path.join(this.dir, fileName('index', id))).size;
    }
    const indexPath = path.join(this.dir, fileName('index', fileId));
    if (
      validIndexBytes !== undefined &&
      fs.existsSync(indexPath) &&
      fs.statSync(indexPath).size > validIndexBytes
    ) {
      fs.truncateSync(indexPath, validIndexBytes);
      this.dropReader('index', fileId);
    }
    this.indexFd = this.openAppender('index', fileId);
    this.dataFd = this.openAppender('data', fileId);
    this.indexBytes = fs.fstatSync(this.indexFd).size;
    this.dataBytes = fs.fstatSync(this.dataFd).size;
  }

  private openAppender(kind: FileKind, fileId: number): number {
    const file = path.join(this.dir, fileName(kind, fileId));
    const fd = fs.openSync(file, 'a');
    if (fs.fstatSync(fd).size < FILE_HEADER_BYTES) {
      fs.ftruncateSync(fd, 0);
      this.io[kind === 'data' ? 'dataWrite' : 'indexWrite'] += fs.writeSync(
        fd,
        encodeFileHeader(kind, fileId, nowSeconds()),
      );
    }
    return fd;
  }

  /** Path of the file of the pair being appended to. */
  activeFile(kind: FileKind): string {
    return path.join(this.dir, fileName(kind, this.currentId));
  }

  /** Id of the pair being appended to. */
  get currentFileId(): number {
    return this.currentId;
  }

  /** Index bytes on disk over all files. */
  get indexSizeBytes(): number {
    return this.olderIndexBytes + this.indexBytes;
  }

  /** Bytes in the current data file (the next data record's offset). */
  get currentDataBytes(): number {
    return this.dataBytes;
  }

  /** True while nothing was ever written (first pair, headers only). */
  get isFresh(): boolean {
    return (
      this.currentId === 0 && this.indexBytes <= FILE_HEADER_BYTES && this.dataBytes <= FILE_HEADER_BYTES
    );
  }

  /** Roll over first when `recordBytes` more would overflow a data file that already holds records. */
  makeRoom(recordBytes: number): void {
    if (this.dataBytes > FILE_HEADER_BYTES && this.dataBytes + recordBytes > this.maxDataFileBytes) {
      this.olderIndexBytes += this.indexBytes;
      const next = this.currentId + 1;
      this.closeAppenders();
      this.currentId = next;
      this.indexFd = this.openAppender('index', next);
      this.dataFd = this.openAppender('data', next);
      this.indexBytes = fs.fstatSync(this.indexFd).size;
      this.dataBytes = fs.fstatSync(this.dataFd).size;
    }
  }

  /** Append to the current data file; returns the record's offset. */
  appendData(record: Buffer): number {
    const offset = this.dataBytes;
    this.io.dataWrite += fs.writeSync(this.dataFd, record);
    this.dataBytes += record.length;
    return offset;
  }

  /** Append to the current index file; returns the record's offset. */
  appendIndex(record: Buffer): number {
    const offset = this.indexBytes;
    this.io.indexWrite += fs.writeSync(this.indexFd, record);
    this.indexBytes += record.length;
    return offset;
  }

  /** Read `length` bytes at `offset` of a file; undefined when the file or range does not exist. */
  read(kind: FileKind, fileId: number, offset: number, length: number): Buffer | undefined {
    const fd = this.reader(kind, fileId);
    if (fd === undefined || offset < FILE_HEADER_BYTES) return undefined;
    const buf = Buffer.allocUnsafe(length);
    const got = fs.readSync(fd, buf, 0, length, offset);
    this.io[kind === 'data' ? 'dataRead' : 'indexRead'] += got;
    return got === length ? buf : undefined;
  }

  private reader(kind: FileKind, fileId: number): number | undefined {
    const id = `${kind}:${fileId}`;
    let fd = this.readers.get(id);
    if (fd === undefined) {
      const file = path.join(this.dir, fileName(kind, fileId));
      if (!fs.existsSync(file)) return undefined;
      fd = fs.openSync(file, 'r');
      this.readers.set(id, fd);
    }
    return fd;
  }

  private dropReader(kind: FileKind, fileId: number): void {
    const id = `${kind}:${fileId}`;
    const fd = this.readers.get(id);
    if (fd !== undefined) fs.closeSync(fd);
    this.readers.delete(id);
  }

  private closeAppenders(): void {
    if (this.dataFd >= 0) fs.closeSync(this.dataFd);
    if (this.indexFd >= 0) fs.closeSync(this.indexFd);
    this.dataFd = -1;
    this.indexFd = -1;
  }

  /** Close every descriptor. */
  close(): void {
    this.closeAppenders();
    for (const fd of this.readers.values()) fs.closeSync(fd);
    this.readers.clear();
  }

  /** Remove every data and index file (FLUSH) and start again at pair 0. */
  removeAll(): void {
    this.close();
    for (const name of fs.readdirSync(this.dir)) {
      if (FILE_PATTERN.test(name)) fs.rmSync(path.join(this.dir, name), { force: true });
    }
    this.openForAppend(0);
  }
}
