import type { Page } from 'playwright-core';

export interface Run {
  steps: number;
  /** A new model of this size and width instead of the shipped one. */
  fresh?: { size: number; ngf: number };
  /** Force a backend in Advanced instead of timing them. */
  backend?: 'webgpu' | 'webgl' | 'wasm';
}

/** On /studio: add photos, set up a run, press Prepare, then Start training. */
export async function startRun(page: Page, photos: string[], r: Run): Promise<void> {
  await page.getByLabel('Add colour photos').setInputFiles(photos);
  await page.getByLabel('Steps to train (total)').fill(String(r.steps));
  if (r.fresh || r.backend) await page.getByText('Advanced').click();
  if (r.fresh) {
    await page.getByLabel('Start from').selectOption('new');
    await page.getByLabel('Image size').selectOption(String(r.fresh.size));
    await page.getByLabel(/Model width/).fill(String(r.fresh.ngf));
  }
  if (r.backend) await page.getByLabel('Run on').selectOption(r.backend);
  await page.getByRole('button', { name: 'Prepare' }).click();
  await page.getByRole('button', { name: 'Start training' }).click({ timeout: 170_000 });
}

export const step = async (page: Page) => Number(await page.getByTestId('studio-progress').getAttribute('data-step'));
export const status = (page: Page) => page.getByTestId('studio-status');
export const phase = (page: Page) => status(page).getAttribute('data-phase');
