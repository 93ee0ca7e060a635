import type { ServiceErrorCode } from '@colorize/model';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The HTTP status of every code the worker answers with: typed, so a new code in errors.ts does not compile until it has one. */
export const STATUS: Record<ServiceErrorCode, ContentfulStatusCode> = {
  empty_image: 400,
  invalid_image: 400,
  invalid_option: 400,
  invalid_hints: 400,
  invalid_form: 400,
  missing_image: 400,
  not_found: 404,
  method_not_allowed: 405,
  body_too_large: 413,
  image_too_large: 413,
  image_too_complex: 413,
  unsupported_type: 415,
  unsupported_image: 415,
  rate_limited: 429,
  // The model file is the service's own: it cannot serve now, whatever the request.
  invalid_weights: 503,
  internal: 500,
  busy: 503,
  model_unavailable: 503,
};

export function isServiceErrorCode(code: unknown): code is ServiceErrorCode {
  return typeof code === 'string' && Object.hasOwn(STATUS, code);
}

/**
 * An error answer, { error: { code, message } } with the code's status, as Hono's own
 * exception (so onError and Hono's middleware treat it alike). Never cached.
 */
export function serviceError(code: ServiceErrorCode, message: string, headers: Record<string, string> = {}): HTTPException {
  const status = STATUS[code];
  const res = Response.json({ error: { code, message } }, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
  return new HTTPException(status, { message, res });
}
