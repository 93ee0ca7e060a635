import type { Page } from 'playwright-core';

export interface NewModel {
  size: number;
  ngf: number;
  steps: number;
  previewEvery: number;
  checkpointEvery?: number;
}

/** On /studio with photos added: set up a new small model, press Prepare, then Start training. */
export async function trainNewModel(page: Page, photos: string[], m: NewModel): Promise<void> {
  await page.getByLabel('Add colour photos').setInputFiles(photos);
  await page.getByLabel('Start from').selectOption('new');
  await page.getByLabel('Image size').selectOption(String(m.size));
  await page.getByLabel('Width of a new model (ngf)').fill(String(m.ngf));
  await page.getByLabel('Steps', { exact: true }).fill(String(m.steps));
  await page.getByLabel('Preview every (steps)').fill(String(m.previewEvery));
  if (m.checkpointEvery) await page.getByLabel('Checkpoint every (steps)').fill(String(m.checkpointEvery));
  await page.getByRole('button', { name: 'Prepare' }).click();
  await page.getByRole('button', { name: 'Start training' }).click({ timeout: 120_000 });
}
