/**
 * The runtime metadata (v14) served by the dev chain, built once from the pallet specs and cached
 * in memory and on disk (keyed by the specs' content) so the chain starts fast.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMetadataHex } from './metadata/build-metadata';
import type { PalletSpec } from './pallet';
import { RUNTIME_PALLETS } from './runtime-pallets';

const cache = new Map<string, `0x${string}`>();

/** SCALE-encoded metadata of a runtime with these pallets (default: TFChain's limits), hex. */
export function getMetadataHex(pallets: readonly PalletSpec[] = RUNTIME_PALLETS): `0x${string}` {
  const digest = createHash('sha256')
    .update(JSON.stringify(pallets, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)))
    .digest('hex')
    .slice(0, 16);
  const known = cache.get(digest);
  if (known) return known;
  const dir = process.env.TFGRID_DEVCHAIN_CACHE ?? join(tmpdir(), 'tfgrid-devchain-metadata');
  const file = join(dir, `metadata-${digest}.hex`);
  try {
    const hex = readFileSync(file, 'utf8');
    if (hex.startsWith('0x')) {
      cache.set(digest, hex as `0x${string}`);
      return hex as `0x${string}`;
    }
  } catch {
    // not cached yet
  }
  const built = buildMetadataHex(pallets);
  cache.set(digest, built);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, built);
  } catch {
    // a read-only temp dir only costs start time
  }
  return built;
}
