import { decodeImage, encodeImage, loadColorizerFromDir, useNodeBackend } from '@colorize/model/node';
import type { RgbaImage } from '@colorize/model';
import { colourfulness } from '@colorize/model/metrics';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { COLOUR_PHOTOS, photo } from './fixtures.js';

const URL_ = inject('edgeUrl');
let client = 0;
/** Each test is its own client (CF-Connecting-IP), so the rate limit of one cannot starve another. */
const post = (body: BodyInit | null, query = '', headers: Record<string, string> = {}, ip = `test-${process.pid}-${++client}`) =>
  fetch(`${URL_}/v1/colorize${query}`, { method: 'POST', body, headers: { 'CF-Connecting-IP': ip, ...headers } });

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(10);
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/); // never a stack trace
}

async function image(res: Response): Promise<RgbaImage> {
  return decodeImage(new Uint8Array(await res.arrayBuffer()));
}

/** Largest |a - b| over the pixels' a/b-ish chroma: 0 for a grey image. */
const chroma = (im: RgbaImage) => {
  let m = 0;
  for (let i = 0; i < im.data.length; i += 4) m = Math.max(m, Math.abs(im.data[i]! - im.data[i + 1]!), Math.abs(im.data[i + 1]! - im.data[i + 2]!));
  return m;
};

const bw = () => photo('bw-sample.jpg');

