/**
 * The RMB envelope: protobuf schema (field numbers as rmb-rs `proto/types.proto`), encode/decode,
 * the md5 challenge that is signed, signing/verification and TTL rules.
 */
import { createHash } from 'crypto';
import * as protobuf from 'protobufjs';
import { KeyType, RmbIdentity, signatureProblem } from './identity';

/** An RMB address: a twin, and optionally one of its connections (the relay session id). */
export interface Address {
  readonly twin: number;
  /** session id of the twin's connection; absent for a peer's default connection */
  readonly connection?: string;
}

/** An error message (field `error`). */
export interface EnvelopeError {
  /** app specific code; 0 for handler errors */
  readonly code: number;
  readonly message: string;
}

/** An empty protobuf message (response, ping, pong). */
export type EmptyMessage = Readonly<Record<string, never>>;

/** Envelope fields; exactly one of request/response/error/ping/pong, at most one of plain/cipher. */
export interface Envelope {
  /** message id; a response carries the uid of its request */
  readonly uid: string;
  /** client specific tags (e.g. `fail-fast`) */
  readonly tags?: string;
  /** unix seconds when sent */
  readonly timestamp: number;
  /** time to live in seconds, counted from `timestamp` */
  readonly expiration: number;
  readonly source?: Address;
  readonly destination?: Address;
  readonly request?: { readonly command: string };
  readonly response?: EmptyMessage;
  readonly error?: EnvelopeError;
  readonly ping?: EmptyMessage;
  readonly pong?: EmptyMessage;
  /** 65 bytes: type byte (`e`/`s`) + signature of the md5 challenge */
  readonly signature?: Uint8Array;
  /** payload schema; zos uses `application/json` */
  readonly schema?: string;
  /** deprecated federation domain, still part of the challenge */
  readonly federation?: string;
  readonly plain?: Uint8Array;
  readonly cipher?: Uint8Array;
  /** deprecated relay list, still part of the challenge */
  readonly relays?: readonly string[];
}

/** The message kinds of the `message` oneof. */
export type MessageKind = 'request' | 'response' | 'error' | 'ping' | 'pong';

/** Payload schema of JSON requests and responses. */
export const JSON_SCHEMA = 'application/json';

const MESSAGE_KINDS: readonly MessageKind[] = ['request', 'response', 'error', 'ping', 'pong'];

// proto3 `optional` fields (tags, signature, schema, federation, connection) need no synthetic oneof
// here: protobufjs writes a field exactly when the property is set, which is the presence we want.
const root = protobuf.Root.fromJSON({
  nested: {
    Request: { fields: { command: { type: 'string', id: 1 } }, reserved: [[2, 2]] },
    Response: {
      fields: {},
      reserved: [
        [1, 1],
        [2, 2],
      ],
    },
    Error: { fields: { code: { type: 'uint32', id: 1 }, message: { type: 'string', id: 2 } } },
    Address: { fields: { twin: { type: 'uint32', id: 1 }, connection: { type: 'string', id: 2 } } },
    Ping: { fields: {} },
    Pong: { fields: {} },
    Envelope: {
      oneofs: {
        message: { oneof: [...MESSAGE_KINDS] },
        payload: { oneof: ['plain', 'cipher'] },
      },
      fields: {
        uid: { type: 'string', id: 1 },
        tags: { type: 'string', id: 2 },
        timestamp: { type: 'uint64', id: 3 },
        expiration: { type: 'uint64', id: 4 },
        source: { type: 'Address', id: 5 },
        destination: { type: 'Address', id: 6 },
        request: { type: 'Request', id: 7 },
        response: { type: 'Response', id: 8 },
        signature: { type: 'bytes', id: 9 },
        schema: { type: 'string', id: 10 },
        federation: { type: 'string', id: 11 },
        error: { type: 'Error', id: 12 },
        plain: { type: 'bytes', id: 13 },
        cipher: { type: 'bytes', id: 14 },
        ping: { type: 'Ping', id: 15 },
        pong: { type: 'Pong', id: 16 },
        relays: { rule: 'repeated', type: 'string', id: 17 },
      },
    },
  },
});
const EnvelopeType = root.lookupType('Envelope');

/** Which message the envelope carries; throws when it carries several. */
export function messageKind(env: Envelope): MessageKind | undefined {
  const kinds = MESSAGE_KINDS.filter((k) => env[k] !== undefined);
  if (kinds.length > 1)
    throw new Error(`rmb: envelope ${env.uid} carries several messages (${kinds.join(', ')}); keep one`);
  return kinds[0];
}

