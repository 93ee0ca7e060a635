import type { RgbaImage } from '@colorize/model';
import { decodeImage } from '@colorize/model/node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { photo } from './fixtures.js';
import { startWorker, type RunningWorker } from './wrangler-dev.js';

const URL_ = inject('edgeUrl');
let client = 0;
const ip = () => `hints-${process.pid}-${++client}`;
const post = (body: BodyInit, query = '', url = URL_) =>
  fetch(`${url}/v1/colorize${query}`, { method: 'POST', body, headers: { 'CF-Connecting-IP': ip() } });

/** A multipart upload: the photo, and each hints field given (a JSON text). */
function form(image: Uint8Array<ArrayBuffer>, ...hints: string[]): FormData {
  const f = new FormData();
  f.append('image', new Blob([image], { type: 'image/jpeg' }), 'photo.jpg');
  for (const h of hints) f.append('hints', h);
  return f;
}
const inQuery = (hints: unknown) => `?hints=${encodeURIComponent(JSON.stringify(hints))}`;

async function invalidHints(res: Response): Promise<string> {
  expect(res.status).toBe(400);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('invalid_hints');
  return body.error.message;
}

const bytesOf = async (res: Response) => {
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
};

const bw = () => photo('bw-sample.jpg'); // 256x256, grey
const red = [{ x: 128, y: 128, color: '#c0392b' }];

