/**
 * npm run bench:full-size -w tests: a 12.6 MP phone photo (browser/fixtures.ts phonePhoto) on the
 * home page through the edge path, in Debian's Chromium against the built site and the worker
 * under wrangler dev. Prints the bytes uploaded and the seconds from choosing the file to the
 * full-size result (after), and what sending the photo itself costs (before: the SDK sent the
 * file as it was, and the worker refused it with 413 image_too_large).
 */
import { startWorker } from '@colorize/edge/dev-server';
import { launch, recordUploads, uploads } from './browser/chromium.js';
import { phonePhoto } from './browser/fixtures.js';
import { startSite } from './site.js';

const worker = await startWorker(Number(process.env.COLORIZE_TEST_EDGE_PORT ?? 8793));
const site = await startSite(Number(process.env.COLORIZE_TEST_WEB_PORT ?? 3193), worker.url);
const browser = await launch();
try {
  const jpeg = await phonePhoto();
  let t = performance.now();
  const before = await fetch(`${worker.url}/v1/colorize`, { method: 'POST', body: new Uint8Array(jpeg), headers: { 'Content-Type': 'image/jpeg' } });
  const beforeS = (performance.now() - t) / 1000;
  console.log(`before: the photo itself, ${jpeg.length} bytes up, HTTP ${before.status} ${((await before.json()) as { error: { code: string } }).error.code} after ${beforeS.toFixed(2)} s`);

  for (let run = 1; run <= Number(process.env.RUNS ?? 3); run++) {
    const page = await browser.newPage();
    await recordUploads(page);
    await page.goto(site.url);
    t = performance.now();
    await page.getByLabel('Choose photos to colorize').setInputFiles({ name: 'phone.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.locator('[data-testid=photo][data-state=done]').waitFor({ timeout: 300_000 });
    const s = (performance.now() - t) / 1000;
    const size = await page.locator('img.after').evaluate((img: HTMLImageElement) => `${img.naturalWidth}x${img.naturalHeight}`);
    const download = await page.getByRole('link', { name: 'Download' }).evaluate(async (a: HTMLAnchorElement) => (await (await fetch(a.href)).blob()).size);
    console.log(`after, run ${run}: ${(await uploads(page)).join(' + ')} bytes up, ${size} result (${download} bytes of PNG) after ${s.toFixed(2)} s`);
    await page.close();
  }
} finally {
  await browser.close();
  site.stop();
  await worker.stop();
}