/** Serializes an envelope to protobuf bytes. */
export function encodeEnvelope(env: Envelope): Uint8Array {
  messageKind(env);
  if (env.plain !== undefined && env.cipher !== undefined) {
    throw new Error(`rmb: envelope ${env.uid} has both a plain and a cipher payload; keep one`);
  }
  // proto3 scalars at their default are left off the wire, as rmb-rs does
  const obj: Record<string, unknown> = { ...env };
  if (!obj.uid) delete obj.uid;
  if (!obj.timestamp) delete obj.timestamp;
  if (!obj.expiration) delete obj.expiration;
  if (env.relays && env.relays.length === 0) delete obj.relays;
  for (const key of Object.keys(obj)) if (obj[key] === undefined) delete obj[key];
  const problem = EnvelopeType.verify(obj);
  if (problem) throw new Error(`rmb: cannot encode envelope ${env.uid}: ${problem}`);
  return EnvelopeType.encode(EnvelopeType.fromObject(obj)).finish();
}

/** Parses protobuf bytes into an envelope; throws a clear error for malformed input. */
export function decodeEnvelope(bytes: Uint8Array): Envelope {
  let msg: protobuf.Message;
  try {
    msg = EnvelopeType.decode(bytes);
  } catch (err) {
    throw new Error(`rmb: failed to load input message (${(err as Error).message})`);
  }
  const obj = EnvelopeType.toObject(msg, { longs: Number, defaults: false, oneofs: false });
  for (const key of ['plain', 'cipher', 'signature'] as const) {
    if (obj[key] !== undefined) obj[key] = new Uint8Array(obj[key] as Uint8Array);
  }
  for (const key of ['source', 'destination'] as const) {
    if (obj[key] !== undefined) obj[key] = { twin: 0, ...(obj[key] as object) };
  }
  if (obj.error !== undefined) obj.error = { code: 0, message: '', ...(obj.error as object) };
  if (obj.request !== undefined) obj.request = { command: '', ...(obj.request as object) };
  return { uid: '', timestamp: 0, expiration: 0, ...obj } as Envelope;
}

function addressChallenge(addr: Address | undefined): string {
  // an absent address counts as twin 0, like rmb-rs's default Address
  return `${addr?.twin ?? 0}${addr?.connection ?? ''}`;
}

/**
 * The bytes rmb-rs feeds to md5: uid, tags?, timestamp, expiration, source twin+connection?,
 * destination twin+connection?, command | code+message, schema?, federation?, payload, relays.
 */
export function envelopeChallenge(env: Envelope): Uint8Array {
  const parts: (string | Uint8Array)[] = [env.uid, env.tags ?? '', `${env.timestamp}`, `${env.expiration}`];
  parts.push(addressChallenge(env.source), addressChallenge(env.destination));
  if (env.request) parts.push(env.request.command);
  else if (env.error) parts.push(`${env.error.code}${env.error.message}`);
  parts.push(env.schema ?? '', env.federation ?? '');
  if (env.plain) parts.push(env.plain);
  else if (env.cipher) parts.push(env.cipher);
  for (const relay of env.relays ?? []) parts.push(relay);
  return new Uint8Array(
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))),
  );
}

/** md5 of the challenge: the 16 bytes that get signed. */
export function envelopeHash(env: Envelope): Uint8Array {
  return new Uint8Array(createHash('md5').update(envelopeChallenge(env)).digest());
}

/** Returns a copy of `env` signed by `identity`. */
export function signEnvelope(env: Envelope, identity: RmbIdentity): Envelope {
  const unsigned = { ...env, signature: undefined };
  return { ...env, signature: identity.sign(envelopeHash(unsigned)) };
}

/**
 * Checks an envelope's signature against its source twin's account key.
 * @returns undefined when valid, otherwise why not
 */
export function envelopeSignatureProblem(
  env: Envelope,
  twin: { readonly accountPublicKey: Uint8Array; readonly keyType?: KeyType },
): string | undefined {
  return signatureProblem(twin.accountPublicKey, env.signature, envelopeHash(env), twin.keyType);
}

/** Current unix time in whole seconds. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Seconds the envelope has left to live at `now` (unix s); 0 means expired. */
export function envelopeTtl(env: Envelope, now: number = nowSeconds()): number {
  return Math.max(0, env.timestamp + env.expiration - now);
}

/**
 * Sets the timestamp to `now` keeping the deadline, as rmb-rs's stamp: a missing or future
 * timestamp becomes now with the expiration untouched.
 */
export function stampEnvelope(env: Envelope, now: number = nowSeconds()): Envelope {
  if (env.timestamp === 0 || env.timestamp > now) return { ...env, timestamp: now };
  return { ...env, timestamp: now, expiration: Math.max(0, env.expiration - (now - env.timestamp)) };
}

/** Address as rmb-rs prints it: `twin` or `twin:connection`. */
export function addressToString(addr: Address | undefined): string {
  if (!addr) return '0';
  return addr.connection !== undefined ? `${addr.twin}:${addr.connection}` : `${addr.twin}`;
}
