import type { Browser, ElementHandle } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMA_OF_IMG, launch } from './chromium.js';
import { PHOTOS } from './fixtures.js';

const web = inject('webUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const measure = (img: ElementHandle) => img.evaluate(new Function(`return (${CHROMA_OF_IMG})(arguments[0])`) as (i: Element) => Promise<{ width: number; height: number; chroma: number }>);

describe('home page: colorize a photo (Chromium against next start and the worker in workerd)', () => {
  it('uploads a real black-and-white photo and gets a coloured result of the same size', async () => {
    const page = await browser.newPage();
    await page.goto(web);
    await page.getByLabel('Choose photos to colorize').setInputFiles(`${PHOTOS}bw-sample.jpg`);
    const card = page.locator('[data-testid=photo][data-state=done]');
    await card.waitFor({ timeout: 60_000 });
    expect(await card.locator('.status', { hasText: 'colorized at the edge' }).count()).toBe(1);
    const result = await measure((await card.locator('img.after').elementHandle())!);
    expect(result).toMatchObject({ width: 256, height: 256 });
    expect(result.chroma).toBeGreaterThan(10);
    expect(await card.getByRole('link', { name: 'Download' }).getAttribute('download')).toBe('bw-sample-colorized.png');
    await page.close();
  });

  it('shows a clear error for a corrupt file and for a file that is not an image', async () => {
    const page = await browser.newPage();
    await page.goto(web);
    await page.getByLabel('Choose photos to colorize').setInputFiles([
      { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not really a jpeg') },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') },
    ]);
    const alerts = page.locator('[data-testid=photo][data-state=error] [role=alert]');
    await expect.poll(() => alerts.count(), { timeout: 30_000 }).toBe(2);
    const texts = (await alerts.allTextContents()).sort();
    expect(texts[0]).toContain('broken.jpg is not a JPEG, PNG or WebP image');
    expect(texts[1]).toContain('notes.txt is not a JPEG, PNG or WebP image');
    await page.close();
  });

  it('colorizes on this device when asked, and says which backend ran', async () => {
    const page = await browser.newPage();
    await page.goto(web);
    await page.getByLabel(/Colorize on this device/).check();
    await page.getByLabel('Choose photos to colorize').setInputFiles(`${PHOTOS}bw-sample.jpg`);
    const card = page.locator('[data-testid=photo][data-state=done]');
    await card.waitFor({ timeout: 120_000 });
    expect(await card.locator('.status', { hasText: 'colorized on this device' }).count()).toBe(1);
    const backend = await page.getByTestId('backend').textContent();
    console.log(`on-device colorize ran on: ${backend}`);
    expect(backend).toMatch(/webgpu|webgl|wasm/);
    const result = await measure((await card.locator('img.after').elementHandle())!);
    expect(result).toMatchObject({ width: 256, height: 256 });
    expect(result.chroma).toBeGreaterThan(10);
    await page.close();
  });
});