describe('colour hints at the edge (the shipped model takes them)', () => {
  it('says so in /v1/models and documents both forms, the Hint schema and the 400 in /openapi.json', async () => {
    const { models } = (await (await fetch(`${URL_}/v1/models`)).json()) as { models: { hints: boolean }[] };
    expect(models[0]!.hints).toBe(true);
    type Doc = {
      paths: Record<string, { post: { parameters: { name: string; in: string }[]; requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> }; encoding?: unknown }> }; responses: Record<string, { description: string }> } }>;
      components: { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> };
    };
    const doc = (await (await fetch(`${URL_}/openapi.json`)).json()) as Doc;
    const post = doc.paths['/v1/colorize']!.post;
    expect(post.parameters).toContainEqual(expect.objectContaining({ name: 'hints', in: 'query' }));
    const multipart = post.requestBody.content['multipart/form-data']!;
    expect(multipart.schema.properties.hints).toMatchObject({ type: 'array', maxItems: 64, items: { $ref: '#/components/schemas/Hint' } });
    expect(multipart.encoding).toEqual({ hints: { contentType: 'application/json' } });
    expect(Object.keys(doc.components.schemas.Hint!.properties)).toEqual(['x', 'y', 'color', 'size']);
    expect(doc.components.schemas.Hint!.required).toEqual(['x', 'y', 'color']);
    expect(post.responses['400']!.description).toContain('invalid_hints');
  });

  it('takes hints as a multipart field and, for a raw body, in the query: same size, and the same answer either way', async () => {
    const jpeg = await bw();
    const fromForm = await bytesOf(await post(form(jpeg, JSON.stringify(red))));
    const fromQuery = await bytesOf(await post(jpeg, inQuery(red)));
    expect(fromQuery.equals(fromForm)).toBe(true);
    const out = await decodeImage(fromForm);
    expect([out.width, out.height]).toEqual([256, 256]);
    // A hints field sent as a file of JSON (curl -F hints=@hints.json) is read too.
    const asFile = form(jpeg);
    asFile.append('hints', new Blob([JSON.stringify(red)], { type: 'application/json' }), 'hints.json');
    expect((await bytesOf(await post(asFile))).equals(fromForm)).toBe(true);
  });

  it('zero hints is the automatic answer, byte for byte, in either form', async () => {
    const jpeg = await bw();
    const plain = await bytesOf(await post(jpeg));
    expect((await bytesOf(await post(jpeg, '?hints=%5B%5D'))).equals(plain)).toBe(true);
    expect((await bytesOf(await post(form(jpeg, '[]')))).equals(plain)).toBe(true);
  });

  it('refuses bad hints with 400 invalid_hints, naming the hint and what is wrong', async () => {
    const jpeg = await bw();
    const cases: [FormData | string, RegExp][] = [
      [form(jpeg, '[{"x": 10, "y": 20, "color": "#c0392b"'), /JSON/],
      ['?hints=%7Bnot%20json', /JSON/],
      [form(jpeg, '{"x": 10, "y": 20, "color": "#c0392b"}'), /must be a list/],
      [inQuery(Array.from({ length: 65 }, (_, i) => ({ x: i, y: i, color: '#c0392b' }))), /At most 64 hints.*65/],
      [form(jpeg, JSON.stringify([...red, { x: 256, y: 20, color: '#c0392b' }])), /Hint 2: x must be a number from 0 to 255.*256/],
      [inQuery([{ x: 10, y: -1, color: '#c0392b' }]), /Hint 1: y must be/],
      [form(jpeg, JSON.stringify([{ x: 10, y: 20, color: 'red' }])), /Hint 1: color must be a hex colour.*"red"/],
      [inQuery([...red, ...red, { x: 10, y: 20, color: '#c0392b', weight: 2 }]), /Hint 3 has a field hints do not take: weight/],
      [form(jpeg, JSON.stringify(red), JSON.stringify(red)), /2 "hints" fields/],
      ['?hints=', /empty/],
      [`${inQuery(red)}&hints=%5B%5D`, /more than once/],
    ];
    for (const [request, message] of cases) {
      const res = typeof request === 'string' ? await post(jpeg, request) : await post(request);
      expect(await invalidHints(res)).toMatch(message);
    }
    // Both forms at once: which would count is not guessed.
    expect(await invalidHints(await post(form(jpeg, JSON.stringify(red)), inQuery(red)))).toMatch(/given twice/);
  });

  it('checks hints against the photo as it is seen: EXIF orientation 6 turns 256x192 into 192x256', async () => {
    const turned = await photo('exif-orientation-6.jpg');
    // Inside the stored 256-wide frame, outside the upright 192-wide photo.
    expect(await invalidHints(await post(turned, inQuery([{ x: 200, y: 10, color: '#2e86c1' }])))).toMatch(/Hint 1: x must be a number from 0 to 191.*192x256/);
    const res = await post(turned, inQuery([{ x: 100, y: 250, color: '#2e86c1' }]));
    expect([res.status, (await decodeImage(await bytesOf(res))).height]).toEqual([200, 256]);
  });

  it('keys the shared cache on the hints: a hinted answer never serves an unhinted request, nor other hints', async () => {
    const jpeg = await bw();
    const q = '?cache=public&saturation=0.95';
    const xCache = async (res: Response) => {
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      return res.headers.get('x-cache');
    };
    expect(await xCache(await post(jpeg, q))).toBe('MISS');
    expect(await xCache(await post(form(jpeg, JSON.stringify(red)), q))).toBe('MISS');
    expect(await xCache(await post(jpeg, `${q}&hints=${encodeURIComponent(JSON.stringify(red))}`))).toBe('HIT');
    expect(await xCache(await post(form(jpeg, JSON.stringify([{ ...red[0], color: '#2e86c1' }])), q))).toBe('MISS');
    expect(await xCache(await post(form(jpeg, JSON.stringify([...red, { x: 10, y: 10, color: '#c0392b' }])), q))).toBe('MISS');
    // The same hints spelt another way (colour in capitals or short, fields in another order): the same entry.
    const { x, y, color } = red[0]!;
    expect(await xCache(await post(form(jpeg, JSON.stringify([{ color: color.toUpperCase(), y, x }])), q))).toBe('HIT');
    // No hints and an empty list are the same answer, so the same entry.
    expect(await xCache(await post(form(jpeg, '[]'), q))).toBe('HIT');
    expect(await xCache(await post(jpeg, q))).toBe('HIT');
  });
});

