/**
 * Assembles the runtime's v14 metadata from the pallet specs: the portable type lookup (built by
 * TypeBuilder), pallets with calls/events/errors/storage/constants at TFChain's indices, and the
 * extrinsic format with the standard signed extensions.
 */
import { Metadata, TypeRegistry } from '@polkadot/types';
import { unwrapStorageType } from '@polkadot/types/util';
import { stringCamelCase, u8aConcat, u8aToHex } from '@polkadot/util';
import type { PalletSpec } from '../pallet';
import { RUNTIME_TYPES } from './runtime-types';
import { TypeBuilder, type TypeSpec, type VariantSpec } from './type-builder';

/** Signed extensions in TFChain's order, with their additional-signed types. */
export const SIGNED_EXTENSIONS: readonly [string, string][] = [
  ['CheckNonZeroSender', '()'],
  ['CheckSpecVersion', 'u32'],
  ['CheckTxVersion', 'u32'],
  ['CheckGenesis', 'H256'],
  ['CheckMortality', 'H256'],
  ['CheckNonce', '()'],
  ['CheckWeight', '()'],
  ['ChargeTransactionPayment', '()'],
];

const MAGIC = new Uint8Array([0x6d, 0x65, 0x74, 0x61]);

function crateOf(pallet: PalletSpec): string {
  return `pallet_${pallet.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}`;
}

/** Named types: Substrate's, the pallets', and the generated per-pallet and runtime enums. */
function namedTypes(pallets: readonly PalletSpec[]): Record<string, TypeSpec> {
  const named: Record<string, TypeSpec> = { ...RUNTIME_TYPES };
  const runtimeCall: Record<string, VariantSpec> = {};
  const runtimeEvent: Record<string, VariantSpec> = {};
  for (const p of pallets) {
    Object.assign(named, p.types ?? {});
    const crate = crateOf(p);
    if (p.calls) {
      const variants: Record<string, VariantSpec> = {};
      for (const [name, call] of Object.entries(p.calls))
        variants[name] = { index: call.index, fields: call.args };
      named[`${p.name}Call`] = { path: `${crate}::pallet::Call`, variants };
      runtimeCall[p.name] = { index: p.index, fields: [`${p.name}Call`] };
    }
    if (p.events) {
      named[`${p.name}Event`] = { path: `${crate}::pallet::Event`, variants: p.events };
      runtimeEvent[p.name] = { index: p.index, fields: [`${p.name}Event`] };
    }
    if (p.errors) {
      named[`${p.name}Error`] = {
        path: `${crate}::pallet::Error`,
        variants: Object.fromEntries(p.errors.map((e) => [e, null])),
      };
    }
  }
  named.RuntimeCall = { path: 'tfchain_runtime::RuntimeCall', variants: runtimeCall };
  named.RuntimeEvent = { path: 'tfchain_runtime::RuntimeEvent', variants: runtimeEvent };
  return named;
}

type Encoded = Map<string, string>;

function buildV14(pallets: readonly PalletSpec[], encoded: Encoded): Record<string, unknown> {
  const types = new TypeBuilder(namedTypes(pallets));
  const palletsJson = [...pallets]
    .sort((a, b) => a.index - b.index)
    .map((p) => ({
      name: p.name,
      index: p.index,
      storage: p.storage
        ? {
            prefix: p.name,
            items: p.storage.map((item) => {
              const value = types.id(item.type);
              const type = item.keys
                ? {
                    Map: {
                      hashers: item.keys.map((k) => k.hasher),
                      key:
                        item.keys.length === 1
                          ? types.id(item.keys[0].type)
                          : types.id(`(${item.keys.map((k) => k.type).join(',')})`),
                      value,
                    },
                  }
                : { Plain: value };
              return {
                name: item.name,
                modifier: item.optional ? 'Optional' : 'Default',
                type,
                fallback: item.optional ? '0x00' : (encoded.get(`storage:${p.name}.${item.name}`) ?? '0x00'),
                docs: [],
              };
            }),
          }
        : null,
      calls: p.calls ? { type: types.id(`${p.name}Call`) } : null,
      events: p.events ? { type: types.id(`${p.name}Event`) } : null,
      constants: (p.constants ?? []).map((c) => ({
        name: c.name,
        type: types.id(c.type),
        value: encoded.get(`const:${p.name}.${c.name}`) ?? '0x00',
        docs: [],
      })),
      errors: p.errors ? { type: types.id(`${p.name}Error`) } : null,
    }));
  const extrinsic = {
    type: types.id('UncheckedExtrinsic'),
    version: 4,
    signedExtensions: SIGNED_EXTENSIONS.map(([identifier, additional]) => ({
      identifier,
      type: types.id(identifier),
      additionalSigned: types.id(additional),
    })),
  };
  // make sure clients can find Call and Event even when no item refers to them
  types.id('RuntimeCall');
  types.id('Vec<EventRecord>');
  const runtime = types.id('Runtime');
  return { lookup: { types: types.types }, pallets: palletsJson, extrinsic, type: runtime };
}

function toMetadata(registry: TypeRegistry, v14: Record<string, unknown>): Metadata {
  // "meta" magic, the version byte, then the v14 struct
  const body = registry.createType('MetadataV14', v14).toU8a();
  return new Metadata(registry, u8aConcat(MAGIC, new Uint8Array([14]), body));
}

/**
 * Builds the metadata (two passes: the second fills storage defaults and constant values, which
 * are encoded with the lookup of the first). Returns the SCALE-encoded metadata as hex.
 */
export function buildMetadataHex(pallets: readonly PalletSpec[]): `0x${string}` {
  const first = new TypeRegistry();
  const draft = toMetadata(first, buildV14(pallets, new Map()));
  first.setMetadata(draft);
  const encoded: Encoded = new Map();
  const v14 = draft.asV14;
  for (const p of v14.pallets) {
    const spec = pallets.find((s) => s.name === p.name.toString());
    if (!spec) continue;
    if (p.storage.isSome) {
      for (const item of p.storage.unwrap().items) {
        if (item.modifier.isOptional) continue;
        const typeName = unwrapStorageType(first, item.type, false);
        encoded.set(
          `storage:${spec.name}.${item.name.toString()}`,
          u8aToHex(first.createType(typeName).toU8a()),
        );
      }
    }
    for (const c of p.constants) {
      const value = spec.constants?.find((k) => k.name === c.name.toString())?.value;
      encoded.set(
        `const:${spec.name}.${c.name.toString()}`,
        u8aToHex(first.createType(first.createLookupType(c.type), value).toU8a()),
      );
    }
  }
  return toMetadata(new TypeRegistry(), buildV14(pallets, encoded)).toHex();
}

/** camelCase section name of a pallet as clients see it (`TfgridModule` -> `tfgridModule`). */
export function sectionOf(palletName: string): string {
  return stringCamelCase(palletName);
}
