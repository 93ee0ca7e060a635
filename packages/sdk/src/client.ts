// Types only from the model's main entry: the edge client ships no TensorFlow.js.
import type { Hint } from '@colorize/model';
import type { RgbaImage } from '@colorize/model/photo';
import { isColorizeErrorCode, type ColorizeErrorCode } from '@colorize/model/errors';
import { ColorizeApiError } from './errors.js';
import { colorizeThroughCopy } from './full-size.js';
import { encodePixels, toBlob, toImageData, type ImageInput } from './input.js';

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

/**
 * The longest side of the copy sent to the edge: the edge model's input (GET /v1/models
 * `inputSize`, 256). Measured against colorizing the whole photo: a copy of the model's size
 * merged back is 0.2 levels off on average (99.8 % within a level); 384 and 512 px copies are no
 * closer (0.33 and 0.21) and cost 2-4 times the upload.
 */
export const EDGE_COPY_SIDE = 256;

/** The photo's pixels, upright, when this runtime can decode it (a browser); else undefined. */
async function decodable(image: Blob, signal?: AbortSignal): Promise<ImageData | undefined> {
  if (typeof createImageBitmap === 'undefined' || typeof OffscreenCanvas === 'undefined') return undefined;
  try {
    return await toImageData(image, signal);
  } catch (e) {
    if (e instanceof ColorizeApiError && e.code === 'aborted') throw e;
    return undefined; // not an image this browser reads: the worker says exactly what is wrong with it
  }
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

  /** One upload, retried as ClientOptions say; the answer's bytes. */
  async function send(image: Blob, opts: ColorizeOptions): Promise<Blob> {
    const body = uploadBody(image, opts.hints);
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

  /**
   * In a browser a photo larger than the edge model's input goes as a copy of that size (PNG,
   * so nothing is lost on the way), and the colour that comes back is merged with the photo's
   * own full-resolution L* here: any size the browser can open, for a few KB of upload. A photo
   * that fits, or one outside a browser, goes as it is.
   */
  async function colorize(input: ImageInput, opts: ColorizeOptions = {}): Promise<Blob> {
    const image = await toBlob(input, opts.signal);
    const photo = await decodable(image, opts.signal);
    if (!photo || Math.max(photo.width, photo.height) <= EDGE_COPY_SIDE) return send(image, opts);
    const copy = async (small: RgbaImage, hints: Hint[] | undefined) =>
      toImageData(await send(await encodePixels(small), { ...opts, hints, format: 'png', quality: undefined }), opts.signal);
    const merged = await colorizeThroughCopy(photo, EDGE_COPY_SIDE, opts.hints, copy, photo.data, opts.signal);
    return encodePixels(merged, opts.format, opts.quality);
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
