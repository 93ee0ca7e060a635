// Types only from the model's main entry: the edge client ships no TensorFlow.js.
import type { Hint } from '@colorize/model';
import { isColorizeErrorCode, type ColorizeErrorCode } from '@colorize/model/errors';
import { ColorizeApiError } from './errors.js';
import { toBlob, type ImageInput } from './input.js';

export interface ColorizeOptions {
  /** Result format (default png). */
  format?: 'png' | 'jpeg' | 'webp';
  /** Quality of jpeg/webp results, 1-100. */
  quality?: number;
  /** Chroma scale: 0 grey, 1 the model's colours, up to 2. */
  saturation?: number;
  /**
   * 'public' lets the worker keep the answer a day in its shared cache, for a public image
   * colorized on every page view; by default (private) nothing is kept. Never for a person's upload.
   */
  cache?: 'private' | 'public';
  /**
   * Colour hints: which colour goes where, in pixels of the image as a person sees it (at most
   * 64). The worker (or, in local mode, the model) checks them against the image and refuses bad
   * ones with `invalid_hints`, naming the hint; an empty list is the automatic colours.
   */
  hints?: readonly Hint[];
  signal?: AbortSignal;
}

export interface ClientOptions {
  /** The worker's origin, e.g. https://colorize.example.workers.dev */
  endpoint: string;
  /** Per attempt (default 30 s). */
  timeoutMs?: number;
  /** Attempts after the first, on 429, 5xx and network errors (default 3). */
  retries?: number;
  /** First back-off delay, doubled each attempt, with jitter (default 500 ms). */
  retryDelayMs?: number;
  /** Never wait longer than this between attempts, whatever Retry-After says (default 30 s). */
  maxRetryDelayMs?: number;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

export interface Colorizer {
  /** The colorized image, at the input's own size. */
  colorize(input: ImageInput, options?: ColorizeOptions): Promise<Blob>;
  /** The same, as an object URL (revoke it with URL.revokeObjectURL when done). */
  colorizeToURL(input: ImageInput, options?: ColorizeOptions): Promise<string>;
  colorizeToBitmap(input: ImageInput, options?: ColorizeOptions): Promise<ImageBitmap>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new ColorizeApiError('aborted', 'Colorizing was cancelled.'));
    }, { once: true });
  });

/** Delay before attempt `n` (from 1): Retry-After when the worker gave one, else exponential with jitter. */
export function backoff(n: number, retryAfterSeconds: number | undefined, base: number, max: number): number {
  const ms = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : base * 2 ** (n - 1) * (0.5 + Math.random() / 2);
  return Math.min(ms, max);
}

/** Retry-After in seconds, from either of its forms (seconds, or an HTTP date). */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const s = Number(value);
  if (Number.isFinite(s)) return Math.max(0, s);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/** The worker's JSON error ({ error: { code, message } }) as a typed error. */
async function apiError(res: Response): Promise<ColorizeApiError> {
  let code: ColorizeErrorCode = 'http_error';
  let message = `The colorize API answered HTTP ${res.status}.`;
  try {
    const json = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    // A code outside the one list (a newer worker's, a proxy's) is not passed on as if it were ours.
    if (isColorizeErrorCode(json.error?.code)) code = json.error.code;
    if (typeof json.error?.message === 'string') message = json.error.message;
  } catch {
    // Not JSON (a proxy's page, say): keep the generic message.
  }
  return new ColorizeApiError(code, message, res.status, parseRetryAfter(res.headers.get('retry-after')));
}

/** Worth another attempt: the network, a timeout, a rate limit or the server's own failure. */
const retryable = (e: ColorizeApiError) => e.code === 'network' || e.code === 'timeout' || e.status === 429 || e.status >= 500;

/**
 * The upload: the image as the raw body, or with hints a multipart form, its "image" and its
 * "hints" (JSON). Hints are sent as given, even an empty list: the worker is the one that checks them.
 */
export function uploadBody(image: Blob, hints: readonly Hint[] | undefined): Blob | FormData {
  if (hints === undefined) return image;
  const form = new FormData();
  form.append('image', image, 'image');
  form.append('hints', JSON.stringify(hints));
  return form;
}

/** A client for the colorize edge API; it pulls in no TensorFlow.js. */
export function createColorizer(options: ClientOptions): Colorizer {
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const { timeoutMs = 30_000, retries = 3, retryDelayMs = 500, maxRetryDelayMs = 30_000 } = options;
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

  async function attempt(body: Blob | FormData, url: string, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    // A form's Content-Type (with its boundary) is fetch's to write.
    const headers: Record<string, string> = body instanceof Blob ? { 'Content-Type': body.type || 'application/octet-stream' } : {};
    try {
      return await doFetch(url, { method: 'POST', body, headers, signal: combined });
    } catch (e) {
      if (signal?.aborted) throw new ColorizeApiError('aborted', 'Colorizing was cancelled.');
      if (timeout.aborted) throw new ColorizeApiError('timeout', `No answer from ${endpoint} within ${timeoutMs} ms.`);
      throw new ColorizeApiError('network', `Could not reach ${endpoint}: ${(e as Error).message}`);
    }
  }

  async function colorize(input: ImageInput, opts: ColorizeOptions = {}): Promise<Blob> {
    const body = uploadBody(await toBlob(input, opts.signal), opts.hints);
    const query = new URLSearchParams();
    if (opts.format) query.set('format', opts.format);
    if (opts.quality !== undefined) query.set('quality', String(opts.quality));
    if (opts.saturation !== undefined) query.set('saturation', String(opts.saturation));
    if (opts.cache === 'public') query.set('cache', 'public');
    const url = `${endpoint}/v1/colorize${query.size ? `?${query}` : ''}`;
    for (let n = 0; ; n++) {
      let error: ColorizeApiError;
      try {
        const res = await attempt(body, url, opts.signal);
        if (res.ok) return await res.blob();
        error = await apiError(res);
      } catch (e) {
        if (!(e instanceof ColorizeApiError)) throw e;
        error = e;
      }
      if (!retryable(error) || n >= retries) throw error;
      await sleep(backoff(n + 1, error.retryAfter, retryDelayMs, maxRetryDelayMs), opts.signal);
    }
  }

  return {
    colorize,
    async colorizeToURL(input, opts) {
      return URL.createObjectURL(await colorize(input, opts));
    },
    async colorizeToBitmap(input, opts) {
      return createImageBitmap(await colorize(input, opts));
    },
  };
}
