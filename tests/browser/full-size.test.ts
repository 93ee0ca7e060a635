import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMA_OF_IMG, launch, recordUploads, uploads } from './chromium.js';
import { LARGE, largePhoto, phonePhoto } from './fixtures.js';

const web = inject('webUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

describe('home page: a 12 MP phone photo through the edge (Chromium against next start and the worker in workerd)', () => {
  it('sends a reduced copy, and the result and its download are the photo\'s own 4096x3072', async () => {
    const jpeg = await phonePhoto();
    const page = await browser.newPage();
    await recordUploads(page);
    await page.goto(web);
    await page.getByLabel('Choose photos to colorize').setInputFiles({ name: 'phone.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    const card = page.locator('[data-testid=photo][data-state=done]');
    await card.waitFor({ timeout: 120_000 });
    expect(await card.locator('.status', { hasText: 'colorized at the edge' }).count()).toBe(1);
    // One upload, of the 256 px copy: a few tens of KB instead of the photo's megabytes.
    const sent = await uploads(page);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeGreaterThan(1000);
    expect(sent[0]).toBeLessThan(200_000);
    expect(jpeg.length).toBeGreaterThan(1_000_000);

    const link = card.getByRole('link', { name: 'Download' });
    expect(await link.getAttribute('download')).toBe('phone-colorized.png');
    const download = await link.evaluate(new Function('a', `return (${CHROMA_OF_IMG})(Object.assign(new Image(), { src: a.href }))`) as (a: Element) => Promise<{ width: number; height: number; chroma: number }>);
    expect(download).toMatchObject({ width: 4096, height: 3072 });
    expect(download.chroma).toBeGreaterThan(10);
    await page.close();
  });
});

describe('home page: a 51 MP scan, at the edge and on this device', () => {
  let jpeg: Buffer;
  beforeAll(async () => {
    jpeg = await largePhoto();
  }, 120_000);

  for (const where of ['at the edge', 'on this device'] as const) {
    it(`gives back the scan's own ${LARGE.width}x${LARGE.height}, colorized ${where}`, async () => {
      const page = await browser.newPage();
      await recordUploads(page);
      await page.goto(web);
      if (where === 'on this device') await page.getByLabel('Colorize on this device').check();
      await page.getByLabel('Choose photos to colorize').setInputFiles({ name: 'scan.jpg', mimeType: 'image/jpeg', buffer: jpeg });
      const card = page.locator('[data-testid=photo][data-state=done]');
      await card.waitFor({ timeout: 240_000 });
      expect(await card.locator('.status', { hasText: `colorized ${where}` }).count()).toBe(1);
      const sent = await uploads(page);
      expect(sent).toHaveLength(where === 'at the edge' ? 1 : 0);
      if (sent[0] !== undefined) expect(sent[0]).toBeLessThan(200_000);
      const link = card.getByRole('link', { name: 'Download' });
      const download = await link.evaluate(new Function('a', `return (${CHROMA_OF_IMG})(Object.assign(new Image(), { src: a.href }))`) as (a: Element) => Promise<{ width: number; height: number; chroma: number }>);
      expect(download).toMatchObject({ width: LARGE.width, height: LARGE.height });
      expect(download.chroma).toBeGreaterThan(10);
      await page.close();
    }, 300_000);
  }
});
