/**
 * Typed RMB errors, so callers can tell a silent node from a refusing node from a broken relay link.
 */

/** Base of every error raised by the RMB client. */
export class RmbError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The destination did not answer before the request's deadline (node offline, overloaded or dropped it). */
export class RmbTimeoutError extends RmbError {
  constructor(
    /** twin the request was sent to */
    readonly destinationTwin: number,
    /** rmb command, e.g. `zos.deployment.get` */
    readonly command: string,
    /** the deadline that passed, milliseconds */
    readonly timeoutMs: number,
  ) {
    super(
      `rmb: twin ${destinationTwin} did not answer '${command}' within ${timeoutMs} ms ` +
        `(is the node online and connected to the same relay? raise timeoutMs for slow commands)`,
    );
  }
}

/**
 * An error envelope came back: from the destination (its handler refused the request, e.g. a zos
 * validation message) or from the relay (source twin 0: unknown twin, destination offline, bad source).
 */
export class RmbRemoteError extends RmbError {
  constructor(
    /** app specific error code (0 for zos handler errors, 1xx for rmb protocol errors) */
    readonly code: number,
    /** the message as sent by the remote side */
    readonly remoteMessage: string,
    /** twin that produced the error; 0 when the relay produced it */
    readonly sourceTwin: number,
    /** rmb command of the failed request */
    readonly command: string,
  ) {
    const who = sourceTwin === 0 ? 'the relay' : `twin ${sourceTwin}`;
    super(`rmb: ${who} answered '${command}' with error${code ? ` ${code}` : ''}: ${remoteMessage}`);
  }
}

/** No relay connection could be opened or kept (bad url, refused token, relay down). */
export class RmbConnectionError extends RmbError {}
