/**
 * The relay token: a JWT whose signature is the twin's 65-byte prefixed signature (not RSA, although
 * the header says RS512, as rmb-rs and the SDKs do) over `b64(header).b64(claims)`. Sent as the
 * whole query string of the relay websocket url: `wss://relay/?<token>`.
 */
import { KeyType, RmbIdentity, signatureProblem } from './identity';

/** Claims of a relay token. */
export interface RelayClaims {
  /** twin id */
  readonly sub: number;
  /** issued at, unix seconds */
  readonly iat: number;
  /** expires at, unix seconds */
  readonly exp: number;
  /** session id: one relay connection per (twin, sid); absent for a peer's default connection */
  readonly sid?: string;
}

/** The algorithm name every RMB token carries (checked, like rmb-rs's verifier does). */
export const RELAY_TOKEN_ALG = 'RS512';

export interface CreateRelayTokenOptions {
  /** session id; @default none */
  readonly sid?: string;
  /** token lifetime in seconds; @default 300 (as rmb-peer) */
  readonly ttlSeconds?: number;
  /** issue time, unix seconds; @default now */
  readonly now?: number;
}

function b64url(data: Uint8Array | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Creates a relay token for `twinId` signed by `identity`. */
export function createRelayToken(
  identity: RmbIdentity,
  twinId: number,
  opts: CreateRelayTokenOptions = {},
): string {
  const iat = opts.now ?? Math.floor(Date.now() / 1000);
  const claims: RelayClaims = {
    sub: twinId,
    iat,
    exp: iat + (opts.ttlSeconds ?? 300),
    ...(opts.sid !== undefined ? { sid: opts.sid } : {}),
  };
  const signingInput = `${b64url(JSON.stringify({ alg: RELAY_TOKEN_ALG, typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  return `${signingInput}.${b64url(identity.sign(signingInput))}`;
}

/** A token split into its parts, not yet verified. */
export interface DecodedRelayToken {
  readonly header: { readonly alg?: string; readonly typ?: string };
  readonly claims: RelayClaims;
  /** `b64(header).b64(claims)` as received: the signed bytes */
  readonly signingInput: string;
  readonly signature: Uint8Array;
}

/** Why a token was refused; `status` is the HTTP status the relay answers with. */
export class RelayTokenError extends Error {
  constructor(
    message: string,
    /** 400 malformed, 401 bad signature or expired */
    readonly status: number = 401,
  ) {
    super(message);
    this.name = 'RelayTokenError';
  }
}

function parseJsonPart(part: string, what: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new RelayTokenError(`jwt: ${what} is not base64url JSON`, 400);
  }
}

/** Splits and parses a token without checking its signature or expiry. */
export function decodeRelayToken(token: string): DecodedRelayToken {
  const parts = token.split('.');
  if (parts.length !== 3)
    throw new RelayTokenError(`jwt: expected 3 dot-separated parts, got ${parts.length}`, 400);
  const header = parseJsonPart(parts[0], 'header') as DecodedRelayToken['header'];
  const raw = parseJsonPart(parts[1], 'claims') as Record<string, unknown>;
  if (!header || typeof header !== 'object') throw new RelayTokenError('jwt: header is not an object', 400);
  if (!raw || typeof raw !== 'object') throw new RelayTokenError('jwt: claims are not an object', 400);
  for (const key of ['sub', 'iat', 'exp'] as const) {
    if (!Number.isSafeInteger(raw[key]) || (raw[key] as number) < 0) {
      throw new RelayTokenError(
        `jwt: claim '${key}' must be a non-negative integer, got ${JSON.stringify(raw[key])}`,
        400,
      );
    }
  }
  if (raw.sid !== undefined && raw.sid !== null && typeof raw.sid !== 'string') {
    throw new RelayTokenError(`jwt: claim 'sid' must be a string, got ${JSON.stringify(raw.sid)}`, 400);
  }
  // rmb-rs writes `"sid": null` for no session; Go omits it
  const claims: RelayClaims = {
    sub: raw.sub as number,
    iat: raw.iat as number,
    exp: raw.exp as number,
    ...(typeof raw.sid === 'string' ? { sid: raw.sid } : {}),
  };
  return {
    header,
    claims,
    signingInput: `${parts[0]}.${parts[1]}`,
    signature: new Uint8Array(Buffer.from(parts[2], 'base64url')),
  };
}

export interface VerifyRelayTokenOptions {
  /** current time, unix seconds; @default now */
  readonly now?: number;
  /** when set, a signature of the other key type is refused */
  readonly keyType?: KeyType;
}

/**
 * Verifies a token against the twin's account public key: algorithm, expiry, signature.
 * @returns the claims; throws RelayTokenError otherwise
 */
export function verifyRelayToken(
  token: string,
  accountPublicKey: Uint8Array,
  opts: VerifyRelayTokenOptions = {},
): RelayClaims {
  const decoded = decodeRelayToken(token);
  if (decoded.header.alg !== RELAY_TOKEN_ALG) {
    throw new RelayTokenError(
      `jwt: algorithm mismatch, expected ${RELAY_TOKEN_ALG}, got ${JSON.stringify(decoded.header.alg)}`,
    );
  }
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (now > decoded.claims.exp)
    throw new RelayTokenError(
      `jwt has expired (exp ${decoded.claims.exp}, now ${now}); create a fresh token`,
    );
  const problem = signatureProblem(accountPublicKey, decoded.signature, decoded.signingInput, opts.keyType);
  if (problem) throw new RelayTokenError(`jwt: invalid signature for twin ${decoded.claims.sub}: ${problem}`);
  return decoded.claims;
}
