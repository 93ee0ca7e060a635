import { decodeImage } from '@colorize/model/node';
import { ColorizeError } from '@colorize/model';
import { ColorizeApiError, createColorizer, type Hint } from '@colorize/sdk';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';

const endpoint = inject('edgeUrl');
const require = createRequire(import.meta.url);
const PHOTOS = `${dirname(require.resolve('@colorize/model/fixtures/photos/README.md'))}/`;
const jpeg = async () => new Blob([await readFile(`${PHOTOS}bw-sample.jpg`)], { type: 'image/jpeg' });

let n = 0;
/** A fetch that speaks as one client (CF-Connecting-IP) and counts its calls. */
function clientFetch(ip: () => string) {
  const counted = Object.assign(
    (input: RequestInfo | URL, init?: RequestInit) => {
      counted.calls++;
      return fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'CF-Connecting-IP': ip() } });
    },
    { calls: 0 },
  );
  return counted;
}
const fresh = () => `sdk-${process.pid}-${++n}`;

async function rejection(p: Promise<unknown>): Promise<ColorizeApiError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(ColorizeApiError);
  return e as ColorizeApiError;
}

let photoServer: ReturnType<typeof createServer>;
let photoUrl = '';
beforeAll(async () => {
  photoServer = createServer(async (_req, res) => res.end(await readFile(`${PHOTOS}bw-sample.jpg`)));
  await new Promise<void>((r) => photoServer.listen(0, '127.0.0.1', r));
  photoUrl = `http://127.0.0.1:${(photoServer.address() as AddressInfo).port}/bw.jpg`;
});
afterAll(() => photoServer.close());

