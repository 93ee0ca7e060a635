import { createRoute, z, type RouteHandler } from '@hono/zod-openapi';
import { assertTakesHints, checkHints, MAX_HINTS, type ColorizeTimings } from '@colorize/model';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { endTime, setMetric, startTime, timing } from 'hono/timing';
import { PUBLIC_MAX_AGE, publicCacheKey, sharedCache } from '../cache.js';
import { decode, encode } from '../codecs.js';
import { DEFAULTS, limitsOf, type AppEnv, type Env } from '../env.js';
import { serviceError } from '../errors.js';
import { HINTS_SCHEMA, hintsKey, parseHints } from '../hints.js';
import { checkImage, CONTENT_TYPES } from '../limits.js';
import { getModel } from '../model.js';
import { mediaType, strictQuery } from '../options.js';
import { InferenceQueue, yieldToEventLoop } from '../queue.js';
import { rateLimit } from '../rate-limit.js';
import { CORS_HEADERS, docHeader, errorResponse, RETRY_AFTER } from './schemas.js';

const binary = { type: 'string' as const, format: 'binary' };

const Query = z.object({
  format: z.enum(['png', 'jpeg', 'webp']).default('png').openapi({ description: 'Format of the result' }),
  quality: z.coerce.number().int().min(1).max(100).default(85).openapi({ description: 'Quality of jpeg and webp results (ignored for png)' }),
  saturation: z.coerce.number().min(0).max(2).default(1).openapi({ description: 'Chroma scale: 0 grey, 1 the model, 2 twice as vivid' }),
  cache: z.enum(['private', 'public']).default('private').openapi({
    description: 'private (default): the photo and its answer are not kept (Cache-Control: no-store). public: for images already public, '
      + 'colorized on every page view: the answer is kept a day in the data centre\'s shared cache, keyed on the image\'s SHA-256, the model and the options that change it (hints included).',
  }),
  hints: z.string().optional().openapi({
    description: `Colour hints for a raw image body: a URL-encoded JSON list of Hint objects (at most ${MAX_HINTS}), in pixels of the upright image. `
      + 'With a multipart form, send them as its "hints" field instead. Bad JSON, a bad hint, hints given twice, or hints to a model that takes none: 400 invalid_hints.',
    example: '[{"x":120,"y":80,"color":"#c0392b"}]',
  }),
});

/** One line per isolate: made on the first request, from the deployment's vars. */
let queue: InferenceQueue | undefined;
function queueOf(env: Env): InferenceQueue {
  queue ??= new InferenceQueue({
    concurrency: Number(env.INFERENCE_CONCURRENCY ?? DEFAULTS.concurrency),
    maxWaiting: Number(env.QUEUE_LENGTH ?? DEFAULTS.queueLength),
    typicalJobMs: 250,
  });
  return queue;
}

/** A place in line by arrival, taken before the body is read: a full line answers 503 without buffering another upload. */
const arrive: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('ticket', queueOf(c.env).arrive());
  await next();
};

const limitBody: MiddlewareHandler<AppEnv> = (c, next) => {
  const max = limitsOf(c.env).maxBytes;
  return bodyLimit({ maxSize: max, onError: () => { throw serviceError('body_too_large', `The body is over the limit of ${max} bytes.`); } })(c, next);
};

/**
 * Server-Timing only when it is true: Workers stop the clock during CPU work, so in
 * production every stage would read 0 ms (wrangler dev's clock runs). A cached answer has none.
 */
const honestTiming = timing({ total: false, autoEnd: false, enabled: (c) => c.get('clockMoved') === true });

