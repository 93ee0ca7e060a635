/**
 * npm run bench -w apps/edge
 *
 * Through HTTP against `wrangler dev` (real workerd), warm:
 * 1. latency of POST /v1/colorize: p50/p95 and the per-stage split from Server-Timing, for
 *    640x480, 256x256 and 1024x768 JPEGs made of real photos, at concurrency 1 and 4;
 * 2. bursts of 20 and 50 concurrent 640x480 uploads, each its own client: how many got 200 and
 *    503, the 200s' p50/p95/max, and /healthz asked every 50 ms during the burst;
 * 3. the costliest photo the limits accept: 1448x1448 (2.1 MP) progressive with the most scans
 *    allowed, each a pass over the image (what limits.cpu_ms in wrangler.jsonc is set from);
 * 4. colour hints: 640x480 automatic against 10 hints (a multipart form, as the SDK sends them),
 *    interleaved so both see the same load;
 * then the same model's time in plain Node.
 * Every request has its own saturation, so none could be answered from a cache.
 * `npm run bench -w apps/edge -- hints` runs the hints comparison alone.
 */
import type { Hint } from '@colorize/model';
import { decodeImage, encodeImage, loadColorizerFromDir, useNodeBackend } from '@colorize/model/node';
import { readFile } from 'node:fs/promises';
import { MAX_JPEG_SCANS } from '../src/limits.js';
import { COLOUR_PHOTOS, mosaic, PHOTOS, scanBomb } from '../test/fixtures.js';
import { startWorker } from '../test/wrangler-dev.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 24);
const ONLY_HINTS = process.argv.includes('hints');
const photos = await Promise.all(COLOUR_PHOTOS.map(async (n) => decodeImage(await readFile(PHOTOS + n))));

const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : NaN);
const stage = (timing: string, name: string) => Number(new RegExp(`${name};dur=([\\d.]+)`).exec(timing)?.[1] ?? NaN);
const ms = (x: number) => x.toFixed(0).padStart(5);

