/** An error from the colorize API or on the way to it, with the worker's stable code. */
export class ColorizeApiError extends Error {
  override readonly name = 'ColorizeApiError';
  constructor(
    /** The worker's code (`unsupported_type`, `image_too_large`, …), or `network`, `timeout`, `aborted`, `invalid_input`. */
    readonly code: string,
    message: string,
    /** HTTP status, 0 when no response came. */
    readonly status = 0,
    /** Seconds the worker asked to wait (429, 503). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}
