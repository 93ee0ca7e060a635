import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { ColorizeError, type ColorizeTimings } from '@colorize/model';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { decode, encode } from './codecs.js';
import { HttpError } from './errors.js';
import { checkImage, CONTENT_TYPES, type ImageType, type Limits } from './limits.js';
import { getModel, MODEL_PATH } from './model.js';
import { memoryRateLimit, type RateLimitBinding } from './rate-limit.js';

export interface Env {
  ASSETS: Fetcher;
  RATE_LIMITER?: RateLimitBinding;
  /** Comma-separated origins allowed to call /v1/* from a browser, or "*" (the default). */
  ALLOWED_ORIGINS?: string;
  MAX_BODY_BYTES?: string;
  MAX_PIXELS?: string;
  /** Requests per client per minute when the rate-limiting binding is absent. */
  RATE_LIMIT_PER_MINUTE?: string;
}

type AppEnv = { Bindings: Env };

const DEFAULTS = { maxBytes: 10_000_000, maxPixels: 2_100_000, perMinute: 120 };

export function limitsOf(env: Env): Limits {
  return {
    maxBytes: Number(env.MAX_BODY_BYTES ?? DEFAULTS.maxBytes),
    maxPixels: Number(env.MAX_PIXELS ?? DEFAULTS.maxPixels),
  };
}

const ErrorBody = z
  .object({ error: z.object({ code: z.string().openapi({ example: 'unsupported_type' }), message: z.string() }) })
  .openapi('Error');
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });
const binary = { type: 'string' as const, format: 'binary' };

const colorizeRoute = createRoute({
  method: 'post',
  path: '/v1/colorize',
  summary: 'Colorize a black-and-white photo',
  description: 'Returns the photo at its own width and height: its luminance, with colour predicted by the model.',
  request: {
    query: z.object({
      format: z.enum(['png', 'jpeg', 'webp']).default('png').openapi({ description: 'Format of the result' }),
      quality: z.coerce.number().int().min(1).max(100).default(85).openapi({ description: 'Quality of jpeg and webp results' }),
      saturation: z.coerce.number().min(0).max(2).default(1).openapi({ description: 'Chroma scale: 0 grey, 1 the model, 2 twice as vivid' }),
    }),
    body: {
      required: true,
      description: 'The image as the raw body, or as the "image" field of a multipart form. Its type is judged from its bytes.',
      content: {
        'image/jpeg': { schema: binary },
        'image/png': { schema: binary },
        'image/webp': { schema: binary },
        'multipart/form-data': { schema: { type: 'object', properties: { image: binary }, required: ['image'] } },
      },
    },
  },
  responses: {
    200: {
      description: 'The colorized image',
      headers: {
        'Server-Timing': { schema: { type: 'string' }, description: 'decode, inference and encode durations (ms)' },
        'X-Colorize-Model': { schema: { type: 'string' }, description: 'model id@version' },
      },
      content: { 'image/png': { schema: binary }, 'image/jpeg': { schema: binary }, 'image/webp': { schema: binary } },
    },
    400: errorResponse('Empty body, undecodable or cut-short image, multipart without "image", or a bad option'),
    413: errorResponse('Body over the byte limit, or image over the pixel limit (judged from its header)'),
    415: errorResponse('Not a JPEG, PNG or WebP'),
    429: errorResponse('Too many requests from this client'),
  },
});

const ModelInfo = z
  .object({
    id: z.string(), version: z.string(), backend: z.string(), bytes: z.number().int(),
    inputSize: z.number().int(), quantization: z.string(), maxPixels: z.number().int(), maxBytes: z.number().int(),
  })
  .openapi('Model');
const modelsRoute = createRoute({
  method: 'get',
  path: '/v1/models',
  summary: 'The model this worker serves',
  responses: { 200: { description: 'Model facts', content: { 'application/json': { schema: z.object({ models: z.array(ModelInfo) }) } } } },
});
const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  summary: 'Liveness',
  responses: { 200: { description: 'OK', content: { 'application/json': { schema: z.object({ ok: z.boolean() }) } } } },
});

function errorJson(c: Context, e: HttpError): Response {
  return c.json({ error: { code: e.code, message: e.message } }, e.status);
}

