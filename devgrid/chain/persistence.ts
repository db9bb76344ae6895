/**
 * Keeps the dev chain in a data dir: blocks appended to blocks.jsonl, the latest state in
 * state.json (written atomically after each block), so a restart continues the chain.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BlockRecord, DevNode } from './node';

interface StateFile {
  readonly version: 1;
  readonly number: number;
  readonly hash: string;
  /** timestamp of the block, ms */
  readonly timestamp: number;
  readonly state: [string, string][];
}

export function saveBlock(dataDir: string, node: DevNode, block: BlockRecord): void {
  mkdirSync(dataDir, { recursive: true });
  const line = JSON.stringify({
    number: block.number,
    hash: block.hash,
    header: block.header,
    extrinsics: block.extrinsics,
  });
  appendFileSync(join(dataDir, 'blocks.jsonl'), `${line}\n`);
  const file: StateFile = {
    version: 1,
    number: block.number,
    hash: block.hash,
    timestamp: node.runtime.now,
    state: [...(block.state ?? new Map()).entries()],
  };
  const target = join(dataDir, 'state.json');
  writeFileSync(`${target}.tmp`, JSON.stringify(file));
  renameSync(`${target}.tmp`, target);
}

/** Restores blocks and the latest state from `dataDir`; false when it holds no chain yet. */
export function loadChain(dataDir: string, node: DevNode): boolean {
  const stateFile = join(dataDir, 'state.json');
  if (!existsSync(stateFile)) return false;
  let saved: StateFile;
  try {
    saved = JSON.parse(readFileSync(stateFile, 'utf8')) as StateFile;
  } catch (e) {
    throw new Error(
      `dev chain: cannot read ${stateFile} (${(e as Error).message}); remove the data dir to start a new chain`,
    );
  }
  const lines = readFileSync(join(dataDir, 'blocks.jsonl'), 'utf8').split('\n').filter(Boolean);
  const byNumber = new Map<number, BlockRecord>();
  for (const line of lines) {
    const b = JSON.parse(line) as BlockRecord;
    if (b.number <= saved.number) byNumber.set(b.number, b);
  }
  for (let n = 0; n <= saved.number; n++) {
    const b = byNumber.get(n);
    if (!b)
      throw new Error(
        `dev chain: block ${n} missing in ${dataDir}/blocks.jsonl; remove the data dir to start a new chain`,
      );
    node.addBlock({ ...b, state: undefined });
  }
  if (node.best.hash !== saved.hash)
    throw new Error(
      `dev chain: ${stateFile} does not match the last block; remove the data dir to start a new chain`,
    );
  const state = new Map(saved.state);
  node.best.state = state;
  node.runtime.storage.raw = state;
  node.runtime.now = saved.timestamp;
  node.resumeTimestamp = saved.timestamp;
  // a restarted node has finalized what it had produced
  node.finalize(node.best.number);
  return true;
}
