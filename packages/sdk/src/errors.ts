import { ColorizeError, type ColorizeErrorCode } from '@colorize/model/errors';

export type { ColorizeErrorCode };

/**
 * An error from the colorize API or on the way to it. It is a ColorizeError of the model
 * package, so `code` is one of the one list's codes (`image_too_large`, `busy`, …, or the
 * SDK's own `network`, `timeout`, `aborted`, `invalid_input`, `http_error`).
 */
export class ColorizeApiError extends ColorizeError {
  override readonly name: string = 'ColorizeApiError';
  constructor(
    code: ColorizeErrorCode,
    message: string,
    /** HTTP status, 0 when no response came. */
    readonly status = 0,
    /** Seconds the worker asked to wait (429, 503). */
    readonly retryAfter?: number,
  ) {
    super(code, message);
  }
}
