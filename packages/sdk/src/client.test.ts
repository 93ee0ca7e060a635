import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { backoff, parseRetryAfter, uploadBody } from './client.js';
import { ColorizeApiError } from './errors.js';
import { toBlob } from './input.js';

describe('edge client pieces (the client against the real worker is in tests/workerd)', () => {
  it('backs off exponentially with jitter, obeys Retry-After, and never past the cap', () => {
    for (let n = 1; n <= 4; n++) {
      const d = backoff(n, undefined, 500, 30_000);
      expect(d).toBeGreaterThanOrEqual(250 * 2 ** (n - 1));
      expect(d).toBeLessThanOrEqual(500 * 2 ** (n - 1));
    }
    expect(backoff(1, 7, 500, 30_000)).toBe(7000);
    expect(backoff(1, 60, 500, 30_000)).toBe(30_000);
    expect(backoff(9, undefined, 500, 2000)).toBe(2000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('60')).toBe(60);
    expect(parseRetryAfter(null)).toBeUndefined();
    const inTen = new Date(Date.now() + 10_000).toUTCString();
    expect(parseRetryAfter(inTen)).toBeGreaterThan(8);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('uploads the image as the raw body, and with hints (even none) a form of the image and the hints as JSON', async () => {
    const image = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], { type: 'image/jpeg' });
    expect(uploadBody(image, undefined)).toBe(image);
    const hints = [{ x: 10, y: 20, color: '#c0392b' }, { x: 0, y: 0, color: '#2e86c1', size: 12 }];
    const form = uploadBody(image, hints);
    expect(form).toBeInstanceOf(FormData);
    const sent = (form as FormData).get('image') as File;
    expect([sent.type, sent.size]).toEqual(['image/jpeg', 4]);
    expect((form as FormData).getAll('hints').map((h) => JSON.parse(h as string))).toEqual([hints]);
    expect((uploadBody(image, []) as FormData).get('hints')).toBe('[]');
  });

  it('passes Blobs through and refuses what is not an image source', async () => {
    const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });
    expect(await toBlob(blob)).toBe(blob);
    await expect(toBlob(42 as unknown as Blob)).rejects.toMatchObject({ name: 'ColorizeApiError', code: 'invalid_input' });
    await expect(toBlob('http://127.0.0.1:9/none.jpg')).rejects.toBeInstanceOf(ColorizeApiError);
  });
});

describe('builds', () => {
  it('the script-tag build (edge client + element with its before/after divider + the full-resolution merge) stays under 8 KB gzipped and carries no TensorFlow.js', async () => {
    const script = await readFile(new URL('../dist/script/colorize.js', import.meta.url));
    const gz = gzipSync(script, { level: 9 }).length;
    console.log(`dist/script/colorize.js: ${script.length} bytes, ${gz} gzipped`);
    // 3.3 KB before the merge; the copy, merge and hint mapping of @colorize/model/photo add 3 KB,
    // the element's before/after divider 0.7 KB (7.1 KB in all).
    expect(gz).toBeLessThan(8 * 1024);
    expect(script.toString()).not.toMatch(/tfjs|tensorflow/i);
  });

  it('the ESM build for bundlers keeps TensorFlow.js out of the client and declares types', async () => {
    const read = (f: string) => readFile(new URL(`../dist/esm/${f}`, import.meta.url), 'utf8');
    const client = (await Promise.all(['client.js', 'full-size.js', 'input.js'].map(read))).join('\n');
    expect(client).not.toMatch(/tensorflow/);
    // Only the error list and the photo entry (copy, merge, hint mapping), which import no
    // TensorFlow.js: the model itself stays out of the edge client.
    expect([...client.matchAll(/from "(@colorize\/[^"]+)"/g)].map((m) => m[1]).sort()).toEqual(['@colorize/model/errors', '@colorize/model/photo']);
    const types = await readFile(new URL('../dist/types/index.d.ts', import.meta.url), 'utf8');
    expect(types).toContain('createColorizer');
  });
});
