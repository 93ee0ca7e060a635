import { z } from '@hono/zod-openapi';

export const ErrorBody = z
  .object({ error: z.object({ code: z.string().openapi({ example: 'unsupported_type' }), message: z.string() }) })
  .openapi('Error');

const header = (description: string) => ({ schema: { type: 'string' as const }, description });

/** Headers on every /v1 answer. */
export const CORS_HEADERS = {
  'Access-Control-Allow-Origin': header('The calling origin when ALLOWED_ORIGINS allows it, or * (no credentials)'),
  'Access-Control-Expose-Headers': header('Server-Timing, X-Colorize-Model, X-Cache, Retry-After: readable by browser code'),
};
export const NO_STORE = { 'Cache-Control': header('no-store: no error is cached') };
export const RETRY_AFTER = { 'Retry-After': header('Seconds to wait before trying again') };

export const errorResponse = (description: string, headers: Record<string, ReturnType<typeof header>> = {}) => ({
  description,
  headers: { ...NO_STORE, ...CORS_HEADERS, ...headers },
  content: { 'application/json': { schema: ErrorBody } },
});

export const docHeader = header;
