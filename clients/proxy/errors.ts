/** Typed grid proxy errors: say which URL failed and how, so a user can tell a typo from an outage. */

/** A grid proxy request failed: an error status, a timeout, a refused connection or an unreadable body. */
export class GridProxyError extends Error {
  constructor(
    /** the full request URL */
    readonly url: string,
    /** HTTP status, undefined when no answer came (timeout, connection refused) */
    readonly status: number | undefined,
    /** the proxy's own message (`{"error": ...}` body) or the transport error */
    readonly detail: string,
    /** what to check, appended in parentheses */
    hint?: string,
  ) {
    super(
      (status === undefined
        ? `grid proxy: GET ${url} failed: ${detail}`
        : `grid proxy: GET ${url} answered ${status}: ${detail}`) + (hint ? ` (${hint})` : ''),
    );
    this.name = 'GridProxyError';
  }

  /** true for a 404 (e.g. an unknown node id) */
  get notFound(): boolean {
    return this.status === 404;
  }
}
