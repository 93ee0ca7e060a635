import type { ServiceErrorCode } from '@colorize/model';
import type { MiddlewareHandler } from 'hono';
import { serviceError } from './errors.js';

/**
 * Query options are taken once each and never empty: zod would read `saturation=` as 0 (a
 * grey picture) and a repeated option as its first value, silently. Unknown ones are refused
 * too, so a misspelt option is not ignored.
 *
 * @param codes The error code of an option with its own (hints: invalid_hints); invalid_option otherwise.
 */
export function strictQuery(known: readonly string[], codes: Readonly<Record<string, ServiceErrorCode>> = {}): MiddlewareHandler {
  return async (c, next) => {
    const seen = new Set<string>();
    for (const [key, value] of new URL(c.req.url).searchParams) {
      if (!known.includes(key)) throw serviceError('invalid_option', `Unknown option "${key}": the options are ${known.join(', ')}.`);
      const code = codes[key] ?? 'invalid_option';
      if (seen.has(key)) throw serviceError(code, `The option "${key}" is given more than once.`);
      if (value.trim() === '') throw serviceError(code, `The option "${key}" is empty: give it a value or leave it out.`);
      seen.add(key);
    }
    await next();
  };
}

/** The media type of a Content-Type header, lower-cased (media types are case-insensitive), without its parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
