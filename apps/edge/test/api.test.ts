import { decodeImage, encodeImage, loadColorizerFromDir, useNodeBackend } from '@colorize/model/node';
import type { RgbaImage } from '@colorize/model';
import { colourfulness } from '@colorize/model/metrics';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { COLOUR_PHOTOS, mosaic, photo, scanBomb } from './fixtures.js';

const URL_ = inject('edgeUrl');
let client = 0;
/** Each test is its own client (CF-Connecting-IP), so the rate limit of one cannot starve another. */
const post = (body: BodyInit | null, query = '', headers: Record<string, string> = {}, ip = `test-${process.pid}-${++client}`) =>
  fetch(`${URL_}/v1/colorize${query}`, { method: 'POST', body, headers: { 'CF-Connecting-IP': ip, ...headers } });

async function expectError(res: Response, status: number, code: string): Promise<string> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(10);
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/); // never a stack trace
  return body.error.message;
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
    const responses = doc.paths['/v1/colorize']!.post!.responses as Record<string, { headers?: Record<string, unknown> }>;
    expect(Object.keys(responses)).toEqual(['200', '400', '405', '413', '415', '429', '503']);
    expect(Object.keys(responses['200']!.headers!)).toEqual(expect.arrayContaining(['Cache-Control', 'X-Cache', 'Server-Timing', 'X-Colorize-Model', 'Access-Control-Allow-Origin']));
    expect(Object.keys(responses['429']!.headers!)).toContain('Retry-After');
    expect(Object.keys(responses['503']!.headers!)).toContain('Retry-After');
    expect(Object.keys(responses['405']!.headers!)).toContain('Allow');
  });

  it('colorizes a real black-and-white JPEG: same size, colour, model and timings in the headers', async () => {
    const res = await post(await bw(), '', { 'Content-Type': 'image/jpeg' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    // wrangler dev's clock runs during CPU work, so the stage timings are there (production drops them).
    expect(res.headers.get('server-timing')).toMatch(/queue;dur=[\d.]+,decode;dur=[\d.]+,inference;dur=[\d.]+;desc="generator [\d.]+ ms",encode;dur=[\d.]+/);
    expect(res.headers.get('cache-control')).toBe('no-store');
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
    for (const query of ['?saturation=', '?quality=', '?format=', '?saturation=1&saturation=2', '?format=png&format=jpeg', '?sat=1', '?cache=everyone']) {
      await expectError(await post(jpeg, query), 400, 'invalid_option');
    }
    await expectError(await fetch(`${URL_}/v1/colorize`), 405, 'method_not_allowed');
    await expectError(await fetch(`${URL_}/v2/nothing`), 404, 'not_found');
  });

  it('refuses over-limit bodies and a tiny PNG that declares 30000x30000 without decoding it', async () => {
    const big = new Uint8Array(10_000_001);
    big.set(await bw());
    await expectError(await post(big), 413, 'body_too_large');
    // Signature + IHDR (30000 x 30000, RGBA) + IEND: 57 bytes that would decode to 3.6 GB.
    const bomb = Uint8Array.from(Buffer.from('89504e470d0a1a0a0000000d494844520000753000007530080600000000000000000000000049454e44ae426082', 'hex'));
    // The message names the limit and the way: a reduced copy, which the SDK sends for you.
    expect(await expectError(await post(bomb), 413, 'image_too_large')).toBe(
      'The image declares 30000x30000 pixels; the limit is 2.1 megapixels. Send a copy at most 1449x1449 (the model colorizes at 256x256, '
      + 'so 256 px on the longest side loses nothing) and put its colour back on the full-size photo; the Colorize SDK does this for you.',
    );
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

  it('keeps nothing by default: no-store, and an identical request is colorized again, never from the cache', async () => {
    const body = await bw();
    const [first, second] = [await post(body), await post(body)];
    for (const res of [first, second]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-cache')).toBeNull();
      expect(res.headers.get('server-timing')).toMatch(/inference;dur=/); // computed, not replayed
    }
  });

  it('with cache=public: a shared entry keyed on what changes the output, and a hit carries no old timings', async () => {
    const body = await bw();
    const first = await post(body, '?cache=public&saturation=1.1');
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(first.headers.get('cache-control')).toBe('public, max-age=86400');
    const bytes = Buffer.from(await first.arrayBuffer());
    // Quality does not change a PNG: the same entry.
    const again = await post(body, '?saturation=1.1&quality=40&cache=public');
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(again.headers.get('server-timing')).toBeNull();
    expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);
    // Saturation, format and (for JPEG) quality do.
    expect((await post(body, '?cache=public&saturation=1.2')).headers.get('x-cache')).toBe('MISS');
    expect((await post(body, '?cache=public&saturation=1.1&format=jpeg&quality=80')).headers.get('x-cache')).toBe('MISS');
    expect((await post(body, '?cache=public&saturation=1.1&format=jpeg&quality=70')).headers.get('x-cache')).toBe('MISS');
    expect((await post(body, '?cache=public&saturation=1.1&format=jpeg&quality=70')).headers.get('x-cache')).toBe('HIT');
    // A private request for the same photo is still never answered from that entry.
    const plain = await post(body, '?saturation=1.1');
    expect(plain.headers.get('x-cache')).toBeNull();
    expect(plain.headers.get('cache-control')).toBe('no-store');
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

describe('every real photo', () => {
  const luminance = (im: RgbaImage) => Array.from({ length: im.width * im.height }, (_, i) => 0.299 * im.data[i * 4]! + 0.587 * im.data[i * 4 + 1]! + 0.114 * im.data[i * 4 + 2]!);

  it('a phone JPEG with EXIF Orientation 6 comes back upright', async () => {
    const res = await post(await photo('exif-orientation-6.jpg'), '', { 'Content-Type': 'image/jpeg' });
    expect(res.status).toBe(200);
    const out = await image(res);
    expect([out.width, out.height]).toEqual([192, 256]);
    const [got, want] = [luminance(out), luminance(await decodeImage(await photo('exif-orientation-6.upright.jpg')))];
    const meanDiff = got.reduce((s, v, i) => s + Math.abs(v - want[i]!), 0) / got.length;
    expect(meanDiff).toBeLessThan(4); // the upright photo's detail; turned, it would be ~30
  });

  it.each(['cmyk-adobe.jpg', 'ycck-adobe.jpg'])('a %s (Adobe APP14) is colorized', async (name) => {
    const res = await post(await photo(name), '', { 'Content-Type': 'image/jpeg' });
    expect(res.status).toBe(200);
    const out = await image(res);
    expect([out.width, out.height]).toEqual([256, 256]);
    expect(chroma(out)).toBeGreaterThan(10);
  });

  it('a cut-short JPEG with an end marker appended is invalid_image, not a blank picture', async () => {
    const full = await photo('exif-orientation-6.upright.jpg');
    const cut = new Uint8Array(Math.floor(full.length * 0.6) + 2);
    cut.set(full.subarray(0, cut.length - 2));
    cut.set([0xff, 0xd9], cut.length - 2);
    await expectError(await post(cut, '', { 'Content-Type': 'image/jpeg' }), 400, 'invalid_image');
  });

  it('a kind of JPEG the decoder lacks is unsupported_image (415) and says which', async () => {
    const arithmetic = await photo('gcompris-qt-data__cat__5.jpg');
    arithmetic[Buffer.from(arithmetic).indexOf(Buffer.from([0xff, 0xc0])) + 1] = 0xc9;
    const res = await post(arithmetic);
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'unsupported_image', message: expect.stringContaining('arithmetic') });
  });

  it('a 1 MB progressive JPEG of 1448x1448 with 30,000 scans is image_too_complex before decoding', async () => {
    const photos = await Promise.all(COLOUR_PHOTOS.map(async (n) => decodeImage(await photo(n))));
    const progressive = await encodeImage(mosaic(photos, 1448, 1448), 'jpeg', 75); // mozjpeg writes progressive JPEGs
    const bomb = scanBomb(progressive, 30_000);
    expect(bomb.length).toBeLessThan(1_500_000);
    await expectError(await post(bomb, '', { 'Content-Type': 'image/jpeg' }), 413, 'image_too_complex');
    expect((await fetch(`${URL_}/healthz`)).status).toBe(200);
  });

  it('a multipart form is read whatever the case of its media type', async () => {
    const form = new FormData();
    form.append('image', new Blob([await bw()], { type: 'image/jpeg' }), 'photo.jpg');
    const encoded = new Response(form);
    const type = encoded.headers.get('content-type')!.replace('multipart/form-data', 'Multipart/Form-Data');
    const res = await post(await encoded.arrayBuffer(), '', { 'Content-Type': type });
    expect(res.status).toBe(200);
    expect(chroma(await image(res))).toBeGreaterThan(10);
  });
});

describe('a burst of 20 concurrent uploads', () => {
  let reference: (img: RgbaImage, saturation: number) => Promise<RgbaImage>;
  beforeAll(async () => {
    await useNodeBackend('wasm');
    const colorizer = await loadColorizerFromDir();
    reference = (img, saturation) => colorizer.colorize(img, { saturation });
  });

  it('200s in arrival order or 503 busy with Retry-After; /healthz sent mid-burst answers before it ends', async () => {
    const inputs = await Promise.all(COLOUR_PHOTOS.map(async (n) => decodeImage(await photo(n))));
    const jobs = Array.from({ length: 20 }, (_, i) => ({ input: inputs[i % 4]!, saturation: 0.5 + 0.25 * Math.floor(i / 4) }));
    const bodies = await Promise.all(jobs.map((j) => encodeImage(j.input, 'png')));
    const finished: string[] = [];
    const sent: Promise<Response>[] = [];
    for (let i = 0; i < 20; i++) {
      // 15 ms apart, so they reach the worker in this order, faster than it answers (~60 ms each).
      sent.push(post(bodies[i]!, `?saturation=${jobs[i]!.saturation}`).then((r) => (finished.push(`${i}`), r)));
      await new Promise((r) => setTimeout(r, 15));
    }
    const health = fetch(`${URL_}/healthz`).then((r) => (finished.push('healthz'), r));
    const responses = await Promise.all(sent);
    expect((await health).status).toBe(200);

    const statuses = responses.map((r) => r.status);
    expect(statuses.join(' ')).toMatch(/^(200|503)( (200|503))*$/);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(7); // the line's length: 1 running + 6 waiting
    expect(statuses).toContain(503);
    for (const r of responses.filter((r) => r.status === 503)) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await expectError(r, 503, 'busy');
    }
    // First come, first served: no 200 overtakes one sent 3 or more places (45 ms) before it.
    // Neighbours may swap: the line serves the first arrival whose upload has been read, and two
    // bodies read between two inferences finish reading in either order.
    const ok = finished.filter((f) => f !== 'healthz' && statuses[Number(f)] === 200).map(Number);
    const overtaken = ok.flatMap((later, i) => ok.slice(i + 1).filter((earlier) => earlier <= later - 3).map((earlier) => `${later} before ${earlier}`));
    expect(overtaken).toEqual([]);
    // /healthz did not wait for the burst: some colorized answers came after it.
    const lastOk = finished.lastIndexOf(String(ok.at(-1)));
    expect(finished.indexOf('healthz')).toBeLessThan(lastOk);

    // Each answer is the one the same model gives in Node for its own input.
    for (const i of ok) {
      const [want, got] = [await reference(jobs[i]!.input, jobs[i]!.saturation), await image(responses[i]!)];
      let worst = 0;
      for (let k = 0; k < want.data.length; k++) worst = Math.max(worst, Math.abs(want.data[k]! - got.data[k]!));
      expect(worst).toBeLessThanOrEqual(2);
    }
  });
});
