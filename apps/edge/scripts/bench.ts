/**
 * npm run bench -w apps/edge
 *
 * Latency of POST /v1/colorize through HTTP against `wrangler dev` (real workerd), warm:
 * p50/p95 and the per-stage split from Server-Timing, for 640x480, 256x256 and 1024x768 JPEGs
 * made of real photos, at concurrency 1 and 4; then the same model's time in plain Node.
 * Every request has its own saturation, so none is answered from the cache.
 */
import { decodeImage, encodeImage, loadColorizerFromDir, useNodeBackend } from '@colorize/model/node';
import type { RgbaImage } from '@colorize/model';
import { tileSheet } from '@colorize/model/training';
import { readFile } from 'node:fs/promises';
import { COLOUR_PHOTOS, PHOTOS } from '../test/fixtures.js';
import { startWorker } from '../test/wrangler-dev.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 24);
const photos = await Promise.all(COLOUR_PHOTOS.map(async (n) => decodeImage(await readFile(PHOTOS + n))));

/** A w x h photo mosaic of the real test photos (what a user's scan of that size costs). */
function mosaic(w: number, h: number): RgbaImage {
  const cols = Math.ceil(w / 256);
  const rows = Math.ceil(h / 256);
  const sheet = tileSheet(Array.from({ length: cols * rows }, (_, i) => photos[i % photos.length]!), cols, 256);
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) data.set(sheet.data.subarray(y * sheet.width * 4, (y * sheet.width + w) * 4), y * w * 4);
  return { width: w, height: h, data };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const stage = (timing: string, name: string) => Number(new RegExp(`${name};dur=([\\d.]+)`).exec(timing)?.[1] ?? NaN);

const worker = await startWorker(8798);
let n = 0;
const sizes: [number, number][] = [[640, 480], [256, 256], [1024, 768]];
console.log(`POST /v1/colorize through wrangler dev, ${REQUESTS} warm requests each (ms)`);
console.log('input      conc   p50    p95   decode  inference  encode   (stage medians)');
try {
  for (const [w, h] of sizes) {
    const body = await encodeImage(mosaic(w, h), 'jpeg', 90);
    const send = async () => {
      const t = performance.now();
      const res = await fetch(`${worker.url}/v1/colorize?saturation=${(1 + ++n * 1e-5).toFixed(5)}`, {
        method: 'POST', body, headers: { 'Content-Type': 'image/jpeg', 'CF-Connecting-IP': `bench-${n}` },
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return { ms: performance.now() - t, timing: res.headers.get('server-timing') ?? '' };
    };
    for (let i = 0; i < 3; i++) await send(); // warm the isolate and the codecs
    for (const concurrency of [1, 4]) {
      const results: { ms: number; timing: string }[] = [];
      for (let done = 0; done < REQUESTS; done += concurrency) results.push(...(await Promise.all(Array.from({ length: concurrency }, send))));
      const ms = results.map((r) => r.ms);
      const med = (name: string) => pct(results.map((r) => stage(r.timing, name)), 50).toFixed(1);
      console.log(`${`${w}x${h}`.padEnd(10)} ${String(concurrency).padStart(4)} ${pct(ms, 50).toFixed(0).padStart(5)} ${pct(ms, 95).toFixed(0).padStart(6)} ${med('decode').padStart(8)} ${med('inference').padStart(10)} ${med('encode').padStart(7)}`);
    }
  }
} finally {
  await worker.stop();
}

await useNodeBackend('wasm');
const colorizer = await loadColorizerFromDir();
console.log('\nThe same model in plain Node (wasm backend), colorize() without codecs (ms)');
for (const [w, h] of sizes) {
  const image = mosaic(w, h);
  const times: number[] = [];
  const generator: number[] = [];
  for (let i = 0; i < 3 + REQUESTS; i++) {
    const timings = { prepare: 0, inference: 0, merge: 0 };
    const t = performance.now();
    await colorizer.colorize(image, { saturation: 1 }, timings);
    if (i >= 3) {
      times.push(performance.now() - t);
      generator.push(timings.inference);
    }
  }
  console.log(`${`${w}x${h}`.padEnd(10)} p50 ${pct(times, 50).toFixed(1)}  generator p50 ${pct(generator, 50).toFixed(1)}`);
}