/** Read at most `max` bytes of the body: a huge upload is refused without being buffered. */
async function readBody(req: Request, max: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > max) throw new HttpError(413, 'body_too_large', `The body is ${declared} bytes; the limit is ${max}.`);
  if (!req.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw new HttpError(413, 'body_too_large', `The body is over the limit of ${max} bytes.`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The image bytes: the raw body, or the "image" field of a multipart form. */
async function imageBytes(req: Request, max: number): Promise<Uint8Array> {
  const body = await readBody(req, max);
  const type = req.headers.get('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) return body;
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': type } }).formData();
  } catch {
    throw new HttpError(400, 'invalid_form', 'The multipart form could not be read.');
  }
  const image: unknown = form.get('image');
  if (!(image instanceof Blob)) throw new HttpError(400, 'missing_image', 'The multipart form has no "image" file field.');
  return new Uint8Array(await image.arrayBuffer());
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const fallbackLimiters = new Map<number, RateLimitBinding>();

export function createApp(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const message = issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : 'Invalid request.';
        return c.json({ error: { code: 'invalid_option', message } }, 400);
      }
    },
  });

  app.use('/v1/*', async (c, next) => {
    const origins = (c.env.ALLOWED_ORIGINS ?? '*').split(',').map((o) => o.trim());
    return cors({
      origin: origins.includes('*') ? '*' : origins,
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type'],
      exposeHeaders: ['Server-Timing', 'X-Colorize-Model', 'X-Cache', 'Retry-After'],
      maxAge: 86400,
      credentials: false,
    })(c, next);
  });

  app.use('/v1/colorize', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const perMinute = Number(c.env.RATE_LIMIT_PER_MINUTE ?? DEFAULTS.perMinute);
    let limiter = c.env.RATE_LIMITER;
    if (!limiter) {
      limiter = fallbackLimiters.get(perMinute) ?? memoryRateLimit(perMinute);
      fallbackLimiters.set(perMinute, limiter);
    }
    const key = c.req.header('cf-connecting-ip') ?? 'anonymous';
    if (!(await limiter.limit({ key })).success) {
      c.header('Retry-After', '60');
      throw new HttpError(429, 'rate_limited', 'Too many requests: try again in a minute.');
    }
    return next();
  });

  app.openapi(colorizeRoute, async (c) => {
    const { format, quality, saturation } = c.req.valid('query');
    const limits = limitsOf(c.env);
    const bytes = await imageBytes(c.req.raw, limits.maxBytes);
    const { type } = checkImage(bytes, limits);
    const model = await getModel(c.env.ASSETS);
    const version = `${model.colorizer.metadata.id}@${model.colorizer.metadata.version}`;

    // Identical requests (same bytes, model and options) come from the Cache API; no image is stored elsewhere.
    const cacheKey = new Request(`https://cache.colorize.invalid/v1/colorize/${await sha256Hex(bytes)}?m=${encodeURIComponent(version)}&f=${format}&q=${quality}&s=${saturation}`);
    const cache = typeof caches === 'undefined' ? undefined : (caches as unknown as { default: Cache }).default;
    const hit = await cache?.match(cacheKey);
    if (hit) {
      const res = new Response(hit.body, hit);
      res.headers.set('X-Cache', 'HIT');
      return res;
    }

    let t = performance.now();
    const image = await decode(bytes, type as ImageType);
    const decodeMs = performance.now() - t;
    t = performance.now();
    const timings: ColorizeTimings = { prepare: 0, inference: 0, merge: 0 };
    // In place: the decoded pixels become the result, one full-size buffer less under the 128 MB limit.
    const out = await model.colorizer.colorize(image, { saturation, maxPixels: limits.maxPixels, inPlace: true }, timings);
    const inferMs = performance.now() - t;
    t = performance.now();
    const encoded = await encode(out, format, quality);
    const encodeMs = performance.now() - t;

    const res = new Response(encoded, {
      headers: {
        'Content-Type': CONTENT_TYPES[format],
        'Server-Timing': `decode;dur=${decodeMs.toFixed(1)}, inference;dur=${inferMs.toFixed(1)};desc="generator ${timings.inference.toFixed(1)}", encode;dur=${encodeMs.toFixed(1)}`,
        'X-Colorize-Model': version,
        'X-Cache': 'MISS',
        'Cache-Control': 'public, max-age=86400',
      },
    });
    if (cache) c.executionCtx.waitUntil(cache.put(cacheKey, res.clone()));
    return res;
  });

  app.openapi(modelsRoute, async (c) => {
    const model = await getModel(c.env.ASSETS);
    const limits = limitsOf(c.env);
    const { id, version } = model.colorizer.metadata;
    return c.json({
      models: [{ id, version, backend: model.backend, bytes: model.bytes, inputSize: model.inputSize, quantization: model.quantization, maxPixels: limits.maxPixels, maxBytes: limits.maxBytes }],
    }, 200);
  });

  app.openapi(healthRoute, (c) => c.json({ ok: true }, 200));

  app.doc('/openapi.json', {
    openapi: '3.0.0',
    info: { title: 'Colorize edge API', version: '1.0.0', description: `pix2pix colorization; weights served from ${MODEL_PATH}` },
  });

  // Known paths with the wrong method: 405 with the methods that work.
  const allowed: Record<string, string> = { '/v1/colorize': 'POST, OPTIONS', '/v1/models': 'GET, OPTIONS', '/healthz': 'GET', '/openapi.json': 'GET' };
  for (const [path, allow] of Object.entries(allowed)) {
    app.all(path, (c) => {
      c.header('Allow', allow);
      return errorJson(c, new HttpError(405, 'method_not_allowed', `${c.req.method} is not allowed on ${path}; use ${allow}.`));
    });
  }
  app.notFound((c) => errorJson(c, new HttpError(404, 'not_found', `No route ${c.req.method} ${new URL(c.req.url).pathname}.`)));
  app.onError((e, c) => {
    if (e instanceof HttpError) return errorJson(c, e);
    if (e instanceof ColorizeError) {
      const status = e.code === 'image_too_large' ? 413 : e.code === 'invalid_weights' ? 500 : 400;
      return errorJson(c, new HttpError(status, e.code, e.message));
    }
    console.error(e);
    return errorJson(c, new HttpError(500, 'internal', 'Something went wrong on our side; the photo was not stored.'));
  });
  return app;
}
