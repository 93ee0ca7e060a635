/** Every error the API returns: an HTTP status and a stable code, shown as { error: { code, message } }. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 404 | 405 | 413 | 415 | 429 | 500 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
