/**
 * Event encoding: each pallet event becomes [pallet index, variant index] ++ its SCALE fields,
 * wrapped in an EventRecord {phase, event, topics} and appended to System.Events.
 */
import type { Metadata, TypeRegistry } from '@polkadot/types';
import { bnToU8a, u8aConcat } from '@polkadot/util';

/** Where in the block an event was emitted. */
export type Phase = { applyExtrinsic: number } | 'finalization' | 'initialization';

interface EventMeta {
  palletIndex: number;
  index: number;
  fieldTypes: string[];
}

export class EventEncoder {
  private readonly events = new Map<string, EventMeta>();

  constructor(
    private readonly registry: TypeRegistry,
    metadata: Metadata,
  ) {
    const v14 = metadata.asV14;
    for (const pallet of v14.pallets) {
      if (pallet.events.isNone) continue;
      const def = registry.lookup.getSiType(pallet.events.unwrap().type).def;
      for (const variant of def.asVariant.variants) {
        this.events.set(`${pallet.name.toString()}.${variant.name.toString()}`, {
          palletIndex: pallet.index.toNumber(),
          index: variant.index.toNumber(),
          fieldTypes: variant.fields.map((f) => registry.createLookupType(f.type)),
        });
      }
    }
  }

  /** The encoded EventRecord of `pallet.event` with `fields` in declaration order. */
  record(phase: Phase, pallet: string, event: string, fields: readonly unknown[]): Uint8Array {
    const meta = this.events.get(`${pallet}.${event}`);
    if (!meta) throw new Error(`dev chain: event ${pallet}.${event} is not declared in the runtime metadata`);
    if (fields.length !== meta.fieldTypes.length) {
      throw new Error(
        `dev chain: event ${pallet}.${event} takes ${meta.fieldTypes.length} fields, got ${fields.length}`,
      );
    }
    const body = meta.fieldTypes.map((t, i) => this.registry.createType(t, fields[i]).toU8a());
    const phaseBytes =
      phase === 'finalization'
        ? new Uint8Array([1])
        : phase === 'initialization'
          ? new Uint8Array([2])
          : u8aConcat(new Uint8Array([0]), bnToU8a(phase.applyExtrinsic, { bitLength: 32, isLe: true }));
    return u8aConcat(
      phaseBytes,
      new Uint8Array([meta.palletIndex, meta.index]),
      ...body,
      new Uint8Array([0]),
    );
  }
}
