import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMA_OF_IMG, launch } from './chromium.js';
import { PHOTOS } from './fixtures.js';

const web = inject('webUrl');
const edge = inject('edgeUrl');
let browser: Browser;
let thirdParty: Server;
let origin = '';

beforeAll(async () => {
  browser = await launch();
  // Someone else's site, on another origin: it embeds the script tag and the element.
  thirdParty = createServer(async (req, res) => {
    if (req.url === '/bw.jpg') {
      res.setHeader('Content-Type', 'image/jpeg');
      return res.end(await readFile(`${PHOTOS}bw-sample.jpg`));
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

  it('the site\'s /embed page shows the snippet and a live demo', async () => {
    const page = await browser.newPage();
    await page.goto(`${web}/embed`);
    expect(await page.getByTestId('snippet').textContent()).toContain('<colorize-image');
    await expect.poll(() => page.getByTestId('demo').getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    await page.close();
  });
});
