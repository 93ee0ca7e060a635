/**
 * npm run screenshots -w tests: the README's pictures of the home page and the studio, taken
 * in Debian's Chromium against the built site and the worker under wrangler dev.
 */
import { startWorker } from '@colorize/edge/dev-server';
import { fileURLToPath } from 'node:url';
import { launch } from './browser/chromium.js';
import { COLOUR, PHOTOS } from './browser/fixtures.js';
import { startRun } from './browser/studio-page.js';
import { startSite } from './site.js';

const docs = fileURLToPath(new URL('../docs/', import.meta.url));
const worker = await startWorker(8795);
const site = await startSite(3195, worker.url);
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  await page.goto(site.url);
  await page.getByLabel('Choose photos to colorize').setInputFiles([`${PHOTOS}bw-sample.jpg`, ...COLOUR.slice(0, 2)]);
  await page.locator('[data-testid=photo][data-state=done]').nth(2).waitFor({ timeout: 60_000 });
  // The first photo with two colour points, its picker closed, once the colours are back.
  const card = page.locator('[data-testid=photo]').first();
  await card.getByRole('button', { name: 'Add colour points' }).click();
  const box = (await card.getByTestId('photo-box').boundingBox())!;
  for (const [fx, fy, colour] of [[0.2, 0.3, '#2f8f3a'], [0.7, 0.15, '#c8b040']] as const) {
    await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
    await card.getByLabel('More colours').fill(colour);
    await card.getByRole('button', { name: 'Done' }).click();
  }
  await page.mouse.move(0, 0);
  await card.and(page.locator('[data-busy=false]')).waitFor({ timeout: 60_000 });
  await page.screenshot({ path: `${docs}home.png` });

  await page.goto(`${site.url}/studio`);
  await startRun(page, COLOUR, { steps: 60, fresh: { size: 64, ngf: 8 } });
  await page.getByTestId('studio-status').filter({ hasText: 'Done' }).waitFor({ timeout: 300_000 });
  await page.screenshot({ path: `${docs}studio.png`, fullPage: true });
  console.log(`wrote ${docs}home.png and ${docs}studio.png`);
} finally {
  await browser.close();
  site.stop();
  await worker.stop();
}