/** Mean of `measure(r, g, b)` over a square of pixels centred at (cx, cy). */
function meanOver(im: RgbaImage, cx: number, cy: number, half: number, measure: (r: number, g: number, b: number) => number): number {
  let sum = 0;
  let n = 0;
  for (let y = cy - half; y < cy + half; y++) {
    for (let x = cx - half; x < cx + half; x++) {
      const i = (y * im.width + x) * 4;
      sum += measure(im.data[i]!, im.data[i + 1]!, im.data[i + 2]!);
      n++;
    }
  }
  return sum / n;
}

/** How red a region looks: the mean of R - (G + B) / 2. */
const redness = (im: RgbaImage, cx: number, cy: number, half: number) => meanOver(im, cx, cy, half, (r, g, b) => r - (g + b) / 2);

/** Mean channel spread over a square: 0 where the picture is grey. */
const chroma = (im: RgbaImage, cx: number, cy: number, half: number) => meanOver(im, cx, cy, half, (r, g, b) => Math.max(r, g, b) - Math.min(r, g, b));

describe('colour hints change the colours (the trained model)', () => {
  it('a saturated red hint on the most neutral region of a real photo makes it redder', async () => {
    const jpeg = await bw();
    const plain = await decodeImage(await bytesOf(await post(jpeg)));
    // The greyest 16x16 block the model left, away from the border.
    let best = { x: 0, y: 0, chroma: Infinity };
    for (let y = 24; y <= 232; y += 8) {
      for (let x = 24; x <= 232; x += 8) {
        const c = chroma(plain, x, y, 8);
        if (c < best.chroma) best = { x, y, chroma: c };
      }
    }
    const hinted = await decodeImage(await bytesOf(await post(jpeg, inQuery([{ x: best.x, y: best.y, color: '#ff0000', size: 9 }]))));
    const [before, after] = [redness(plain, best.x, best.y, 4), redness(hinted, best.x, best.y, 4)];
    console.log(`hint at (${best.x}, ${best.y}), chroma ${best.chroma.toFixed(1)} there: redness ${before.toFixed(1)} -> ${after.toFixed(1)}`);
    expect(after - before).toBeGreaterThan(10);
  });
});

describe('a model that takes no hints', () => {
  let worker: RunningWorker;
  let dir = '';
  beforeAll(async () => {
    // A small untrained generator of the kind before hints (L* in, a*b* out), served as the worker's model.
    const { useNodeBackend } = await import('@colorize/model/node');
    const { createGenerator, disposeParams, generatorConfigFor, saveModel } = await import('@colorize/model/training');
    await useNodeBackend('wasm');
    dir = mkdtempSync(join(tmpdir(), 'colorize-no-hints-'));
    const generator = createGenerator({ ...generatorConfigFor(256, 2), hints: false });
    await saveModel({ generator, metadata: { id: 'no-hints', version: 'test' } }, `file://${dir}/models/default/model.json`, { dtype: 'uint8' });
    disposeParams(generator.params);
    worker = await startWorker(8794, {}, dir);
  });
  afterAll(async () => {
    await worker?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses hints with 400 invalid_hints and colorizes with none or an empty list', async () => {
    const jpeg = await bw();
    const { models } = (await (await fetch(`${worker.url}/v1/models`)).json()) as { models: { hints: boolean }[] };
    expect(models[0]!.hints).toBe(false);
    expect(await invalidHints(await post(jpeg, inQuery(red), worker.url))).toMatch(/without colour hints/);
    expect(await invalidHints(await post(form(jpeg, JSON.stringify(red)), '', worker.url))).toMatch(/without colour hints/);
    // A bad hint is named first, whatever the model.
    expect(await invalidHints(await post(jpeg, inQuery([{ x: 10, y: 20, color: '#zz0000' }]), worker.url))).toMatch(/Hint 1: color/);
    expect((await post(jpeg, '', worker.url)).status).toBe(200);
    expect((await post(form(jpeg, '[]'), '', worker.url)).status).toBe(200);
  });
});
