import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSite } from '../site.js';
import { CHROMA_OF_IMG, launch } from './chromium.js';
import { PHOTOS } from './fixtures.js';

const web = inject('webUrl');
const edge = inject('edgeUrl');
let browser: Browser;
let thirdParty: Server;
let origin = '';
/** What the third-party page at /pasted holds: the /embed snippet exactly as the site shows it. */
let pasted = '';

beforeAll(async () => {
  browser = await launch();
  // Someone else's site, on another origin: it embeds the script tag and the element.
  thirdParty = createServer(async (req, res) => {
    if (req.url === '/bw.jpg') {
      res.setHeader('Content-Type', 'image/jpeg');
      return res.end(await readFile(`${PHOTOS}bw-sample.jpg`));
    }
    if (req.url === '/pasted') {
      res.setHeader('Content-Type', 'text/html');
      return res.end(`<!doctype html><title>My family</title>\n${pasted}`);
    }
    res.setHeader('Content-Type', 'text/html');
    res.end(`<!doctype html><title>Family album</title>
<script src="${web}/sdk/colorize.js" data-endpoint="${edge}"></script>
<colorize-image id="photo" src="/bw.jpg" alt="Grandma"></colorize-image>`);
  });
  await new Promise<void>((r) => thirdParty.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(thirdParty.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await browser?.close();
  thirdParty?.close();
});

/** Its colorized image, measured in the page: size and largest chroma. */
const colorized = (el: Locator) => el.evaluate(async (e, measure) => {
  const img = e.shadowRoot!.querySelector<HTMLImageElement>('img[part=image]')!;
  return { src: img.src, ...(await (new Function(`return (${measure})(arguments[0])`) as (i: HTMLImageElement) => Promise<{ width: number; chroma: number }>)(img)) };
}, CHROMA_OF_IMG);

/** A free port for a second server of the site. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** Mean channel spread in a column band of a PNG screenshot (fractions of its width): 0 for grey. */
function bandChroma(page: Page, png: Buffer, from: number, to: number): Promise<number> {
  return page.evaluate(async ([b64, from, to]) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
    const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const x0 = Math.floor(bitmap.width * from);
    const d = ctx.getImageData(x0, 0, Math.floor(bitmap.width * to) - x0, bitmap.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += Math.max(Math.abs(d[i]! - d[i + 1]!), Math.abs(d[i + 1]! - d[i + 2]!), Math.abs(d[i]! - d[i + 2]!));
    return sum / (d.length / 4);
  }, [png.toString('base64'), from, to] as const);
}

describe('embedding the SDK', () => {
  it('a page on another origin colorizes through the edge with the script tag and <colorize-image>', async () => {
    const page = await browser.newPage();
    await page.goto(origin);
    const el = page.locator('#photo');
    await expect.poll(() => el.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    const img = (await el.evaluateHandle((e) => e.shadowRoot!.querySelector('img')!)).asElement()!;
    expect(await img.getAttribute('alt')).toBe('Grandma (colorized)');
    expect(await img.getAttribute('src')).toMatch(/^blob:/);
    const m = await img.evaluate(new Function(`return (${CHROMA_OF_IMG})(arguments[0])`) as (i: Element) => Promise<{ width: number; chroma: number }>);
    expect(m.width).toBe(256);
    expect(m.chroma).toBeGreaterThan(10);
    await page.close();
  });

  it('says what went wrong, accessibly, when the photo cannot be colorized', async () => {
    const page = await browser.newPage();
    await page.goto(origin);
    await page.evaluate(() => document.getElementById('photo')!.setAttribute('src', '/missing.jpg'));
    const el = page.locator('#photo');
    await expect.poll(() => el.getAttribute('data-state'), { timeout: 60_000 }).toBe('error');
    const alert = await el.evaluate((e) => e.shadowRoot!.querySelector('[role=alert]')!.textContent);
    expect(alert).toContain('Could not colorize this photo');
    await page.close();
  });

  it('<colorize-image> takes hints as a JSON attribute or a property, colorizes again when they change, and says what is wrong with bad ones', async () => {
    const page = await browser.newPage();
    await page.goto(origin);
    const el = page.locator('#photo');
    const state = () => el.getAttribute('data-state');
    const done = async () => expect.poll(state, { timeout: 60_000 }).toBe('done');
    // A checksum of the shown image's pixels: which colorization is on screen.
    const shown = () => el.evaluate(async (e) => {
      const img = e.shadowRoot!.querySelector('img')!;
      await img.decode();
      const c = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let sum = 0;
      for (let i = 0; i < d.length; i++) sum = (sum * 31 + d[i]!) % 1_000_000_007;
      return sum;
    });
    const alert = () => el.evaluate((e) => e.shadowRoot!.querySelector('[role=alert]')!.textContent);
    await done();
    const plain = await shown();

    await el.evaluate((e) => e.setAttribute('hints', '[{"x": 128, "y": 128, "color": "#ff0000", "size": 9}]'));
    expect(await state()).toBe('loading');
    await done();
    const red = await shown();
    expect(red).not.toBe(plain);

    // The property is the attribute as a list, both ways.
    expect(await el.evaluate((e) => (e as HTMLElement & { hints: unknown }).hints)).toEqual([{ x: 128, y: 128, color: '#ff0000', size: 9 }]);
    await el.evaluate((e) => ((e as HTMLElement & { hints: unknown }).hints = [{ x: 128, y: 128, color: '#2e86c1', size: 9 }]));
    expect(JSON.parse((await el.getAttribute('hints'))!)).toEqual([{ x: 128, y: 128, color: '#2e86c1', size: 9 }]);
    await done();
    const blue = await shown();
    expect([blue === plain, blue === red]).toEqual([false, false]);
    await el.evaluate((e) => ((e as HTMLElement & { hints: unknown }).hints = undefined));
    expect(await el.getAttribute('hints')).toBeNull();
    await done();
    expect(await shown()).toBe(plain);

    // Malformed JSON: the element's error state, in plain words; a hint outside the photo: the worker's message naming it.
    await el.evaluate((e) => e.setAttribute('hints', '[{x: 10, y: 20}'));
    await expect.poll(state, { timeout: 60_000 }).toBe('error');
    expect(await alert()).toMatch(/^Could not colorize this photo: The hints attribute is not JSON/);
    await el.evaluate((e) => e.setAttribute('hints', '[{"x": 300, "y": 20, "color": "#ff0000"}]'));
    await expect.poll(state, { timeout: 60_000 }).toBe('error');
    expect(await alert()).toMatch(/^Could not colorize this photo: Hint 1: x must be a number from 0 to 255/);
    await page.close();
  });

  it('the /embed snippet, pasted as it is into a page on another origin, colorizes there at the edge and on the device', async () => {
    const site = await browser.newPage();
    await site.goto(`${web}/embed`);
    pasted = (await site.getByTestId('snippet').textContent())!;
    await site.close();
    // The site's own address, not a placeholder: the script, the local model, tfjs's .wasm files and the photo.
    expect(pasted).not.toMatch(/example|YOUR-/i);
    expect(pasted).toContain(`<script src="${web}/sdk/colorize.js" data-endpoint="${edge}"`);
    expect(pasted).toContain(`model-url="${web}/models/default/model.json"`);

    const page = await browser.newPage();
    const failures: string[] = [];
    page.on('console', (m) => m.type() === 'error' && failures.push(m.text()));
    await page.goto(`${origin}/pasted`);
    const [atEdge, onDevice] = [page.locator('colorize-image:not([mode])'), page.locator('colorize-image[mode=local]')];
    for (const el of [atEdge, onDevice]) await expect.poll(() => el.getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    for (const el of [atEdge, onDevice]) {
      const m = await colorized(el);
      expect(m.src).toMatch(/^blob:/);
      expect(m.width).toBe(256);
      expect(m.chroma).toBeGreaterThan(10);
    }
    // Every file came from the site across origins, answered with CORS: nothing was refused.
    expect(failures).toEqual([]);
    await page.close();
  });

  it('serves the SDK, the model, tfjs\'s .wasm files and the demo photo to any origin', async () => {
    for (const path of ['/sdk/colorize.js', '/sdk/colorize-local.js', '/models/default/model.json', '/models/default/group1-shard1of1.bin', '/tfjs/tfjs-backend-wasm-simd.wasm', '/demo/bw-taj-mahal.jpg']) {
      const res = await fetch(`${web}${path}`, { headers: { Origin: 'https://someone-else.example' } });
      expect([path, res.status, res.headers.get('access-control-allow-origin')]).toEqual([path, 200, '*']);
      await res.body?.cancel();
    }
  });

  it('/embed: a Copy button beside each snippet, from the mouse or the keyboard, says "Copied"', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web });
    const page = await context.newPage();
    await page.goto(`${web}/embed`);
    // Found by place: once it says "Copied", that is its name.
    const [html, js] = [page.locator('.snippet-head button').nth(0), page.locator('.snippet-head button').nth(1)];
    expect([await html.getAttribute('aria-label'), await js.getAttribute('aria-label')]).toEqual(['Copy the HTML', 'Copy the JavaScript']);
    await html.click();
    await expect.poll(() => html.textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.getByTestId('snippet').textContent());
    expect(await page.getByRole('status').filter({ hasText: 'Copied the HTML to the clipboard' }).count()).toBe(1);
    await js.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(await page.getByTestId('bundler').textContent());
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Copied');
    await context.close();
  });

  it('/embed: the live demo colorizes a whole photo, with a before/after divider moved by the keyboard', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(`${web}/embed`);
    const demo = page.getByTestId('demo');
    await expect.poll(() => demo.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    const box = (await demo.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(500); // shown large, not as a 256 px crop
    const divider = demo.getByRole('slider', { name: 'Before and after: The Taj Mahal' });
    expect(await divider.getAttribute('aria-valuetext')).toBe('50 % original, 50 % colorized');
    // Left of the divider the black-and-white original, right of it the colours.
    let shot = await demo.screenshot();
    const [left, right] = [await bandChroma(page, shot, 0.05, 0.45), await bandChroma(page, shot, 0.55, 0.95)];
    console.log(`demo, mean chroma left and right of the divider: ${left.toFixed(1)}, ${right.toFixed(1)}`);
    expect(left).toBeLessThan(1);
    expect(right).toBeGreaterThan(8);
    await divider.focus();
    await page.keyboard.press('Home');
    expect(await divider.getAttribute('aria-valuetext')).toBe('0 % original, 100 % colorized');
    shot = await demo.screenshot();
    expect(await bandChroma(page, shot, 0.05, 0.45)).toBeGreaterThan(8);
    await page.close();
  });

  it('/embed at 390 px wide: the code wraps inside its box and nothing runs off the screen', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${web}/embed`);
    for (const pre of await page.locator('pre').all()) {
      const fit = await pre.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right }));
      expect(fit.scroll).toBeLessThanOrEqual(fit.client);
      expect(fit.right).toBeLessThanOrEqual(390);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});

// React reports a hydration mismatch only in its development build: /embed under `next dev`.
describe('/embed under next dev', () => {
  let dev: Awaited<ReturnType<typeof startSite>> | undefined;
  beforeAll(async () => {
    dev = await startSite(await freePort(), edge, 'dev');
  }, 300_000);
  afterAll(() => dev?.stop());

  it('hydrates without a mismatch: the console has no hydration error once the demo has colorized', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${dev!.url}/embed`, { timeout: 240_000 });
    await expect.poll(() => page.getByTestId('demo').getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    expect(errors.filter((e) => /hydrat|did ?n[o']t match/i.test(e))).toEqual([]);
    await page.close();
  });
});
