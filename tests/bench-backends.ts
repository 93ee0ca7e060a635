/**
 * npm run bench -w tests: training steps/s per TensorFlow.js backend (webgpu, webgl, wasm) for
 * the same model, in one run of Debian's headless Chromium (software adapters on a machine
 * without a GPU). Options: BENCH_SIZE (64), BENCH_NGF (16), BENCH_STEPS (5).
 */
import { launch } from './browser/chromium.js';
import { startSite } from './site.js';

const size = process.env.BENCH_SIZE ?? '64';
const ngf = process.env.BENCH_NGF ?? '16';
const steps = process.env.BENCH_STEPS ?? '5';
const site = await startSite(3196, 'http://127.0.0.1:8787');
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(`${site.url}/bench?size=${size}&ngf=${ngf}&steps=${steps}`);
  await page.getByRole('button', { name: 'Run' }).click();
  await page.locator('[data-testid=bench][data-state=done]').waitFor({ timeout: 600_000 });
  const rows = await page.locator('[data-testid=bench] tbody tr').allTextContents();
  const gpu = await page.evaluate(async () => {
    const a = await (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: { vendor: string; architecture: string } } | null> } }).gpu?.requestAdapter();
    return a?.info ? `${a.info.vendor} ${a.info.architecture}` : 'none';
  });
  console.log(`pix2pix training step, ${size}x${size}, ngf/ndf ${ngf}, batch 1, mean of ${steps} after a warm-up; WebGPU adapter: ${gpu}`);
  for (const r of await page.locator('[data-testid=bench] tbody tr').all()) {
    const cells = await r.locator('td').allTextContents();
    console.log(`${cells[0]!.padEnd(8)} ${cells[1]!.padStart(8)} steps/s ${cells[2]!.padStart(8)} ms/step ${cells[3]}`);
  }
  if (rows.length === 0) throw new Error('the bench page produced no rows');
} finally {
  await browser.close();
  site.stop();
}