const worker = await startWorker(8798);
let n = 0;
/** One timed request: the JPEG as the raw body, or with hints as a multipart form. */
const send = async (body: Uint8Array<ArrayBuffer>, hints?: Hint[]) => {
  const t = performance.now();
  const upload = hints ? new FormData() : body;
  if (upload instanceof FormData) {
    upload.append('image', new Blob([body], { type: 'image/jpeg' }), 'photo.jpg');
    upload.append('hints', JSON.stringify(hints));
  }
  const res = await fetch(`${worker.url}/v1/colorize?saturation=${(1 + ++n * 1e-5).toFixed(5)}`, {
    method: 'POST', body: upload, headers: { ...(hints ? {} : { 'Content-Type': 'image/jpeg' }), 'CF-Connecting-IP': `bench-${n}` },
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t, timing: res.headers.get('server-timing') ?? '' };
};
const sizes: [number, number][] = [[640, 480], [256, 256], [1024, 768]];

/** 640x480 without hints and with 10 (spread over the photo, each its own colour), one after the other. */
async function benchHints(): Promise<void> {
  const { models } = (await (await fetch(`${worker.url}/v1/models`)).json()) as { models: { hints: boolean }[] };
  if (!models[0]?.hints) {
    console.log('\nColour hints: this model takes none; nothing to compare.');
    return;
  }
  const body = await encodeImage(mosaic(photos, 640, 480), 'jpeg', 90);
  const colours = ['#c0392b', '#2e86c1', '#27ae60', '#f1c40f', '#8e44ad'];
  const hints: Hint[] = Array.from({ length: 10 }, (_, i) => ({ x: 40 + (i % 5) * 130, y: 120 + Math.floor(i / 5) * 240, color: colours[i % 5]! }));
  for (let i = 0; i < 3; i++) {
    // Warm both paths.
    await send(body);
    await send(body, hints);
  }
  const auto: Awaited<ReturnType<typeof send>>[] = [];
  const hinted: Awaited<ReturnType<typeof send>>[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    auto.push(await send(body));
    hinted.push(await send(body, hints));
  }
  console.log(`\nColour hints, 640x480 JPEG, ${REQUESTS} requests each, interleaved (ms)`);
  console.log('            p50    p95   decode  inference  encode   (stage medians; non-200s)');
  for (const [name, results] of [['automatic', auto], ['10 hints', hinted]] as const) {
    const ok = results.filter((r) => r.status === 200);
    const med = (stageName: string) => pct(ok.map((r) => stage(r.timing, stageName)), 50).toFixed(1);
    const other = results.filter((r) => r.status !== 200).map((r) => r.status);
    console.log(`${name.padEnd(10)} ${ms(pct(ok.map((r) => r.ms), 50))} ${ms(pct(ok.map((r) => r.ms), 95)).padStart(6)} ${med('decode').padStart(8)} ${med('inference').padStart(10)} ${med('encode').padStart(7)}   ${other.join(' ')}`);
  }
}

if (ONLY_HINTS) {
  try {
    await benchHints();
  } finally {
    await worker.stop();
  }
  process.exit(0);
}

try {
  console.log(`POST /v1/colorize through wrangler dev, ${REQUESTS} warm requests each (ms)`);
  console.log('input      conc   p50    p95   decode  inference  encode   (stage medians; non-200s)');
  for (const [w, h] of sizes) {
    const body = await encodeImage(mosaic(photos, w, h), 'jpeg', 90);
    for (let i = 0; i < 3; i++) await send(body); // warm the isolate and the codecs
    for (const concurrency of [1, 4]) {
      const results: Awaited<ReturnType<typeof send>>[] = [];
      for (let done = 0; done < REQUESTS; done += concurrency) results.push(...(await Promise.all(Array.from({ length: concurrency }, () => send(body)))));
      const ok = results.filter((r) => r.status === 200);
      const med = (name: string) => pct(ok.map((r) => stage(r.timing, name)), 50).toFixed(1);
      const other = results.filter((r) => r.status !== 200).map((r) => r.status);
      console.log(`${`${w}x${h}`.padEnd(10)} ${String(concurrency).padStart(4)} ${ms(pct(ok.map((r) => r.ms), 50))} ${ms(pct(ok.map((r) => r.ms), 95)).padStart(6)} ${med('decode').padStart(8)} ${med('inference').padStart(10)} ${med('encode').padStart(7)}   ${other.length ? other.join(' ') : ''}`);
    }
  }

  console.log('\nBursts of concurrent 640x480 uploads, each its own client (ms)');
  console.log('burst   200  503  other   p50    p95    max   (of the 200s)   /healthz during it: p50  max');
  const body = await encodeImage(mosaic(photos, 640, 480), 'jpeg', 90);
  for (const size of [20, 50]) {
    let running = true;
    const health: number[] = [];
    const probe = (async () => {
      while (running) {
        const t = performance.now();
        await (await fetch(`${worker.url}/healthz`)).arrayBuffer();
        health.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const results = await Promise.all(Array.from({ length: size }, () => send(body)));
    running = false;
    await probe;
    const ok = results.filter((r) => r.status === 200).map((r) => r.ms);
    const count = (s: number) => results.filter((r) => r.status === s).length;
    console.log(`${String(size).padStart(5)} ${String(ok.length).padStart(5)} ${String(count(503)).padStart(4)} ${String(size - ok.length - count(503)).padStart(6)} ${ms(pct(ok, 50))} ${ms(pct(ok, 95)).padStart(6)} ${ms(Math.max(...ok)).padStart(6)}                   ${ms(pct(health, 50)).padStart(18)} ${ms(Math.max(...health))}`);
    await new Promise((r) => setTimeout(r, 500)); // let the line drain
  }

  const progressive = await encodeImage(mosaic(photos, 1448, 1448), 'jpeg', 90);
  const worst = scanBomb(progressive, MAX_JPEG_SCANS);
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await send(worst));
  const okWorst = runs.filter((r) => r.status === 200);
  console.log(`\nCostliest accepted photo: 1448x1448 progressive JPEG, ${MAX_JPEG_SCANS} scans (${(worst.length / 1e6).toFixed(2)} MB), HTTP ${runs.map((r) => r.status).join(' ')}:`
    + ` p50 ${pct(okWorst.map((r) => r.ms), 50).toFixed(0)} ms, max ${Math.max(...okWorst.map((r) => r.ms)).toFixed(0)} ms;`
    + ` decode ${pct(okWorst.map((r) => stage(r.timing, 'decode')), 50).toFixed(0)} ms, inference ${pct(okWorst.map((r) => stage(r.timing, 'inference')), 50).toFixed(0)} ms, encode ${pct(okWorst.map((r) => stage(r.timing, 'encode')), 50).toFixed(0)} ms`);

  await benchHints();
} finally {
  await worker.stop();
}

await useNodeBackend('wasm');
const colorizer = await loadColorizerFromDir();
console.log('\nThe same model in plain Node (wasm backend), colorize() without codecs (ms)');
for (const [w, h] of sizes) {
  const image = mosaic(photos, w, h);
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
