import { readFile } from 'node:fs/promises';
import type { Browser, ElementHandle, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMA_OF_IMG, launch } from './chromium.js';
import { COLOUR, PHOTOS } from './fixtures.js';

const web = inject('webUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const measure = (img: ElementHandle) => img.evaluate(new Function(`return (${CHROMA_OF_IMG})(arguments[0])`) as (i: Element) => Promise<{ width: number; height: number; chroma: number }>);

/** A result card's image, once the newest colorize (after `old`, when given) has come back. */
async function nextResult(card: Locator, old?: string | null): Promise<string> {
  const img = card.locator('img.after');
  await expect.poll(async () => (await card.getAttribute('data-busy')) === 'false' && (await img.getAttribute('src')) !== old, { timeout: 60_000 }).toBe(true);
  return (await img.getAttribute('src'))!;
}

async function upload(page: Page, ...files: string[]): Promise<Locator> {
  await page.goto(web);
  await page.getByLabel('Choose photos to colorize').setInputFiles(files);
  const cards = page.locator('[data-testid=photo]');
  await page.locator('[data-testid=photo][data-state=done]').nth(files.length - 1).waitFor({ timeout: 60_000 });
  return cards;
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);

describe('home page: colorize a photo (Chromium against next start and the worker in workerd)', () => {
  it('uploads a real black-and-white photo and gets a coloured result of the same size', async () => {
    const page = await browser.newPage();
    await page.goto(web);
    await page.getByLabel('Choose photos to colorize').setInputFiles(`${PHOTOS}bw-sample.jpg`);
    const card = page.locator('[data-testid=photo][data-state=done]');
    await card.waitFor({ timeout: 60_000 });
    expect(await card.locator('.status', { hasText: 'colorized at the edge' }).count()).toBe(1);
    const result = await measure((await card.locator('img.after').elementHandle())!);
    expect(result).toMatchObject({ width: 256, height: 256 });
    expect(result.chroma).toBeGreaterThan(10);
    expect(await card.getByRole('link', { name: 'Download' }).getAttribute('download')).toBe('bw-sample-colorized.png');
    await page.close();
  });

  it('refuses a file that is not an image by its bytes, before sending it, and shows no broken image for a damaged one', async () => {
    const page = await browser.newPage();
    await page.goto(web);
    const edge = (await page.locator('meta[name=colorize-edge]').getAttribute('content'))!;
    const sent: string[] = [];
    page.on('request', (r) => r.url().startsWith(edge) && r.method() === 'POST' && sent.push(r.url()));
    const photo = await readFile(`${PHOTOS}bw-sample.jpg`);
    await page.getByLabel('Choose photos to colorize').setInputFiles([
      { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not really a jpeg') },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') },
      // A real JPEG's start, cut short: a photo by its bytes, so it goes to the worker, which says it is damaged.
      { name: 'cut.jpg', mimeType: 'image/jpeg', buffer: photo.subarray(0, 400) },
    ]);
    const alerts = page.locator('[data-testid=photo][data-state=error] [role=alert]');
    await expect.poll(() => alerts.count(), { timeout: 30_000 }).toBe(3);
    const texts = (await alerts.allTextContents()).sort();
    expect(texts[0]).toContain('broken.jpg is not a JPEG, PNG or WebP image');
    expect(texts[1]).toBe('cut.jpg could not be read: the file is damaged or incomplete.');
    expect(texts[2]).toContain('notes.txt is not a JPEG, PNG or WebP image');
    // Only the JPEG went to the worker; no card shows an image the browser cannot draw.
    expect(sent).toHaveLength(1);
    const images = await page.locator('[data-testid=photo] img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
    expect(images.filter((w) => w === 0)).toEqual([]);
    // Trying the same file again cannot help, so nothing offers it.
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await page.close();
  });

  it('offers "Try again" when the service cannot be reached, and it works once it can', async () => {
    const page = await browser.newPage();
    await page.goto(web);
    const edge = await page.locator('meta[name=colorize-edge]').getAttribute('content');
    await page.route(`${edge}/**`, (route) => route.abort('internetdisconnected'));
    await page.getByLabel('Choose photos to colorize').setInputFiles(`${PHOTOS}bw-sample.jpg`);
    const card = page.locator('[data-testid=photo]');
    await card.getByRole('alert').filter({ hasText: 'Could not reach the colorize service' }).waitFor({ timeout: 30_000 });
    await page.unroute(`${edge}/**`);
    await card.getByRole('button', { name: 'Try again' }).click();
    await page.locator('[data-testid=photo][data-state=done]').waitFor({ timeout: 60_000 });
    expect(await card.getByRole('alert').count()).toBe(0);
    await page.close();
  });

  it('offers "Try again" when the model cannot be fetched to colorize on this device, and it fetches it again', async () => {
    const page = await browser.newPage();
    await page.goto(web);
    await page.route('**/models/default/**', (route) => route.abort('internetdisconnected'));
    await page.getByLabel(/Colorize on this device/).check();
    await page.getByLabel('Choose photos to colorize').setInputFiles(`${PHOTOS}bw-sample.jpg`);
    const card = page.locator('[data-testid=photo]');
    await card.getByRole('alert').filter({ hasText: 'The colorizing model could not be loaded' }).waitFor({ timeout: 120_000 });
    await page.unroute('**/models/default/**');
    await card.getByRole('button', { name: 'Try again' }).click();
    await page.locator('[data-testid=photo][data-state=done]').waitFor({ timeout: 120_000 });
    expect(await card.locator('.status', { hasText: 'colorized on this device' }).count()).toBe(1);
    expect(await card.getByRole('alert').count()).toBe(0);
    await page.close();
  });

  it('colorizes on this device when asked, and says which backend ran', async () => {
    const page = await browser.newPage();
    await page.goto(web);
    await page.getByLabel(/Colorize on this device/).check();
    await page.getByLabel('Choose photos to colorize').setInputFiles(`${PHOTOS}bw-sample.jpg`);
    const card = page.locator('[data-testid=photo][data-state=done]');
    await card.waitFor({ timeout: 120_000 });
    expect(await card.locator('.status', { hasText: 'colorized on this device' }).count()).toBe(1);
    const backend = await page.getByTestId('backend').textContent();
    console.log(`on-device colorize ran on: ${backend}`);
    expect(backend).toMatch(/webgpu|webgl|wasm/);
    const result = await measure((await card.locator('img.after').elementHandle())!);
    expect(result).toMatchObject({ width: 256, height: 256 });
    expect(result.chroma).toBeGreaterThan(10);
    await page.close();
  });

  it('says what the first on-device run is doing while the model downloads and a backend is chosen, and fetches the model once', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const fetched: string[] = [];
    page.on('request', (r) => r.url().includes('/models/default/') && fetched.push(new URL(r.url()).pathname));
    // Every text a card's status says, in order, as a screen reader hears it.
    await page.addInitScript(() => {
      const said: string[] = [];
      (window as unknown as { said: string[] }).said = said;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-testid=photo] [role=status]')) {
          const text = el.textContent?.trim();
          if (text && !said.includes(text)) said.push(text);
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(web);
    // The model at 1 MB/s, as on a slow line: its download takes long enough to be followed.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: 1_000_000, uploadThroughput: -1 });
    await page.getByLabel(/Colorize on this device/).check();
    await page.getByLabel('Choose photos to colorize').setInputFiles(`${PHOTOS}bw-sample.jpg`);
    await page.locator('[data-testid=photo][data-state=done]').waitFor({ timeout: 180_000 });
    const said = await page.evaluate(() => (window as unknown as { said: string[] }).said);
    console.log(`the first on-device run said: ${said.join(' | ')}`);
    const downloading = said.findIndex((t) => /^Downloading the model, 3\.6 MB… [1-9]0 %$/.test(t));
    const choosing = said.indexOf('Choosing the fastest way to run it on this device…');
    const done = said.findIndex((t) => t.startsWith('colorized on this device'));
    expect(downloading).toBeGreaterThanOrEqual(0);
    expect([downloading < choosing, choosing < done]).toEqual([true, true]);
    // model.json and its weights once each, though every backend was timed on them.
    expect(fetched.sort()).toEqual(['/models/default/group1-shard1of1.bin', '/models/default/model.json']);
    // A second photo uses the same colorizer: nothing more is fetched.
    await page.getByLabel('Choose photos to colorize').setInputFiles(COLOUR[0]!);
    await page.locator('[data-testid=photo][data-state=done]').nth(1).waitFor({ timeout: 120_000 });
    expect(fetched).toHaveLength(2);
    await context.close();
  });

  it('on a phone: every control of a card is at least 44 px, and "Colorize on this device" sits beside its checkbox', async () => {
    const context = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const card = await upload(page, `${PHOTOS}bw-sample.jpg`);
    const size = async (l: Locator) => {
      const b = (await l.boundingBox())!;
      return { width: Math.round(b.width), height: Math.round(b.height) };
    };
    const targets = async (...controls: Locator[]) => {
      for (const c of controls) {
        const s = await size(c);
        expect({ control: await c.evaluate((e) => e.getAttribute('aria-label') ?? e.textContent), big: s.width >= 44 && s.height >= 44 }).toEqual({ control: expect.any(String), big: true });
      }
    };
    await targets(
      card.getByRole('button', { name: 'Compare' }), card.getByRole('button', { name: 'Add colour points' }),
      card.getByRole('button', { name: /^Remove / }), card.getByRole('slider', { name: /^Saturation/ }), card.getByRole('link', { name: 'Download' }),
    );
    await card.getByRole('button', { name: 'Add colour points' }).tap();
    const photo = (await card.getByTestId('photo-box').boundingBox())!;
    await page.touchscreen.tap(photo.x + photo.width / 2, photo.y + photo.height / 2);
    const picker = card.getByRole('dialog', { name: 'Colour of point 1' });
    await targets(...(await picker.getByRole('radio').all()), picker.getByLabel('More colours'), picker.getByRole('button', { name: 'Remove point' }), picker.getByRole('button', { name: 'Done' }));
    await picker.getByRole('button', { name: 'Done' }).tap();
    await targets(card.getByRole('button', { name: 'Clear all points' }));

    // The checkbox beside the first line of its words, however they wrap.
    const { box, line } = await page.locator('label.check').evaluate((label) => {
      const range = document.createRange();
      range.selectNodeContents(label.querySelector('span')!);
      const first = range.getClientRects()[0]!;
      const b = label.querySelector('input')!.getBoundingClientRect();
      return { box: { right: b.right, middle: (b.top + b.bottom) / 2 }, line: { left: first.left, top: first.top, bottom: first.bottom } };
    });
    expect(line.left - box.right).toBeGreaterThanOrEqual(0);
    expect(line.left - box.right).toBeLessThan(16);
    expect(box.middle).toBeGreaterThan(line.top);
    expect(box.middle).toBeLessThan(line.bottom);
    await context.close();
  });

  it('keeps the keyboard focus and the divider where they were while the saturation changes', async () => {
    const page = await browser.newPage();
    const card = await upload(page, `${PHOTOS}bw-sample.jpg`);
    const first = await nextResult(card);
    const divider = card.getByRole('slider', { name: /Before and after divider/ });
    expect(await divider.getAttribute('aria-valuenow')).toBe('50');
    // Moved on the photo itself with the mouse, then with the keyboard.
    const box = (await card.getByTestId('photo-box').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.8);
    expect(Number(await divider.getAttribute('aria-valuenow'))).toBeCloseTo(25, -1);
    await divider.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await divider.getAttribute('aria-valuenow')).toBe('89');
    // Tabbing onto the saturation slider changes nothing; an arrow key there recolorizes.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Saturation for bw-sample.jpg');
    expect(await card.getAttribute('data-busy')).toBe('false');
    await page.keyboard.press('ArrowRight');
    expect(await card.getByText('Saturation 1.1').count()).toBe(1);
    await nextResult(card, first);
    expect(await focused(page)).toBe('Saturation for bw-sample.jpg');
    expect(await divider.getAttribute('aria-valuenow')).toBe('89');
    await page.close();
  });

  it('removes a result card from the keyboard, and the focus moves to the next one', async () => {
    const page = await browser.newPage();
    const cards = await upload(page, `${PHOTOS}bw-sample.jpg`, COLOUR[0]!);
    const [firstName, secondName] = await cards.locator('.name').allTextContents();
    await page.getByRole('button', { name: `Remove ${firstName}` }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => cards.count()).toBe(1);
    expect(await cards.locator('.name').textContent()).toBe(secondName);
    await expect.poll(() => focused(page)).toBe(`Remove ${secondName}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => cards.count()).toBe(0);
    await expect.poll(() => focused(page)).toBe('Choose photos');
    await page.close();
  });

  it('shows a focus ring on the file button when the keyboard reaches it', async () => {
    const page = await browser.newPage();
    await page.goto(web);
    for (let i = 0; i < 10 && (await focused(page)) !== 'Choose photos'; i++) await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      const { width, height } = el.getBoundingClientRect();
      return { text: el.textContent, tag: el.tagName, width, height, outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth), shadow: style.boxShadow };
    });
    expect(ring).toMatchObject({ text: 'Choose photos', tag: 'BUTTON' });
    expect(ring.width).toBeGreaterThan(20);
    expect(ring.height).toBeGreaterThan(20);
    expect((ring.outline !== 'none' && ring.outlineWidth >= 2) || ring.shadow !== 'none').toBe(true);
    await page.close();
  });

  it('speaks of clicking, dropping and pasting on a touch laptop with a mouse', async () => {
    // Such a laptop has touch events, but its main pointer is the mouse (pointer: fine).
    const page = await browser.newPage();
    await page.addInitScript(() => Object.defineProperty(window, 'ontouchstart', { value: null, configurable: true }));
    const card = await upload(page, `${PHOTOS}bw-sample.jpg`);
    expect(await page.evaluate(() => 'ontouchstart' in window)).toBe(true);
    expect(await page.getByText('Drop photos here, paste them, or').count()).toBe(1);
    await card.getByRole('button', { name: 'Add colour points' }).click();
    expect(await card.getByText('Click the photo to add a colour point: it colours the area around it.').count()).toBe(1);
    await page.close();
  });

  it('speaks of tapping on a touch screen', async () => {
    const context = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    const card = await upload(page, `${PHOTOS}bw-sample.jpg`);
    const words = await page.locator('main').innerText();
    expect(words).not.toMatch(/drop|paste/i);
    await card.getByRole('button', { name: 'Add colour points' }).tap();
    expect(await card.getByText('Tap the photo to add a colour point: it colours the area around it.').count()).toBe(1);
    expect(await page.locator('main').innerText()).not.toMatch(/click|drop|paste/i);
    await context.close();
  });
});
