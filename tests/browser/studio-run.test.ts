import type { Browser, Locator, Page } from 'playwright-core';
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

/** The studio's Web Workers alive in the page (each one trains or tries models). */
const workers = (page: Page) => page.workers().length;

/** Whether an element is inside the window as the page is scrolled now. */
async function inView(page: Page, l: Locator): Promise<boolean> {
  const box = await l.boundingBox();
  const height = page.viewportSize()!.height;
  return box !== null && box.y >= 0 && box.y + box.height <= height;
}

describe('studio: a run as a person sees it', () => {
  it('an empty studio shows no empty charts, and imports and tries a model file with no photos, its errors beside the button', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${web}/studio`);
    await expect.poll(() => phase(page)).toBe('empty');
    expect(await page.locator('[data-testid^=chart-]').count()).toBe(0);
    expect(await page.getByTestId('trying').textContent()).toContain('Photos you try use the default model.');

    // A file that is not a model: said beside the Import button, where the person is looking.
    const use = page.getByRole('region', { name: '4. Export, import and try' });
    await page.getByRole('button', { name: 'Import model' }).scrollIntoViewIfNeeded();
    await page.getByLabel('Import a model file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"a":1}') });
    const problem = use.getByRole('alert').filter({ hasText: 'That model file cannot be used' });
    await problem.waitFor({ timeout: 120_000 });
    expect(await inView(page, problem)).toBe(true);
    await page.getByLabel('Import a model file').setInputFiles({ name: 'text.json', mimeType: 'application/json', buffer: Buffer.from('not json') });
    await use.getByRole('alert').filter({ hasText: 'text.json is not a Colorize model file' }).waitFor({ timeout: 10_000 });

    // A model exported earlier: imported and tried with no photos added, nothing prepared.
    await page.getByLabel('Import a model file').setInputFiles({ name: 'old.json', mimeType: 'application/json', buffer: await modelWithoutPoints() });
    await expect.poll(() => page.getByTestId('trying').textContent(), { timeout: 60_000 }).toContain('Photos you try use the imported model before-points 0.');
    expect(await use.getByRole('alert').count()).toBe(0);
    await page.getByLabel('Colorize a photo with this model').setInputFiles(`${PHOTOS}bw-sample.jpg`);
    await page.locator('[data-testid=photo] img.after').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('no-points').count()).toBe(1);
    expect(await page.getByTestId('photo-thumb').count()).toBe(0);
    expect(await page.locator('[data-testid^=chart-]').count()).toBe(0);
    await context.close();
  });

  it('a reload during training resumes one worker, paused; at the end it says which step it kept, and why; back to the default model', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${web}/studio`);
    await startRun(page, COLOUR.slice(0, 2), { steps: 1000, fresh: { size: 32, ngf: 4 }, backend: 'wasm' });
    expect(await page.locator('[data-testid^=chart-]').count()).toBe(0); // no scores yet, no charts yet
    expect(await page.getByTestId('watch').count()).toBe(1);

    // A checkpoint (at a pause), more training, then a reload while it trains.
    await expect.poll(() => step(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).click({ timeout: 60_000 });
    const checkpoint = Number(/saved at step (\d+)/.exec((await page.getByTestId('studio-progress').textContent())!)![1]);
    await expect.poll(() => step(page), { timeout: 60_000 }).toBeGreaterThan(checkpoint + 2);
    expect(await phase(page)).toBe('training');
    await page.reload();
    await expect.poll(() => status(page).textContent(), { timeout: 120_000 }).toContain(`resumed from the checkpoint at step ${checkpoint}`);
    // One worker, and it waits for Resume: no steps go on behind a page that says "Paused".
    expect(workers(page)).toBe(1);
    await page.waitForTimeout(3000);
    expect(await step(page)).toBe(checkpoint);
    expect(await phase(page)).toBe('paused');
    expect(workers(page)).toBe(1);

    // A few more steps to the end: the page names the kept step, the one Export and Try use.
    await page.getByLabel('Steps to train (total)').fill(String(checkpoint + 4));
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => status(page).textContent(), { timeout: 120_000 }).toContain(`Done: ${checkpoint + 4} steps.`);
    const kept = Number(/kept \(step (\d+)\)/.exec((await page.getByTestId('scores').textContent())!)?.[1] ?? 0);
    const done = (await status(page).textContent())!;
    console.log(`studio done: ${done}`);
    expect(done).toContain(kept > 0 ? `Kept step ${kept}: the best on unseen parts of your photos` : 'Kept the starting model (step 0)');
    const result = page.getByTestId('studio-result');
    expect(await result.textContent()).toMatch(/On unseen parts of your photos: [+-]\d+\.\d dB/);
    expect(await page.locator('[data-testid^=chart-]').count()).toBe(6);
    expect(await page.getByTestId('watch-now').count()).toBe(1);
    expect(workers(page)).toBe(1);

    // Back to the default model: tried photos use it, and the person can come back to theirs.
    await result.getByRole('button', { name: 'Back to the default model' }).click();
    await expect.poll(() => page.getByTestId('trying').textContent(), { timeout: 60_000 }).toContain('Photos you try use the default model.');
    await result.getByRole('button', { name: 'Use your model again' }).click();
    await expect.poll(() => page.getByTestId('trying').textContent(), { timeout: 60_000 }).toContain(`your model (kept step ${kept})`);

    // Their own black-and-white photo, watched: coloured by the kept model.
    await page.getByLabel('Watch a black-and-white photo of yours as it trains').setInputFiles(`${PHOTOS}bw-sample.jpg`);
    await page.getByTestId('watch').getByText(`now (kept step ${kept})`).waitFor({ timeout: 60_000 });
    await page.getByTestId('watch-now').waitFor({ timeout: 60_000 });
    await context.close();
  });
});
