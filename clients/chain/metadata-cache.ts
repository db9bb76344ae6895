/**
 * The chain's metadata kept on disk between runs, so that connecting does not download it again
 * (TFChain's is a few hundred KB). Entries are keyed by genesis hash and spec version, the key
 * @polkadot/api itself looks passed-in metadata up by (`metadata` of ApiPromise's options): another
 * chain has another genesis hash, and a runtime upgrade another spec version, so either reads the
 * metadata from the chain again. Each file carries the sha256 of its content: a damaged file is a
 * miss, never a wrong registry. A few chains are kept (the most recently used); a cache that cannot
 * be read or written costs a download only.
 */
import type { ApiPromise } from '@polkadot/api';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

type HexString = `0x${string}`;

/** `<genesis hash>-<spec version>`, as @polkadot/api builds it. */
const KEY = /^0x[0-9a-f]{64}-\d+$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export class MetadataCache {
  /** lookups answered from disk, and lookups the chain had to answer, since this object was made */
  hits = 0;
  misses = 0;

  /**
   * @param dir the folder of the files
   * @param keep how many chains' metadata to keep (the most recently used). @default 8
   */
  constructor(
    readonly dir: string,
    readonly keep = 8,
  ) {}

  private file(key: string): string {
    return path.join(this.dir, `metadata-${key}.hex`);
  }

  /** The metadata stored under `key`, or undefined (no file, or one whose checksum fails). */
  read(key: string): HexString | undefined {
    if (!KEY.test(key)) return undefined;
    try {
      const text = fs.readFileSync(this.file(key), 'utf8');
      const [sum, hex] = text.split('\n', 2);
      if (sum === sha256(hex ?? '') && /^0x[0-9a-f]+$/.test(hex)) return hex as HexString;
    } catch {
      // not cached
    }
    return undefined;
  }

  /**
   * What ApiPromise's `metadata` option takes: it asks for one key, the chain's, once it knows the
   * genesis hash and spec version; that file alone is read.
   */
  lookup(): Record<string, HexString> {
    const seen = new Map<string, HexString | undefined>();
    return new Proxy({} as Record<string, HexString>, {
      get: (_target, key) => {
        if (typeof key !== 'string' || !KEY.test(key)) return undefined;
        if (!seen.has(key)) {
          const hex = this.read(key);
          seen.set(key, hex);
          if (hex) this.hits++;
          else this.misses++;
        }
        return seen.get(key);
      },
    });
  }

  /** Stores the metadata of the chain `api` is connected to (marks it used when it is there already). */
  save(api: ApiPromise): void {
    const key = `${api.genesisHash.toHex()}-${api.runtimeVersion.specVersion.toString()}`;
    if (!KEY.test(key)) return;
    const file = this.file(key);
    try {
      if (this.read(key)) {
        const now = new Date();
        fs.utimesSync(file, now, now);
      } else {
        const hex = api.runtimeMetadata.toHex();
        fs.mkdirSync(this.dir, { recursive: true });
        // written whole, then renamed: a process reading it at the same time sees all of it or nothing
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, `${sha256(hex)}\n${hex}`);
        fs.renameSync(tmp, file);
      }
      this.prune();
    } catch {
      // a read-only cache folder costs a download next time
    }
  }

  /** Keeps the `keep` most recently used files. */
  private prune(): void {
    const files = fs
      .readdirSync(this.dir)
      .filter((f) => /^metadata-.*\.hex$/.test(f))
      .map((f) => ({ f, at: fs.statSync(path.join(this.dir, f)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const { f } of files.slice(this.keep)) fs.rmSync(path.join(this.dir, f), { force: true });
  }
}
