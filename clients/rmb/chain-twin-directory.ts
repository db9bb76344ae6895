/** Twins' RMB keys read from TFChain (`tfgridModule.twins`), for the client and the dev relay. */
import type { ApiPromise } from '@polkadot/api';
import { hexToString, hexToU8a, isHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import type { TwinDirectory, TwinInfo } from './twin-directory';

export class ChainTwinDirectory implements TwinDirectory {
  constructor(private readonly api: ApiPromise) {}

  async getTwin(twinId: number): Promise<TwinInfo | undefined> {
    return twinInfo(
      (
        (await this.api.query.tfgridModule.twins(twinId)) as unknown as {
          toJSON(): Record<string, unknown> | null;
        }
      ).toJSON(),
    );
  }

  /** Many twins in one storage query, in the order asked. */
  async getTwins(twinIds: readonly number[]): Promise<(TwinInfo | undefined)[]> {
    if (twinIds.length === 0) return [];
    const values = (await this.api.query.tfgridModule.twins.multi([...twinIds])) as unknown as {
      toJSON(): Record<string, unknown> | null;
    }[];
    return values.map((v) => twinInfo(v.toJSON()));
  }
}

/** A twin's chain record (as JSON) as RMB needs it. */
function twinInfo(json: Record<string, unknown> | null): TwinInfo | undefined {
  if (!json) return undefined;
  const relay = typeof json.relay === 'string' && isHex(json.relay) ? hexToString(json.relay) : '';
  const pk = typeof json.pk === 'string' && isHex(json.pk) ? hexToU8a(json.pk) : undefined;
  return {
    id: Number(json.id),
    accountPublicKey: decodeAddress(String(json.accountId)),
    relays: relay ? relay.split('_') : [],
    ...(pk && pk.length > 0 ? { pk } : {}),
  };
}
