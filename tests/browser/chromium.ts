import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this machine needs (and WebGPU on, which needs them too). */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu', '--disable-dev-shm-usage'],
  });
}

/** Largest per-pixel channel spread of an <img> (0 for a grey image), measured in the page. */
export const CHROMA_OF_IMG = `async (img) => {
  await img.decode();
  const c = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  let m = 0;
  for (let i = 0; i < d.length; i += 4) m = Math.max(m, Math.abs(d[i] - d[i + 1]), Math.abs(d[i + 1] - d[i + 2]));
  return { width: img.naturalWidth, height: img.naturalHeight, chroma: m };
}`;

/**
 * Record the bytes of every POST to the colorize API the page makes (Chromium reports no body
 * size for a Blob body): call before the page loads; read with `uploads(page)`.
 */
export async function recordUploads(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const sizes: number[] = [];
    (window as unknown as { colorizeUploads: number[] }).colorizeUploads = sizes;
    const original = window.fetch;
    window.fetch = async (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('/v1/colorize') && init?.body) sizes.push((await new Response(init.body).arrayBuffer()).byteLength);
      return original(input, init);
    };
  });
}

export const uploads = (page: Page) => page.evaluate(() => (window as unknown as { colorizeUploads: number[] }).colorizeUploads);
