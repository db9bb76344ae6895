/**
 * The runtime metadata (v14) served by the dev chain, built once from the pallet specs and cached
 * in memory and on disk (keyed by the specs' content) so the chain starts fast.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMetadataHex } from './metadata/build-metadata';
import { RUNTIME_PALLETS } from './runtime-pallets';

let cached: `0x${string}` | undefined;

/** SCALE-encoded metadata of the dev chain's runtime, hex. */
export function getMetadataHex(): `0x${string}` {
  if (cached) return cached;
  const digest = createHash('sha256').update(JSON.stringify(RUNTIME_PALLETS)).digest('hex').slice(0, 16);
  const dir = process.env.TFGRID_DEVCHAIN_CACHE ?? join(tmpdir(), 'tfgrid-devchain-metadata');
  const file = join(dir, `metadata-${digest}.hex`);
  try {
    const hex = readFileSync(file, 'utf8');
    if (hex.startsWith('0x')) return (cached = hex as `0x${string}`);
  } catch {
    // not cached yet
  }
  cached = buildMetadataHex(RUNTIME_PALLETS);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, cached);
  } catch {
    // a read-only temp dir only costs start time
  }
  return cached;
}
