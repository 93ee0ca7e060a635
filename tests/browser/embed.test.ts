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

  it('the site\'s /embed page shows the snippet and a live demo', async () => {
    const page = await browser.newPage();
    await page.goto(`${web}/embed`);
    expect(await page.getByTestId('snippet').textContent()).toContain('<colorize-image');
    await expect.poll(() => page.getByTestId('demo').getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    await page.close();
  });
});
