/**
 * All namespaces of one zdb instance under a data directory: `<dataDir>/<namespace>/`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Namespace } from './namespace';
import { newDiskIoStats, type DiskIoStats } from './namespace-files';
import {
  DEFAULT_NAMESPACE,
  defaultSettings,
  hasDescriptor,
  namespaceNameProblem,
  readSettings,
  writeSettings,
} from './namespace-settings';

export interface ZdbStoreOptions {
  /** directory holding one sub-directory per namespace (created if missing) */
  readonly dataDir: string;
  /** data file size in bytes at which a namespace rolls over to its next file pair. @default 256 MiB */
  readonly maxDataFileBytes?: number;
  /** counters of bytes read and written (INFO); @default a new set */
  readonly io?: DiskIoStats;
}

/** 0-db's default data file size. */
export const DEFAULT_MAX_DATA_FILE_BYTES = 256 * 1024 * 1024;

export class ZdbStore {
  readonly dataDir: string;
  private readonly maxDataFileBytes: number;
  /** insertion order = NSLIST order (default first) */
  private readonly namespaces = new Map<string, Namespace>();

  readonly io: DiskIoStats;

  constructor(options: ZdbStoreOptions) {
    this.io = options.io ?? newDiskIoStats();
    this.dataDir = path.resolve(options.dataDir);
    this.maxDataFileBytes = options.maxDataFileBytes ?? DEFAULT_MAX_DATA_FILE_BYTES;
    // offsets are stored as u32
    if (
      !Number.isSafeInteger(this.maxDataFileBytes) ||
      this.maxDataFileBytes < 64 ||
      this.maxDataFileBytes >= 2 ** 32
    ) {
      throw new Error(
        `zdb maxDataFileBytes must be an integer from 64 to 4294967295 bytes, got ${options.maxDataFileBytes}`,
      );
    }
    fs.mkdirSync(this.dataDir, { recursive: true });
    this.load(DEFAULT_NAMESPACE);
    const names = fs
      .readdirSync(this.dataDir, { withFileTypes: true })
      .filter(
        (d) =>
          d.isDirectory() && d.name !== DEFAULT_NAMESPACE && hasDescriptor(path.join(this.dataDir, d.name)),
      )
      .map((d) => d.name)
      .sort();
    for (const name of names) this.load(name);
  }

  private load(name: string): Namespace {
    const dir = path.join(this.dataDir, name);
    fs.mkdirSync(dir, { recursive: true });
    const settings = readSettings(dir);
    if (!hasDescriptor(dir)) writeSettings(dir, settings);
    const ns = new Namespace(name, dir, settings, this.maxDataFileBytes, this.io);
    this.namespaces.set(name, ns);
    return ns;
  }

  /** The namespace every connection starts in. */
  get defaultNamespace(): Namespace {
    return this.namespaces.get(DEFAULT_NAMESPACE)!;
  }

  get(name: string): Namespace | undefined {
    return this.namespaces.get(name);
  }

  /** Names in NSLIST order. */
  names(): string[] {
    return [...this.namespaces.keys()];
  }

  /** Create an empty namespace with default settings; throws when the name is taken or invalid. */
  create(name: string): Namespace {
    const problem = namespaceNameProblem(name);
    if (problem) throw new Error(`cannot create zdb namespace "${name}": ${problem}`);
    if (this.namespaces.has(name))
      throw new Error(`cannot create zdb namespace "${name}": it already exists`);
    const dir = path.join(this.dataDir, name);
    // leftovers of a namespace deleted while the files were in use would otherwise be replayed
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    writeSettings(dir, defaultSettings());
    return this.load(name);
  }

  /** Remove a namespace and its files; throws for the default or an unknown namespace. */
  delete(name: string): void {
    if (name === DEFAULT_NAMESPACE) throw new Error('cannot delete the zdb namespace "default"');
    const ns = this.namespaces.get(name);
    if (!ns) throw new Error(`cannot delete zdb namespace "${name}": it does not exist`);
    this.namespaces.delete(name);
    ns.destroy();
  }

  /** Close every file descriptor. */
  close(): void {
    for (const ns of this.namespaces.values()) ns.close();
  }
}
