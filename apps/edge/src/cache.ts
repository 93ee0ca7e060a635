/**
 * The opt-in shared cache (?cache=public), for public images colorized on every page view
 * (<colorize-image>): the data centre's Cache API, keyed on a SHA-256 of the image and
 * everything that changes the output, kept for a day. Default answers are never put here.
 */
export const PUBLIC_MAX_AGE = 86_400;

export interface OutputOptions {
  format: 'png' | 'jpeg' | 'webp';
  quality: number;
  saturation: number;
  /** The colour hints' JSON (hints.ts's hintsKey); undefined for none, as for an empty list. */
  hints?: string;
}

async function sha256(data: Uint8Array | string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', typeof data === 'string' ? new TextEncoder().encode(data) : data));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The cache key: the photo's digest, the model, and the options that change the bytes (quality
 * only where the format is lossy; the hints by their digest, which keeps the key short).
 */
export async function publicCacheKey(bytes: Uint8Array, model: string, o: OutputOptions): Promise<Request> {
  const query = new URLSearchParams({ m: model, f: o.format, s: String(o.saturation) });
  if (o.format !== 'png') query.set('q', String(o.quality));
  if (o.hints !== undefined) query.set('h', await sha256(o.hints));
  return new Request(`https://cache.colorize.invalid/v1/colorize/${await sha256(bytes)}?${query}`);
}

/** The data centre's cache, where the runtime has one. */
export function sharedCache(): Cache | undefined {
  return typeof caches === 'undefined' ? undefined : (caches as unknown as { default: Cache }).default;
}
