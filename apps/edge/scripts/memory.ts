/**
 * npm run memory -w apps/edge: the workerd process's memory around the largest allowed image.
 *
 * Starts the worker under wrangler dev, warms it with a small photo (model loaded, codecs
 * initialised), then sends a 1920x1080 JPEG (2.07 MP, the largest common size under the 2.1 MP
 * limit; MEM_WIDTH and MEM_HEIGHT change it) and reads
 * workerd's resident set and its peak (VmHWM) from /proc: the peak minus the resident set before
 * the big request is what that request needed on top of a warm isolate.
 */
import { decodeImage, encodeImage } from '@colorize/model/node';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { COLOUR_PHOTOS, mosaic, PHOTOS } from '../test/fixtures.js';
import { startWorker } from '../test/wrangler-dev.js';

/** A /proc status field (kB), summed over the workerd processes of our wrangler's process group. */
const kb = (pids: string[], field: string) =>
  pids.reduce((sum, pid) => sum + Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN), 0);
const mb = (k: number) => `${(k / 1024).toFixed(1)} MB`;

const photos = await Promise.all(COLOUR_PHOTOS.map(async (n) => decodeImage(await readFile(PHOTOS + n))));
const [w, h] = [Number(process.env.MEM_WIDTH ?? 1920), Number(process.env.MEM_HEIGHT ?? 1080)];
const big = await encodeImage(mosaic(photos, w, h), 'jpeg', 90);
const worker = await startWorker(8796);
try {
  const pid = execSync(`pgrep -g ${worker.pgid} workerd`, { encoding: 'utf8' }).trim().split('\n');
  if (!pid[0]) throw new Error('no workerd process found');
  const post = async (body: Uint8Array<ArrayBuffer>, q: string) => {
    const res = await fetch(`${worker.url}/v1/colorize?${q}`, { method: 'POST', body, headers: { 'CF-Connecting-IP': `mem-${q}` } });
    await res.arrayBuffer();
    return res.status;
  };
  const idle = kb(pid, 'VmRSS');
  await post(await readFile(`${PHOTOS}bw-sample.jpg`).then((b) => new Uint8Array(b)), 'saturation=1.01');
  const warm = kb(pid, 'VmRSS');
  const peakBefore = kb(pid, 'VmHWM');
  const status = await post(big, 'saturation=1.02&format=png');
  const after = kb(pid, 'VmRSS');
  const peak = kb(pid, 'VmHWM');
  console.log(`workerd (${pid.join(', ')}): ${mb(idle)} resident before any request; the model and one 256x256 request added ${mb(warm - idle)}`);
  console.log(`workerd (${pid.join(', ')}): warm isolate (model loaded) ${mb(warm)} resident, peak so far ${mb(peakBefore)}`);
  console.log(`${w}x${h} JPEG (${(big.length / 1e6).toFixed(2)} MB) -> PNG, HTTP ${status}: peak ${mb(peak)}, resident after ${mb(after)}`);
  console.log(`the largest allowed image needed ${mb(peak - warm)} on top of the warm isolate`);
} finally {
  await worker.stop();
}
