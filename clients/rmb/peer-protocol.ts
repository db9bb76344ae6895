/**
 * What a peer checks on every envelope from another twin (TTL, known twin, signature, decryption)
 * and how it seals a payload for one (encrypted when both twins publish a matching `pk`).
 * Error codes are rmb-rs's peer protocol codes.
 */
import { Envelope, envelopeSignatureProblem, envelopeTtl } from './envelope';
import type { RmbIdentity } from './identity';
import type { TwinDirectory, TwinInfo } from './twin-directory';

/** Who sent a request to a handler. */
export interface RmbSender {
  readonly twin: number;
  readonly connection?: string;
}

/** Serves one command: gets the decoded JSON payload, returns the JSON result or throws. */
export type RmbHandler = (sender: RmbSender, payload: unknown) => unknown | Promise<unknown>;

/** Handler errors carrying a numeric `code` send it in the error envelope; others send 0 (as zos). */
export interface CodedError extends Error {
  readonly code?: number;
}

/** An error to answer with: 102 expired, 103 unknown twin, 104 bad signature, 105/106 e2e, else 0. */
export class ReplyError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  static from(err: unknown): ReplyError {
    if (err instanceof ReplyError) return err;
    const code = (err as CodedError | undefined)?.code;
    const message = err instanceof Error ? err.message : String(err);
    return new ReplyError(Number.isInteger(code) && (code as number) >= 0 ? (code as number) : 0, message);
  }
}

/** A payload ready for the envelope's `payload` oneof. */
export type SealedPayload = { plain: Uint8Array } | { cipher: Uint8Array };

export class PeerProtocol {
  constructor(
    private readonly identity: RmbIdentity,
    private readonly twinId: number,
    private readonly twins: TwinDirectory,
    /** encrypt when possible */
    private readonly encrypt: boolean,
  ) {}

  /** Encrypts for `peer` when both sides publish a pk and ours matches our payload key, else plain. */
  async seal(peer: TwinInfo, body: Uint8Array): Promise<SealedPayload> {
    const key = this.identity.payloadKey;
    if (!this.encrypt || !key || !peer.pk) return { plain: body };
    // the peer decrypts with the pk it finds on chain for us: a stale one would make it fail
    const self = await this.twins.getTwin(this.twinId);
    if (!self?.pk || Buffer.compare(Buffer.from(self.pk), Buffer.from(key.publicKey)) !== 0)
      return { plain: body };
    return { cipher: key.encrypt(peer.pk, body) };
  }

  /** Verifies an envelope from another twin and returns its payload bytes; throws a ReplyError. */
  async open(env: Envelope): Promise<Uint8Array> {
    const twinId = env.source?.twin ?? 0;
    if (envelopeTtl(env) === 0) throw new ReplyError(102, 'envelope validation error: message has expired');
    const twin = await this.twins.getTwin(twinId);
    if (!twin) throw new ReplyError(103, `unknown twin id '${twinId}'`);
    const problem = envelopeSignatureProblem(env, twin);
    if (problem) throw new ReplyError(104, `invalid envelope signature: ${problem}`);
    if (env.cipher === undefined) return env.plain ?? new Uint8Array();
    if (!twin.pk) throw new ReplyError(105, 'sender twin has no public key');
    const key = this.identity.payloadKey;
    if (!key)
      throw new ReplyError(106, 'e2e error: this twin has no payload key (use a mnemonic or hex seed)');
    try {
      return key.decrypt(twin.pk, env.cipher);
    } catch (err) {
      throw new ReplyError(106, `e2e error: ${(err as Error).message}`);
    }
  }
}