export const colorizeRoute = createRoute({
  method: 'post',
  path: '/v1/colorize',
  summary: 'Colorize a black-and-white photo',
  description: 'Returns the photo upright (EXIF orientation applied) at its own width and height: its luminance, with colour predicted by the model.',
  middleware: [rateLimit, strictQuery(Object.keys(Query.shape), { hints: 'invalid_hints' }), arrive, limitBody, honestTiming] as const,
  request: {
    query: Query,
    body: {
      required: true,
      description: 'The image as the raw body, or as the "image" field of a multipart form (with its colour hints, if any, as the "hints" field). Its type is judged from its bytes.',
      content: {
        'image/jpeg': { schema: binary },
        'image/png': { schema: binary },
        'image/webp': { schema: binary },
        'multipart/form-data': {
          schema: { type: 'object', properties: { image: binary, hints: HINTS_SCHEMA }, required: ['image'] },
          encoding: { hints: { contentType: 'application/json' } },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The colorized image',
      headers: {
        'Cache-Control': docHeader(`no-store; with cache=public: public, max-age=${PUBLIC_MAX_AGE}`),
        'X-Cache': docHeader('With cache=public only: HIT (from the shared cache) or MISS'),
        'Server-Timing': docHeader('queue, decode, inference (generator) and encode durations in ms, only where the clock runs during CPU work (wrangler dev; not production Workers); never on a cached answer'),
        'X-Colorize-Model': docHeader('model id@version'),
        ...CORS_HEADERS,
      },
      content: { 'image/png': { schema: binary }, 'image/jpeg': { schema: binary }, 'image/webp': { schema: binary } },
    },
    400: errorResponse('empty_image, invalid_image (damaged or cut short), invalid_form, missing_image, invalid_option (out of range, empty, repeated or unknown), '
      + 'or invalid_hints (not JSON, not a list, more than the most, a hint outside the image, not a hex colour or with an unknown field, given twice, or given to a model that takes none; the message names the hint)'),
    405: errorResponse('method_not_allowed: the methods that work are in Allow', { Allow: docHeader('POST, OPTIONS') }),
    413: errorResponse('body_too_large; image_too_large (over the pixel limit, judged from the header: GET /v1/models maxPixels, 2.1 MP by default; the message names the largest square copy to send instead. '
      + 'Larger photos are colorized through a reduced copy, whose colour the client merges with the full-size photo: the SDK does it, see mergeColour in @colorize/model/photo); '
      + 'image_too_complex (more progressive scans than real encoders write)'),
    415: errorResponse('unsupported_type (not a JPEG, PNG or WebP), unsupported_image (a kind the decoder lacks: arithmetic, lossless, 12-bit JPEG, animated WebP)'),
    429: errorResponse('rate_limited: too many requests from this client (CF-Connecting-IP)', RETRY_AFTER),
    503: errorResponse('busy: this isolate\'s line is full; Retry-After is computed from its length', RETRY_AFTER),
  },
});

interface Upload {
  /** The image's bytes. */
  bytes: Uint8Array;
  /** The form's "hints" field, JSON text; undefined when it has none (or the body is the raw image). */
  hints?: string;
}

/** The image bytes (the raw body, or the "image" field of a multipart form, media types in any case) and the form's hints. */
async function readUpload(req: Request): Promise<Upload> {
  const body = new Uint8Array(await req.arrayBuffer());
  const type = req.headers.get('content-type') ?? '';
  if (mediaType(type) !== 'multipart/form-data') return { bytes: body };
  let form: FormData;
  try {
    // The parser is given the media type in lower case; the boundary parameter keeps its case.
    const semicolon = type.indexOf(';');
    const parameters = semicolon < 0 ? '' : type.slice(semicolon);
    form = await new Response(body, { headers: { 'content-type': `multipart/form-data${parameters}` } }).formData();
  } catch {
    throw serviceError('invalid_form', 'The multipart form could not be read.');
  }
  const image: unknown = form.get('image');
  if (!(image instanceof Blob)) throw serviceError('missing_image', 'The multipart form has no "image" file field.');
  // Typed as strings by workers-types; a field sent as a file (curl -F hints=@hints.json) is a File.
  const hints: unknown[] = form.getAll('hints');
  if (hints.length > 1) throw serviceError('invalid_hints', `The form has ${hints.length} "hints" fields: send one, with every hint in its list.`);
  const [field] = hints;
  const text = field instanceof Blob ? await field.text() : (field as string | undefined);
  return { bytes: new Uint8Array(await image.arrayBuffer()), hints: text };
}

export const colorize: RouteHandler<typeof colorizeRoute, AppEnv> = async (c) => {
  const { format, quality, saturation, cache, hints: queryHints } = c.req.valid('query');
  const limits = limitsOf(c.env);
  const { bytes, hints: formHints } = await readUpload(c.req.raw);
  checkImage(bytes, limits);
  const parsed = parseHints(formHints, queryHints);
  // Everything but their place, before the request queues and decodes: a bad list costs nothing.
  const hints = parsed === undefined ? undefined : checkHints(parsed);
  const model = await getModel(c.env.ASSETS);
  assertTakesHints(model.hints, hints ?? []);
  const version = `${model.colorizer.metadata.id}@${model.colorizer.metadata.version}`;

  const shared = cache === 'public' ? sharedCache() : undefined;
  // A hint outside the photo is found only after decoding (the upright size): such a request is refused, never stored.
  const key = shared && (await publicCacheKey(bytes, version, { format, quality, saturation, hints: hintsKey(hints) }));
  const hit = key && (await shared.match(key));
  if (hit) {
    const res = new Response(hit.body, hit);
    res.headers.set('X-Cache', 'HIT');
    return res;
  }

  startTime(c, 'queue');
  const encoded = await queueOf(c.env).run(c.get('ticket'), async (alive) => {
    endTime(c, 'queue');
    // Each stage is synchronous CPU work: between them, other requests (/healthz) get a turn.
    await yieldToEventLoop();
    startTime(c, 'decode');
    const image = await decode(bytes);
    endTime(c, 'decode');
    await yieldToEventLoop();
    alive();
    const t = performance.now();
    const timings: ColorizeTimings = { prepare: 0, inference: 0, merge: 0 };
    // In place: the decoded pixels become the result, one full-size buffer less under the 128 MB limit.
    // colorize() checks where the hints are against the photo as the user sees it (decode applied its EXIF orientation).
    const out = await model.colorizer.colorize(image, { saturation, maxPixels: limits.maxPixels, inPlace: true, hints }, timings);
    const inferenceMs = performance.now() - t;
    setMetric(c, 'inference', inferenceMs, `generator ${timings.inference.toFixed(1)} ms`);
    c.set('clockMoved', inferenceMs > 0);
    await yieldToEventLoop();
    alive();
    startTime(c, 'encode');
    const result = await encode(out, format, quality);
    endTime(c, 'encode');
    return result;
  });

  const res = new Response(encoded, {
    headers: {
      'Content-Type': CONTENT_TYPES[format],
      'X-Colorize-Model': version,
      'Cache-Control': key ? `public, max-age=${PUBLIC_MAX_AGE}` : 'no-store',
      ...(key ? { 'X-Cache': 'MISS' } : {}),
    },
  });
  // Put before the timing middleware adds Server-Timing: a later hit never replays this request's timings.
  if (key) c.executionCtx.waitUntil(shared.put(key, res.clone()));
  return res;
};
