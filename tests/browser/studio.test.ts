import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch } from './chromium.js';
import { COLOUR, PHOTOS } from './fixtures.js';
import { modelWithoutPoints } from './model-file.js';
import { phase, startRun, status, step } from './studio-page.js';

const web = inject('webUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const chartPoints = async (page: Page) => Number(await page.getByTestId('chart-l1').getAttribute('data-points'));
const score = async (page: Page, name: string, column: 'before' | 'now' | 'kept') => Number(await page.getByTestId(`score-${name}-${column}`).textContent());

/** Pixels of the newest "try" result, as a string to compare. */
async function tryResult(page: Page, count: number): Promise<string> {
  const results = page.locator('[data-testid=photo] img.after');
  await expect.poll(() => results.count(), { timeout: 60_000 }).toBe(count);
  return results.first().evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    const c = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    return Array.from(ctx.getImageData(0, 0, c.width, c.height).data).join(',');
  });
}

describe('studio: fine-tuning in the browser', () => {
  it('fine-tunes the shipped model on the fastest backend, survives a reload, keeps a model no worse on held-out photos, and exports a model that imports to the same outputs', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${web}/studio`);
    await startRun(page, COLOUR, { steps: 6 });

    // The chooser timed each backend it could and picked the fastest, saying so.
    const chosen = page.getByTestId('studio-backend');
    const timings = JSON.parse((await chosen.getAttribute('data-timings'))!) as { backend: string; ms?: number; skipped?: string }[];
    const reason = await chosen.textContent();
    console.log(`studio chose: ${reason}`);
    const timed = timings.filter((t) => t.ms !== undefined).sort((a, b) => a.ms! - b.ms!);
    expect(timed.length).toBeGreaterThan(0);
    expect(await chosen.getAttribute('data-backend')).toBe(timed[0]!.backend);
    expect(reason).toContain(`Runs on ${timed[0]!.backend}:`);
    for (const t of timings) expect(reason).toContain(t.backend);
    // The chooser times a small test step: its figure says so, and the real step's time is said beside it.
    expect(reason).toContain('a 64 x 64 test step');
    await expect.poll(() => chosen.textContent(), { timeout: 120_000 }).toMatch(/A real 256 x 256 step here: [\d.]+ m?s\./);
    expect(await page.getByTestId('score-psnr-before').count()).toBe(1);

    // No tensor leak in the browser either: the count the worker reports each step stays put.
    const tensors = async () => Number(/(\d+) tensors in memory/.exec((await page.getByTestId('studio-progress').textContent()) ?? '')?.[1]);
    await expect.poll(() => step(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
    const early = await tensors();
    expect(early).toBeGreaterThan(0);
    // Pause part-way: feedback at once, then the checkpoint is written when the step ends.
    await expect.poll(() => step(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await phase(page)).toBe('pausing');
    expect(await status(page).textContent()).toContain('Pausing (finishing this step)');
    await page.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 60_000 });
    expect(await phase(page)).toBe('paused');
    const pausedAt = await step(page);
    expect(await tensors()).toBe(early);
    expect(await chartPoints(page)).toBe(pausedAt);
    expect(await page.getByTestId('preview-now').count()).toBeGreaterThan(0);

    // Reload: photos, charts and checkpoint come back, and training goes on from there.
    await page.reload();
    await expect.poll(() => status(page).textContent(), { timeout: 170_000 }).toContain(`resumed from the checkpoint at step ${pausedAt}`);
    expect(await page.getByTestId('photo-thumb').count()).toBe(COLOUR.length);
    expect(await chartPoints(page)).toBeGreaterThanOrEqual(pausedAt - 5);
    // A setting changed while paused applies on Resume (the session retrains with it).
    await page.getByText('Advanced').click();
    await page.getByLabel(/learning rate/).fill('0.00003');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => status(page).textContent(), { timeout: 170_000 }).toContain('Done: 6 steps');
    expect(await step(page)).toBe(6);
    expect(await page.getByLabel(/learning rate/).inputValue()).toBe('0.00003');
    // Train more after Done: up to the new total.
    await page.getByLabel('Steps to train (total)').fill('8');
    await page.getByRole('button', { name: 'Train more' }).click();
    await expect.poll(() => status(page).textContent(), { timeout: 170_000 }).toContain('Done: 8 steps');
    expect(await page.getByText(/held out to score the model/).count()).toBeGreaterThan(0);

    // The held-out photos, read as the page shows them: what is kept is no worse than the start.
    const psnr = { before: await score(page, 'psnr', 'before'), now: await score(page, 'psnr', 'now'), kept: await score(page, 'psnr', 'kept') };
    const ciede = { before: await score(page, 'ciede2000', 'before'), kept: await score(page, 'ciede2000', 'kept') };
    console.log(`held-out PSNR before ${psnr.before} dB, after 8 steps ${psnr.now}, kept ${psnr.kept}; CIEDE2000 before ${ciede.before}, kept ${ciede.kept}`);
    expect(psnr.kept).toBeGreaterThanOrEqual(psnr.before);
    expect(ciede.kept).toBeLessThanOrEqual(ciede.before);

    // Export, try it; import the downloaded file, try it again: the same pixels.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export your model' }).click()]);
    const file = await download.path();
    expect(JSON.parse(await readFile(file, 'utf8')).weightsManifest[0].weights[0].quantization.dtype).toBe('uint8');
    await page.getByLabel('Colorize a photo with this model').setInputFiles(`${PHOTOS}bw-sample.jpg`);
    const exported = await tryResult(page, 1);
    const tried = page.locator('[data-testid=photo]');
    expect(await tried.getByRole('link', { name: 'Download' }).getAttribute('download')).toBe('bw-sample-colorized.png');
    // The tried photo takes colour points too: one dropped from the keyboard colours it again, without an error.
    const shown = await tried.locator('img.after').getAttribute('src');
    await tried.getByRole('button', { name: 'Add colour points' }).click();
    await tried.getByTestId('photo-box').focus();
    await page.keyboard.press('Enter');
    await tried.getByLabel('More colours').fill('#2050e0');
    await expect.poll(async () => (await tried.getAttribute('data-busy')) === 'false' && (await tried.locator('img.after').getAttribute('src')) !== shown, { timeout: 60_000 }).toBe(true);
    expect(await tried.getByRole('alert').count()).toBe(0);
    // A finished run comes back finished, from its checkpoint, naming the step it kept.
    await page.reload();
    await expect.poll(() => status(page).textContent(), { timeout: 170_000 }).toContain('Done: 8 steps. Kept ');
    // A JSON file that is not a model: said in the error list's words, and nothing else changes.
    await page.getByLabel('Import a model file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"a":1}') });
    await page.getByRole('alert').filter({ hasText: 'That model file cannot be used' }).waitFor({ timeout: 60_000 });
    expect(await phase(page)).toBe('done');
    await page.getByLabel('Import a model file').setInputFiles(file);
    await expect.poll(() => page.getByTestId('trying').textContent(), { timeout: 60_000 }).toContain('Photos you try use the imported model');
    await page.getByLabel('Colorize a photo with this model').setInputFiles(`${PHOTOS}bw-sample.jpg`);
    expect(await tryResult(page, 1)).toBe(exported);
    await context.close();
  });

  it('trains a few steps on WebGPU when Advanced forces it; the new model takes colour points, an imported one without them offers none', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${web}/studio`);
    const adapter = await page.evaluate(async () => Boolean(await (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()));
    expect(adapter).toBe(true); // the launch flags offer one (software here)
    await startRun(page, COLOUR.slice(0, 2), { steps: 3, fresh: { size: 32, ngf: 4 }, backend: 'webgpu' });
    expect(await page.getByTestId('studio-backend').textContent()).toContain('webgpu, chosen in Advanced');
    await expect.poll(() => status(page).textContent(), { timeout: 170_000 }).toContain('Done: 3 steps');
    expect(await chartPoints(page)).toBe(3);

    // A new studio model is made with colour points: a photo tried on it offers them.
    await page.getByLabel('Colorize a photo with this model').setInputFiles(`${PHOTOS}bw-sample.jpg`);
    await tryResult(page, 1);
    const tried = page.locator('[data-testid=photo]');
    expect(await tried.getByRole('button', { name: 'Add colour points' }).count()).toBe(1);
    expect(await tried.getByTestId('no-points').count()).toBe(0);
    // A model from before colour points: no card offers them any more, and each says why.
    await page.getByLabel('Import a model file').setInputFiles({ name: 'old.json', mimeType: 'application/json', buffer: await modelWithoutPoints() });
    await expect.poll(() => page.getByTestId('trying').textContent(), { timeout: 60_000 }).toContain('Photos you try use the imported model before-points 0.');
    await page.getByLabel('Colorize a photo with this model').setInputFiles(`${PHOTOS}bw-sample.jpg`);
    await tryResult(page, 2);
    expect(await tried.getByRole('button', { name: 'Add colour points' }).count()).toBe(0);
    expect(await tried.getByTestId('no-points').allTextContents()).toEqual(Array(2).fill('This model was trained without colour points.'));
    expect(await tried.getByRole('alert').count()).toBe(0);
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
    // Remove it from the keyboard: the session keeps the good photo.
    await page.getByRole('button', { name: 'Remove broken.jpg' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('photo-thumb').count()).toBe(1);
    await context.close();
  });
});
