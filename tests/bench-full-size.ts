/**
 * npm run bench:full-size -w tests: a 12.6 MP phone photo (browser/fixtures.ts phonePhoto) on the
 * home page through the edge path, in Debian's Chromium against the built site and the worker
 * under wrangler dev. Prints the bytes uploaded, the seconds from choosing the file to the
 * full-size result, and Chromium's peak memory (after), and what sending the photo itself costs
 * (before: the SDK sent the file as it was, and the worker refused it with 413 image_too_large).
 * `PHOTO=large` runs the 51.2 MP scan instead (fixtures.ts largePhoto); `DEVICE=1` colorizes on
 * this device instead of at the edge; `POINT=1` then adds a colour point, as a person does, and
 * times the photo colorized again with it (the whole photo is merged and encoded again).
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { startWorker } from '@colorize/edge/dev-server';
import type { Browser } from 'playwright-core';
import { launch, recordUploads, uploads } from './browser/chromium.js';
import { largePhoto, phonePhoto } from './browser/fixtures.js';
import { startSite } from './site.js';

/**
 * The peak resident memory (VmHWM, kB -> MB) of each of Chromium's processes since it started,
 * by type: the tab's renderer holds the photo's pixels; the GPU process the canvases' backing.
 */
async function peakMemory(browser: Browser): Promise<string> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await cdp.detach();
  const byType = new Map<string, number>();
  for (const { type, id } of processInfo) {
    let kb = 0;
    try {
      kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      continue; // a process that has ended since
    }
    byType.set(type, Math.max(byType.get(type) ?? 0, kb));
  }
  return [...byType].map(([type, kb]) => `${type} ${(kb / 1024).toFixed(0)} MB`).join(', ');
}

/**
 * POST the bytes and read the answer even when the worker answers before the upload ends (its
 * 413 comes from the header, then it closes the connection: fetch reports only the broken pipe).
 */
function post(url: string, body: Buffer): Promise<{ status: number; code: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: 'POST', headers: { 'Content-Type': 'image/jpeg', 'Content-Length': body.length } }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, code: (JSON.parse(text) as { error: { code: string } }).error.code });
        } catch {
          reject(new Error(`HTTP ${res.statusCode}: not the API's JSON error: ${text.slice(0, 200)}`));
        }
      });
    });
    // A write cut short is not the end: the answer may still come; without one, the error is the result.
    req.on('error', (e) => req.once('close', () => (answered ? undefined : reject(e))));
    req.end(body);
  });
}

const large = process.env.PHOTO === 'large';
const onDevice = process.env.DEVICE === '1';
const worker = await startWorker(Number(process.env.COLORIZE_TEST_EDGE_PORT ?? 8793));
const site = await startSite(Number(process.env.COLORIZE_TEST_WEB_PORT ?? 3193), worker.url);
try {
  const jpeg = await (large ? largePhoto() : phonePhoto());
  let t = performance.now();
  const before = await post(`${worker.url}/v1/colorize`, jpeg);
  console.log(`before: the photo itself, ${jpeg.length} bytes up, HTTP ${before.status} ${before.code} after ${((performance.now() - t) / 1000).toFixed(2)} s`);

  for (let run = 1; run <= Number(process.env.RUNS ?? 3); run++) {
    // A browser per run, so each peak is this run's own.
    const browser = await launch();
    const page = await browser.newPage();
    await recordUploads(page);
    await page.goto(site.url);
    if (onDevice) await page.getByLabel('Colorize on this device').check();
    t = performance.now();
    await page.getByLabel('Choose photos to colorize').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.locator('[data-testid=photo][data-state=done], [data-testid=photo][data-state=error]').waitFor({ timeout: 600_000 });
    const s = (performance.now() - t) / 1000;
    const error = await page.locator('[data-testid=photo][data-state=error]').count();
    if (error) throw new Error(`run ${run}: ${await page.locator('[data-testid=photo]').innerText()}`);
    const size = await page.locator('img.after').evaluate((img: HTMLImageElement) => `${img.naturalWidth}x${img.naturalHeight}`);
    const download = await page.getByRole('link', { name: 'Download' }).evaluate(async (a: HTMLAnchorElement) => (await (await fetch(a.href)).blob()).size);
    console.log(`after, run ${run}${onDevice ? ' (on this device)' : ''}: ${(await uploads(page)).join(' + ') || 0} bytes up, ${size} result (${download} bytes of PNG) after ${s.toFixed(2)} s; peak memory: ${await peakMemory(browser)}`);
    if (process.env.POINT === '1') {
      const card = page.locator('[data-testid=photo]');
      const before = await card.locator('img.after').getAttribute('src');
      await card.getByRole('button', { name: 'Add colour points' }).click();
      const box = (await card.getByTestId('photo-box').boundingBox())!;
      t = performance.now();
      await page.mouse.click(box.x + box.width / 3, box.y + box.height / 2);
      await card.getByRole('dialog', { name: 'Colour of point 1' }).getByRole('radio').nth(1).click();
      await page.waitForFunction((old) => {
        const c = document.querySelector('[data-testid=photo]');
        return c?.getAttribute('data-busy') === 'false' && c.querySelector('img.after')?.getAttribute('src') !== old;
      }, before, { timeout: 300_000, polling: 100 });
      console.log(`  a colour point: the full-size photo colorized again with it after ${((performance.now() - t) / 1000).toFixed(2)} s`);
    }
    await browser.close();
  }
} finally {
  site.stop();
  await worker.stop();
}