describe('SDK edge client against the worker in workerd', () => {
  it('colorizes a Blob and a URL into images of the same size', async () => {
    const colorizer = createColorizer({ endpoint, fetch: clientFetch(fresh) });
    const blob = await colorizer.colorize(await jpeg());
    expect(blob.type).toBe('image/png');
    const image = await decodeImage(new Uint8Array(await blob.arrayBuffer()));
    expect([image.width, image.height]).toEqual([256, 256]);
    const viaUrl = await colorizer.colorize(photoUrl, { format: 'jpeg', quality: 80, saturation: 1.2 });
    expect(viaUrl.type).toBe('image/jpeg');
  });

  it('keeps uploads out of every cache, and lets <colorize-image>-style public images be cached when asked', async () => {
    const seen: { url: string; cacheControl: string | null; xCache: string | null }[] = [];
    const watching = async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'CF-Connecting-IP': fresh() } });
      seen.push({ url: String(input), cacheControl: res.headers.get('cache-control'), xCache: res.headers.get('x-cache') });
      return res;
    };
    const colorizer = createColorizer({ endpoint, fetch: watching });
    const photo = await jpeg();
    await colorizer.colorize(photo, { saturation: 0.93 });
    await colorizer.colorize(photo, { saturation: 0.97, cache: 'public' });
    await colorizer.colorize(photo, { saturation: 0.97, cache: 'public' });
    expect(seen[0]).toMatchObject({ cacheControl: 'no-store', xCache: null });
    expect(seen[0]!.url).not.toContain('cache=');
    expect(seen[1]!.url).toContain('cache=public');
    expect(seen[1]!.cacheControl).toMatch(/^public/);
    expect(seen[2]!.xCache).toBe('HIT');
  });

  it('turns each error status into a typed error with the worker\'s code, without retrying 4xx', async () => {
    const f = clientFetch(fresh);
    const colorizer = createColorizer({ endpoint, fetch: f, retryDelayMs: 1 });
    // Each request starts only when its turn comes, so no rejection waits unhandled.
    const photo = await jpeg();
    const cases: [() => Promise<Blob>, number, string][] = [
      [() => colorizer.colorize(new Blob([])), 400, 'empty_image'],
      [() => colorizer.colorize(new Blob(['plain text'], { type: 'text/plain' })), 415, 'unsupported_type'],
      [() => colorizer.colorize(new Blob([new Uint8Array(10_000_001)])), 413, 'body_too_large'],
      [() => colorizer.colorize(photo, { saturation: 5 }), 400, 'invalid_option'],
    ];
    for (const [request, status, code] of cases) {
      const e = await rejection(request());
      expect([e.status, e.code]).toEqual([status, code]);
    }
    expect(f.calls).toBe(cases.length);
  });

  it('retries a 429 after the delay Retry-After asks for (capped), and succeeds once allowed', async () => {
    const flooded = `flood-sdk-${process.pid}`;
    for (let i = 0; i < 125; i++) await fetch(`${endpoint}/v1/colorize`, { method: 'POST', headers: { 'CF-Connecting-IP': flooded } });
    let first = true;
    const f = clientFetch(() => (first ? ((first = false), flooded) : fresh()));
    const colorizer = createColorizer({ endpoint, fetch: f, maxRetryDelayMs: 300 });
    const started = performance.now();
    const blob = await colorizer.colorize(await jpeg());
    expect(blob.size).toBeGreaterThan(1000);
    expect(f.calls).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);

    const stuck = clientFetch(() => flooded);
    const e = await rejection(createColorizer({ endpoint, fetch: stuck, retries: 2, maxRetryDelayMs: 50 }).colorize(await jpeg()));
    expect([e.status, e.code, e.retryAfter]).toEqual([429, 'rate_limited', 60]);
    expect(stuck.calls).toBe(3);
  });

  it('sends colour hints as the multipart field: zero hints is the automatic answer, a hint changes it', async () => {
    const bodies: unknown[] = [];
    const f = clientFetch(fresh);
    const watching = (input: RequestInfo | URL, init?: RequestInit) => (bodies.push(init?.body), f(input, init));
    const colorizer = createColorizer({ endpoint, fetch: watching });
    const photo = await jpeg();
    const bytes = async (b: Blob) => Buffer.from(await b.arrayBuffer());
    const plain = await bytes(await colorizer.colorize(photo));
    expect((await bytes(await colorizer.colorize(photo, { hints: [] }))).equals(plain)).toBe(true);
    const hints: Hint[] = [{ x: 128, y: 128, color: '#ff0000', size: 9 }];
    const hinted = await colorizer.colorize(photo, { hints });
    const image = await decodeImage(new Uint8Array(await hinted.arrayBuffer()));
    expect([image.width, image.height]).toEqual([256, 256]);
    expect((await bytes(hinted)).equals(plain)).toBe(false);
    expect(bodies[0]).toBeInstanceOf(Blob);
    expect(bodies[2]).toBeInstanceOf(FormData);
    expect(JSON.parse((bodies[2] as FormData).get('hints') as string)).toEqual(hints);
  });

  it('turns a bad hint into a typed invalid_hints error naming it, without retrying', async () => {
    const f = clientFetch(fresh);
    const colorizer = createColorizer({ endpoint, fetch: f, retryDelayMs: 1 });
    const e = await rejection(colorizer.colorize(await jpeg(), { hints: [{ x: 10, y: 20, color: '#c0392b' }, { x: 10, y: 20, color: 'crimson' }] }));
    expect([e.status, e.code]).toEqual([400, 'invalid_hints']);
    expect(e).toBeInstanceOf(ColorizeError);
    expect(e.message).toMatch(/^Hint 2: color must be a hex colour/);
    const many = await rejection(colorizer.colorize(await jpeg(), { hints: Array.from({ length: 65 }, () => ({ x: 1, y: 1, color: '#fff' })) }));
    expect([many.code, many.message]).toEqual(['invalid_hints', 'At most 64 hints per image, got 65.']);
    expect(f.calls).toBe(2);
  });

  it('stops when aborted, times out, and reports an unreachable endpoint', async () => {
    const colorizer = createColorizer({ endpoint, fetch: clientFetch(fresh) });
    const controller = new AbortController();
    const pending = colorizer.colorize(await jpeg(), { signal: controller.signal });
    controller.abort();
    expect((await rejection(pending)).code).toBe('aborted');

    const slow = createColorizer({ endpoint, fetch: clientFetch(fresh), timeoutMs: 1, retries: 0 });
    expect((await rejection(slow.colorize(await jpeg()))).code).toBe('timeout');

    const nowhere = createColorizer({ endpoint: 'http://127.0.0.1:9', retries: 1, retryDelayMs: 10 });
    expect((await rejection(nowhere.colorize(await jpeg()))).code).toBe('network');
  });
});
