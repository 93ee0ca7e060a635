import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch } from './chromium.js';
import { COLOUR, PHOTOS } from './fixtures.js';
import { trainNewModel } from './studio-page.js';

const web = inject('webUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const step = async (page: Page) => Number(await page.getByTestId('studio-progress').getAttribute('data-step'));
const chartPoints = async (page: Page) => Number(await page.getByTestId('chart-G L1').getAttribute('data-points'));

/** Pixels of the newest "try" result, as a string to compare. */
async function tryResult(page: Page, count: number): Promise<string> {
  await expect.poll(() => page.getByTestId('try-result').count(), { timeout: 60_000 }).toBe(count);
  return page.getByTestId('try-result').first().evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    const c = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    return Array.from(ctx.getImageData(0, 0, c.width, c.height).data).join(',');
  });
}

describe('studio: fine-tuning in the browser', () => {
  it('trains 20 steps on 4 photos, survives a reload, and exports a model that imports to the same outputs', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${web}/studio`);
    const adapter = await page.evaluate(async () => Boolean('gpu' in navigator && (await (navigator as unknown as { gpu: { requestAdapter(): Promise<unknown> } }).gpu.requestAdapter())));

    await trainNewModel(page, COLOUR, { size: 32, ngf: 4, steps: 20, previewEvery: 4, checkpointEvery: 4 });

    const backend = await page.getByTestId('studio-backend').textContent();
    console.log(`studio trained on: ${backend} (WebGPU adapter offered: ${adapter})`);
    expect(backend).toContain(adapter ? 'Backend: webgpu' : 'Backend: webgl');

    // No tensor leak in the browser either: the count the worker reports each step stays put.
    const tensors = async () => Number(/(\d+) tensors in memory/.exec((await page.getByTestId('studio-progress').textContent()) ?? '')?.[1]);
    await expect.poll(() => step(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
    const early = await tensors();
    // Pause part-way: the checkpoint is written on pause.
    await expect.poll(() => step(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(8);
    expect(await tensors()).toBe(early);
    expect(early).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 60_000 });
    const pausedAt = await step(page);
    expect(await chartPoints(page)).toBe(pausedAt);
    expect(await page.getByTestId('preview-now').count()).toBeGreaterThan(0);

    // Reload: photos, chart and checkpoint come back, and training goes on from there.
    await page.reload();
    await expect.poll(() => page.getByTestId('studio-status').textContent(), { timeout: 120_000 }).toContain(`Resumed from the checkpoint at step ${pausedAt}`);
    expect(await chartPoints(page)).toBeGreaterThanOrEqual(pausedAt - 4);
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => page.getByTestId('studio-status').textContent(), { timeout: 180_000 }).toContain('Done: 20 steps');
    expect(await step(page)).toBe(20);
    const metricsRows = Number(await page.getByTestId('chart-PSNR dB').getAttribute('data-points'));
    expect(metricsRows).toBeGreaterThanOrEqual(3);

    // Export, try it; import the downloaded file, try it again: the same pixels.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export model' }).click()]);
    const file = await download.path();
    expect(JSON.parse(await readFile(file, 'utf8')).weightsManifest[0].weights[0].quantization.dtype).toBe('uint8');
    await page.getByLabel('Colorize a photo with this model').setInputFiles(`${PHOTOS}bw-sample.jpg`);
    const exported = await tryResult(page, 1);
    await page.reload();
    await expect.poll(() => page.getByTestId('studio-status').textContent(), { timeout: 120_000 }).toContain('Resumed');
    await page.getByLabel('Import a model file').setInputFiles(file);
    await expect.poll(() => page.getByTestId('studio-status').textContent(), { timeout: 60_000 }).toContain('Imported');
    await page.getByLabel('Colorize a photo with this model').setInputFiles(`${PHOTOS}bw-sample.jpg`);
    expect(await tryResult(page, 1)).toBe(exported);
    await context.close();
  });

  it('names a photo it cannot read instead of hanging, and keeps the session', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${web}/studio`);
    const good = { name: 'cat.jpg', mimeType: 'image/jpeg', buffer: await readFile(COLOUR[0]!) };
    await page.getByLabel('Add colour photos').setInputFiles([good, { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo') }]);
    await page.getByRole('button', { name: 'Prepare' }).click();
    // (Next's route announcer is an alert region too: look for ours by its words.)
    await page.getByRole('alert').filter({ hasText: 'broken.jpg could not be read as an image' }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('button', { name: 'Prepare' }).isVisible()).toBe(true);
    await context.close();
  });
});
