/**
 * A failed create or update after which the resource exists, in some state, on the grid. The
 * dynamic provider host sends `id`, `properties` and `reasons` of such an error to the engine as
 * `ErrorResourceInitFailed`; Pulumi records them as the resource's state (and reports the
 * failure), so refresh, the next diff and destroy work on what is really there.
 */
export class PartialStateError extends Error {
  /** why, for the engine's report */
  readonly reasons: string[];

  constructor(
    message: string,
    /** the resource id (the contract) */
    readonly id: string,
    /** the outputs as the grid has them */
    public properties: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'PartialStateError';
    this.reasons = [message];
  }
}
