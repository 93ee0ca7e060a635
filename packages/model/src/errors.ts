/**
 * The one list of error codes, from the model to the edge's JSON, the SDK's errors and the
 * site's messages. Add a code here and the compiler points at every table that must learn it
 * (the edge's HTTP statuses, the site's messages). This module imports nothing, so the SDK's
 * edge client can use it without pulling in TensorFlow.js.
 */
export const ERROR_CODES = [
  // The image.
  /** No bytes, or zero pixels. */
  'empty_image',
  /** Damaged, cut short, or not the pixels it claims to be. */
  'invalid_image',
  /** Not a JPEG, PNG or WebP (judged from the bytes). */
  'unsupported_type',
  /** A JPEG, PNG or WebP of a kind the decoder does not handle (it says which). */
  'unsupported_image',
  /** More pixels than the limit. */
  'image_too_large',
  /** Would cost more to decode than any real photo (a progressive JPEG with thousands of scans). */
  'image_too_complex',
  /** More bytes than the limit. */
  'body_too_large',
  // The request.
  /** An option out of range, empty, repeated or unknown. */
  'invalid_option',
  /** Colour hints that are not a list of {x, y, color, size?} inside the image, or a model that takes none. */
  'invalid_hints',
  /** A multipart form that cannot be read. */
  'invalid_form',
  /** A multipart form without its "image" field. */
  'missing_image',
  'not_found',
  'method_not_allowed',
  /** Too many requests from this client. */
  'rate_limited',
  /** The service is at capacity: try again after Retry-After. */
  'busy',
  // The model.
  /** A model file that is not a Colorize model, or is damaged. */
  'invalid_weights',
  /** The model could not be loaded or run. */
  'model_unavailable',
  // The way to the service: raised by the SDK, never sent by the edge.
  /** Something colorize() cannot take (not an image input, an <img> with nothing loaded). */
  'invalid_input',
  'network',
  'timeout',
  'aborted',
  /** An HTTP error without the service's JSON body (a proxy's page, say). */
  'http_error',
  /** A fault on the service's side, not the caller's. */
  'internal',
] as const;

/** One of ERROR_CODES: what the edge's JSON, the SDK's errors and the site's messages switch on. */
export type ColorizeErrorCode = (typeof ERROR_CODES)[number];

/** Codes the SDK raises itself, on its side of the network; the edge never answers with them. */
export type ClientErrorCode = 'invalid_input' | 'network' | 'timeout' | 'aborted' | 'http_error';

/** Codes the edge answers with, each with its HTTP status in the edge's one table. */
export type ServiceErrorCode = Exclude<ColorizeErrorCode, ClientErrorCode>;

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES);

/** Whether `code` (from JSON, say) is one of ours. */
export function isColorizeErrorCode(code: unknown): code is ColorizeErrorCode {
  return typeof code === 'string' && KNOWN.has(code);
}

/** Every error Colorize throws on purpose: a stable `code` to switch on and a message a person can read. */
export class ColorizeError extends Error {
  override readonly name: string = 'ColorizeError';
  constructor(
    readonly code: ColorizeErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * One precondition, one clear message (as tfjs-core's util.assert): throws a ColorizeError with
 * `code` when `condition` is false. The message is built only then.
 */
export function assert(condition: boolean, code: ColorizeErrorCode, message: () => string): asserts condition {
  if (!condition) throw new ColorizeError(code, message());
}
