/**
 * Test fixtures for RMB: a few twins with real keys in an in-memory directory, and a raw websocket
 * peer that speaks envelopes directly (to forge, inspect and misbehave where RmbClient would not).
 */
import { mnemonicGenerate } from '@polkadot/util-crypto';
import WebSocket from 'ws';
import { Envelope, decodeEnvelope, encodeEnvelope } from '../../../clients/rmb/envelope';
import { KeyType, RmbIdentity } from '../../../clients/rmb/identity';
import { createRelayToken } from '../../../clients/rmb/jwt';
import { InMemoryTwinDirectory, TwinInfo } from '../../../clients/rmb/twin-directory';

export interface TestTwin {
  readonly id: number;
  readonly secret: string;
  readonly keyType: KeyType;
  readonly identity: RmbIdentity;
  readonly info: TwinInfo;
}

/** A twin with a fresh mnemonic; `publishPk` puts its payload key in the directory (enables encryption). */
export function makeTwin(id: number, keyType: KeyType, publishPk = true): TestTwin {
  const secret = mnemonicGenerate(12);
  const identity = RmbIdentity.fromSecret(secret, keyType);
  const info: TwinInfo = {
    id,
    accountPublicKey: identity.accountPublicKey,
    keyType,
    relays: ['127.0.0.1'],
    ...(publishPk ? { pk: identity.payloadKey!.publicKey } : {}),
  };
  return { id, secret, keyType, identity, info };
}

export function directoryOf(...twins: TestTwin[]): InMemoryTwinDirectory {
  return new InMemoryTwinDirectory(twins.map((t) => t.info));
}

/** A websocket peer without RmbClient's checks. */
export interface RawPeer {
  readonly ws: WebSocket;
  /** next envelope received (rejects after `timeoutMs`) */
  next(timeoutMs?: number): Promise<Envelope>;
  send(env: Envelope): void;
  close(): Promise<void>;
}

/** Connects to `url` as `twin` with a token signed by `signer` (default: the twin's own identity). */
export async function rawPeer(
  url: string,
  twin: TestTwin,
  opts: { sid?: string; signer?: RmbIdentity; token?: string } = {},
): Promise<RawPeer> {
  const token = opts.token ?? createRelayToken(opts.signer ?? twin.identity, twin.id, { sid: opts.sid });
  const ws = new WebSocket(`${url}/?${token}`);
  const inbox: Envelope[] = [];
  const wakers: (() => void)[] = [];
  ws.on('message', (data) => {
    inbox.push(decodeEnvelope(new Uint8Array(data as Buffer)));
    wakers.splice(0).forEach((w) => w());
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    async next(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (inbox.length === 0) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`raw peer ${twin.id}: no envelope within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          wakers.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return inbox.shift()!;
    },
    send(env) {
      ws.send(encodeEnvelope(env));
    },
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.terminate();
      });
    },
  };
}
