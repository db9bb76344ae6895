/**
 * Namespace properties (what NSSET changes) and their descriptor file `zdb-namespace.json`.
 */
import * as fs from 'fs';
import * as path from 'path';

/** 0-db index modes: `user` key-value, `seq` server-assigned 8-byte little-endian ids. */
export type NamespaceMode = 'user' | 'seq';

/** 0-db's single lock field: `lock 1` makes it read-only, `freeze 1` refuses reads too. */
export type NamespaceLock = 'unlocked' | 'read-only' | 'frozen';

/** Name of the namespace every client starts in. */
export const DEFAULT_NAMESPACE = 'default';
/** Longest namespace name (0-db: `-Namespace too long`). */
export const NAMESPACE_MAX_LENGTH = 128;
/** Longest key in bytes. */
export const MAX_KEY_LENGTH = 255;

export interface NamespaceSettings {
  /** @default 'user' */
  mode: NamespaceMode;
  /** undefined: no password */
  password?: string;
  /**
   * With a password: public namespaces allow a password-less, read-only SELECT; private ones refuse it.
   * @default true
   */
  public: boolean;
  /** write once, read many: no overwrite, no delete. @default false */
  worm: boolean;
  /**
   * limit of live payload bytes, as 0-db stores it: an unsigned 64-bit count (`NSSET maxsize -1`
   * keeps 2^64-1); 0 = unlimited. @default 0
   */
  maxsize: bigint;
  /** @default 'unlocked' */
  lock: NamespaceLock;
}

export function defaultSettings(): NamespaceSettings {
  return { mode: 'user', public: true, worm: false, maxsize: 0n, lock: 'unlocked' };
}

const DESCRIPTOR = 'zdb-namespace.json';

/** Why `name` cannot name a new namespace, or undefined when it can (0-db's rules). */
export function namespaceNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (Buffer.byteLength(name) > NAMESPACE_MAX_LENGTH)
    return `the name is longer than ${NAMESPACE_MAX_LENGTH} bytes`;
  if (name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
    return 'the name must not be "." or "..", and must not contain "/" or NUL';
  }
  if (name === DEFAULT_NAMESPACE) return `"${DEFAULT_NAMESPACE}" is reserved`;
  return undefined;
}

/** True when `dir` holds a namespace descriptor. */
export function hasDescriptor(dir: string): boolean {
  return fs.existsSync(path.join(dir, DESCRIPTOR));
}

/** Read the descriptor of `dir`; missing or unreadable fields fall back to defaults. */
export function readSettings(dir: string): NamespaceSettings {
  const settings = defaultSettings();
  const file = path.join(dir, DESCRIPTOR);
  if (!fs.existsSync(file)) return settings;
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Record<keyof NamespaceSettings, unknown>>;
  if (raw.mode === 'seq' || raw.mode === 'user') settings.mode = raw.mode;
  if (typeof raw.password === 'string') settings.password = raw.password;
  if (typeof raw.public === 'boolean') settings.public = raw.public;
  if (typeof raw.worm === 'boolean') settings.worm = raw.worm;
  // a decimal string (a number in descriptors written before maxsize was 64-bit)
  if ((typeof raw.maxsize === 'string' && /^\d+$/.test(raw.maxsize)) || typeof raw.maxsize === 'number') {
    settings.maxsize = BigInt.asUintN(64, BigInt(raw.maxsize));
  }
  if (raw.lock === 'read-only' || raw.lock === 'frozen') settings.lock = raw.lock;
  return settings;
}

/** Write the descriptor atomically (temp file + rename). */
export function writeSettings(dir: string, settings: NamespaceSettings): void {
  const file = path.join(dir, DESCRIPTOR);
  const temp = `${file}.tmp`;
  fs.writeFileSync(temp, JSON.stringify({ ...settings, maxsize: settings.maxsize.toString() }, null, 2));
  fs.renameSync(temp, file);
}