describe('the worker in workerd (wrangler dev)', () => {
  it('answers /healthz, /v1/models and a generated /openapi.json', async () => {
    expect(await (await fetch(`${URL_}/healthz`)).json()).toEqual({ ok: true });
    const { models } = (await (await fetch(`${URL_}/v1/models`)).json()) as { models: Record<string, unknown>[] };
    expect(models[0]).toMatchObject({ id: 'colorize-pix2pix', inputSize: 256, quantization: 'uint8', backend: 'wasm', maxPixels: 2_100_000 });
    expect(models[0]!.bytes).toBeGreaterThan(1_000_000);
    const doc = (await (await fetch(`${URL_}/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: object }>> };
    expect(Object.keys(doc.paths).sort()).toEqual(['/healthz', '/v1/colorize', '/v1/models']);
    expect(Object.keys(doc.paths['/v1/colorize']!.post!.responses)).toEqual(['200', '400', '413', '415', '429']);
  });

  it('colorizes a real black-and-white JPEG: same size, colour, model and timings in the headers', async () => {
    const res = await post(await bw(), '', { 'Content-Type': 'image/jpeg' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('server-timing')).toMatch(/decode;dur=[\d.]+, inference;dur=[\d.]+.*encode;dur=[\d.]+/);
    expect(res.headers.get('x-colorize-model')).toMatch(/^colorize-pix2pix@/);
    const out = await image(res);
    expect([out.width, out.height]).toEqual([256, 256]);
    expect(chroma(out)).toBeGreaterThan(10);
  });

  it('takes PNG and WebP in, gives JPEG and WebP out, and a multipart form field', async () => {
    const input = await decodeImage(await photo(COLOUR_PHOTOS[0]!));
    const png = await encodeImage(input, 'png');
    const asJpeg = await post(png, '?format=jpeg&quality=80', { 'Content-Type': 'image/png' });
    expect(asJpeg.headers.get('content-type')).toBe('image/jpeg');
    expect((await image(asJpeg)).width).toBe(256);
    const asWebp = await post(png, '?format=webp');
    expect(asWebp.headers.get('content-type')).toBe('image/webp');
    const webpIn = await post(await asWebp.arrayBuffer(), '', { 'Content-Type': 'image/webp' });
    expect(webpIn.status).toBe(200);
    const form = new FormData();
    form.append('image', new Blob([await bw()], { type: 'image/jpeg' }), 'photo.jpg');
    const fromForm = await post(form);
    expect(fromForm.status).toBe(200);
    expect(chroma(await image(fromForm))).toBeGreaterThan(10);
  });

  it('keeps the input\'s size for odd shapes, and saturation 0 gives grey, 2 more colour', async () => {
    const source = await decodeImage(await bw());
    const strip: RgbaImage = { width: 256, height: 60, data: source.data.slice(0, 256 * 60 * 4) };
    const out = await image(await post(await encodeImage(strip, 'png')));
    expect([out.width, out.height]).toEqual([256, 60]);
    expect(chroma(await image(await post(await bw(), '?saturation=0')))).toBeLessThanOrEqual(1);
    const [one, two] = [await image(await post(await bw())), await image(await post(await bw(), '?saturation=2'))];
    expect(colourfulness(two)).toBeGreaterThan(colourfulness(one));
  });

  it('refuses bad input with the right status and a JSON error', async () => {
    const jpeg = await bw();
    await expectError(await post(null), 400, 'empty_image');
    await expectError(await post(jpeg.slice(0, 3000), '', { 'Content-Type': 'image/jpeg' }), 400, 'invalid_image');
    const png = await encodeImage(await decodeImage(jpeg), 'png');
    await expectError(await post(png.slice(0, png.length - 200)), 400, 'invalid_image');
    await expectError(await post(png.slice(0, 20)), 400, 'invalid_image');
    await expectError(await post(new FormData()), 400, 'missing_image');
    await expectError(await post('hello, not a picture', '', { 'Content-Type': 'image/jpeg' }), 415, 'unsupported_type');
    await expectError(await post('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>', '', { 'Content-Type': 'image/svg+xml' }), 415, 'unsupported_type');
    await expectError(await post(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0, 0x3b]), '', { 'Content-Type': 'image/gif' }), 415, 'unsupported_type');
    await expectError(await post(jpeg, '?format=gif'), 400, 'invalid_option');
    await expectError(await post(jpeg, '?saturation=5'), 400, 'invalid_option');
    await expectError(await fetch(`${URL_}/v1/colorize`), 405, 'method_not_allowed');
    await expectError(await fetch(`${URL_}/v2/nothing`), 404, 'not_found');
  });

  it('refuses over-limit bodies and a tiny PNG that declares 30000x30000 without decoding it', async () => {
    const big = new Uint8Array(10_000_001);
    big.set(await bw());
    await expectError(await post(big), 413, 'body_too_large');
    // Signature + IHDR (30000 x 30000, RGBA) + IEND: 57 bytes that would decode to 3.6 GB.
    const bomb = Uint8Array.from(Buffer.from('89504e470d0a1a0a0000000d494844520000753000007530080600000000000000000000000049454e44ae426082', 'hex'));
    const started = performance.now();
    await expectError(await post(bomb), 413, 'image_too_large');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('answers a CORS preflight and exposes the timing headers', async () => {
    const res = await fetch(`${URL_}/v1/colorize`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    const post200 = await post(await bw(), '', { Origin: 'http://localhost:3000' });
    expect(post200.headers.get('access-control-allow-origin')).toBe('*');
    expect(post200.headers.get('access-control-expose-headers')).toContain('Server-Timing');
    expect(post200.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers an identical request from the Cache API with the same bytes', async () => {
    const body = await bw();
    const first = await post(body, '?saturation=1.1');
    const second = await post(body, '?saturation=1.1');
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(Buffer.from(await second.arrayBuffer()).equals(Buffer.from(await first.arrayBuffer()))).toBe(true);
  });

  it('rate-limits one client with 429, Retry-After and a JSON error, and not the others', async () => {
    const ip = `flood-${process.pid}`;
    const statuses: number[] = [];
    for (let i = 0; i < 130 && !statuses.includes(429); i++) statuses.push((await post(null, '', {}, ip)).status);
    expect(statuses).toContain(429);
    const limited = await post(null, '', {}, ip);
    expect(limited.headers.get('retry-after')).toBe('60');
    await expectError(limited, 429, 'rate_limited');
    expect((await post(null)).status).toBe(400); // another client is unaffected
  });
});

describe('20 concurrent requests', () => {
  let reference: (img: RgbaImage, saturation: number) => Promise<RgbaImage>;
  beforeAll(async () => {
    await useNodeBackend('wasm');
    const colorizer = await loadColorizerFromDir();
    reference = (img, saturation) => colorizer.colorize(img, { saturation });
  });

  it('all succeed, each with the result the same model gives in Node for its own input', async () => {
    const inputs = await Promise.all(COLOUR_PHOTOS.map(async (n) => decodeImage(await photo(n))));
    const jobs = Array.from({ length: 20 }, (_, i) => ({ input: inputs[i % 4]!, saturation: 0.5 + 0.25 * Math.floor(i / 4) }));
    const bodies = await Promise.all(jobs.map((j) => encodeImage(j.input, 'png')));
    const responses = await Promise.all(jobs.map((j, i) => post(bodies[i]!, `?saturation=${j.saturation}`)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const outputs = await Promise.all(responses.map(image));
    const digests = new Set(outputs.map((o) => Buffer.from(o.data).toString('base64')));
    expect(digests.size).toBe(20);
    for (let i = 0; i < 20; i++) {
      const want = await reference(jobs[i]!.input, jobs[i]!.saturation);
      let worst = 0;
      for (let k = 0; k < want.data.length; k++) worst = Math.max(worst, Math.abs(want.data[k]! - outputs[i]!.data[k]!));
      expect(worst).toBeLessThanOrEqual(2);
    }
  });
});
