import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch } from './chromium.js';
import { PHOTOS } from './fixtures.js';

const web = inject('webUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

// A phone-style portrait: 256x192 stored, EXIF orientation 6, so 192x256 as a person sees it.
const PORTRAIT = `${PHOTOS}exif-orientation-6.jpg`;
const UPRIGHT = { width: 192, height: 256 };
// Tall enough that the whole card shows: the mouse clicks where the photo is on screen, unscrolled.
const viewport = { width: 1280, height: 1200 };

/** The card's result once the newest colorize (after `old`, when given) is back. */
async function nextResult(card: Locator, old?: string | null): Promise<string> {
  const img = card.locator('img.after');
  await expect.poll(async () => (await card.getAttribute('data-busy')) === 'false' && (await img.getAttribute('src')) !== old, { timeout: 60_000 }).toBe(true);
  return (await img.getAttribute('src'))!;
}

/** Upload the portrait (colorized at the edge, or on the device), wait for its result and switch the card to colour points. */
async function portraitCard(page: Page, onDevice = false): Promise<Locator> {
  await page.goto(web);
  if (onDevice) await page.getByLabel(/Colorize on this device/).check();
  await page.getByLabel('Choose photos to colorize').setInputFiles(PORTRAIT);
  const card = page.locator('[data-testid=photo][data-state=done]');
  await card.waitFor({ timeout: 120_000 });
  await card.getByRole('button', { name: 'Add colour points' }).click();
  return card;
}

/** Mean RGB of the result in a square of photo pixels around (x, y). */
function meanAround(card: Locator, x: number, y: number, r: number): Promise<[number, number, number]> {
  return card.locator('img.after').evaluate(async (img: HTMLImageElement, [x, y, r]) => {
    await img.decode();
    const ctx = new OffscreenCanvas(img.naturalWidth, img.naturalHeight).getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(x - r, y - r, 2 * r + 1, 2 * r + 1).data;
    let [red, green, blue] = [0, 0, 0];
    for (let i = 0; i < d.length; i += 4) {
      red += d[i]!;
      green += d[i + 1]!;
      blue += d[i + 2]!;
    }
    const n = d.length / 4;
    return [red / n, green / n, blue / n] as [number, number, number];
  }, [x, y, r] as const);
}

/** Where a fraction of the displayed photo is on screen, and which photo pixel that is. */
async function spot(card: Locator, fx: number, fy: number) {
  const photo = card.getByTestId('photo-box');
  await photo.scrollIntoViewIfNeeded();
  const box = (await photo.boundingBox())!;
  return {
    screen: { x: box.x + box.width * fx, y: box.y + box.height * fy },
    photo: { x: Math.floor(fx * UPRIGHT.width), y: Math.floor(fy * UPRIGHT.height) },
    scale: box.width / UPRIGHT.width,
  };
}

/** A point's colour picker, by the point's number. */
const pickerOf = (card: Locator, n: number) => card.getByRole('dialog', { name: `Colour of point ${n}` });

const activeLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? (document.activeElement as HTMLElement | null)?.innerText);

describe('colour points on a result (Chromium against next start and the worker in workerd)', () => {
  it('drops points by click and by keyboard, moves and removes them, and downloads the result at the photo\'s full size', async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport });
    const page = await context.newPage();
    const card = await portraitCard(page);
    const first = await nextResult(card);
    expect(await card.getByText('Click the photo to add a colour point: it colours the area around it.').count()).toBe(1);
    // The photo is shown larger than its pixels: points must be placed in its own.
    const at = await spot(card, 0.3, 0.7);
    expect(at.scale).toBeGreaterThan(1.2);

    // Click: a point, and a colour picker preset to the colour the result has there, which has the focus.
    await page.mouse.click(at.screen.x, at.screen.y);
    const points = card.getByTestId('point');
    expect(await points.count()).toBe(1);
    const picker = card.getByLabel('More colours');
    expect(await activeLabel(page)).toBe('The model\'s colour here');
    const preset = await picker.inputValue();
    const there = await meanAround(card, at.photo.x, at.photo.y, 2);
    const rgb = [1, 3, 5].map((i) => parseInt(preset.slice(i, i + 2), 16));
    rgb.forEach((v, c) => expect(Math.abs(v - there[c]!)).toBeLessThan(12));
    // The marker sits where the click was.
    const mark = (await points.first().boundingBox())!;
    expect(Math.abs(mark.x + mark.width / 2 - at.screen.x)).toBeLessThan(at.scale + 1);
    expect(Math.abs(mark.y + mark.height / 2 - at.screen.y)).toBeLessThan(at.scale + 1);

    // A new colour recolorizes (busy at once, then a new result), and Done closes the picker.
    await picker.fill('#c02090');
    expect(await card.getAttribute('data-busy')).toBe('true');
    const second = await nextResult(card, first);
    await card.getByRole('button', { name: 'Done' }).click();
    expect(await pickerOf(card, 1).count()).toBe(0);

    // Drag it elsewhere: still one point, now there.
    const to = await spot(card, 0.6, 0.3);
    await page.mouse.move(mark.x + mark.width / 2, mark.y + mark.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.screen.x, to.screen.y, { steps: 5 });
    await page.mouse.up();
    expect(await points.count()).toBe(1);
    expect(await pickerOf(card, 1).count()).toBe(0); // a drag is not a click
    const moved = (await points.first().boundingBox())!;
    expect(Math.abs(moved.y + moved.height / 2 - to.screen.y)).toBeLessThan(to.scale + 1);
    // Named by where it is, not by a hex code.
    expect(await points.first().getAttribute('aria-label')).toBe('Colour point 1, top centre');
    const third = await nextResult(card, second);

    // Keyboard: focus the photo, move the crosshair, Enter drops a point and opens its colour.
    // A polite live region says where the crosshair is, and the point under it, in words.
    const where = card.getByTestId('where');
    expect(await where.getAttribute('aria-live')).toBe('polite');
    await card.getByTestId('photo-box').focus();
    expect(await where.textContent()).toBe('Crosshair 50 % across, 50 % down');
    await page.keyboard.press('Shift+ArrowDown'); // 26 of 256 rows
    await page.keyboard.press('ArrowLeft'); // 2 of 192 columns
    expect(await where.textContent()).toBe('Crosshair 49 % across, 60 % down');
    await page.keyboard.press('Enter');
    expect(await points.count()).toBe(2);
    expect(await where.textContent()).toBe('Crosshair 49 % across, 60 % down; on colour point 2');
    expect(await points.nth(1).getAttribute('aria-label')).toBe('Colour point 2, centre');
    expect(await activeLabel(page)).toBe('The model\'s colour here');
    expect(await pickerOf(card, 2).count()).toBe(1);
    // Escape closes the point's picker, and the photo has the focus again.
    await page.keyboard.press('Escape');
    expect(await pickerOf(card, 2).count()).toBe(0);
    expect(await activeLabel(page)).toBe('exif-orientation-6.jpg: colour points');
    await page.keyboard.press('Delete');
    expect(await points.count()).toBe(1);
    // A point's own button: the arrows move it, the live region following it, and Backspace removes it too.
    expect(await card.getByText('On a focused point, the arrows move the point').count()).toBe(1);
    await points.first().focus();
    const across = async () => Number(/^Colour point 1, (\d+) % across, \d+ % down$/.exec((await where.textContent()) ?? '')?.[1]);
    await page.keyboard.press('ArrowRight');
    const start = await across();
    expect(start).toBeCloseTo(61, -1);
    await page.keyboard.press('Shift+ArrowRight'); // 19 of 192 columns: 9.9 %
    expect(Math.abs(await across() - start - 10)).toBeLessThanOrEqual(1);
    await page.keyboard.press('Backspace');
    expect(await points.count()).toBe(0);
    // "Clear all" and its way back.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    expect(await pickerOf(card, 1).count()).toBe(0);
    expect(await points.count()).toBe(1);
    await card.getByRole('button', { name: 'Clear all points' }).click();
    expect(await points.count()).toBe(0);
    await card.getByRole('button', { name: 'Bring back the point' }).click();
    expect(await points.count()).toBe(1);
    const last = await nextResult(card, third);

    // Download: the result with the points, at the size of the photo as a person sees it.
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe('exif-orientation-6-colorized.png');
    const png = await readFile(await download.path());
    expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual(UPRIGHT);
    expect(await card.getByRole('link', { name: 'Download' }).getAttribute('href')).toBe(last);
    await context.close();
  });

  it('keeps the points and says why when colorizing again fails, and Try again picks up from there', async () => {
    const page = await browser.newPage({ viewport });
    const card = await portraitCard(page);
    const first = await nextResult(card);
    const at = await spot(card, 0.5, 0.5);
    await page.mouse.click(at.screen.x, at.screen.y);
    const edge = await page.locator('meta[name=colorize-edge]').getAttribute('content');
    await page.route(`${edge}/**`, (route) => route.abort('internetdisconnected'));
    await card.getByLabel('More colours').fill('#2050e0');
    await card.getByRole('alert').filter({ hasText: 'Could not reach the colorize service' }).waitFor({ timeout: 30_000 });
    expect(await card.getByRole('alert').textContent()).toContain('Your colour points are kept.');
    expect(await card.getByTestId('point').count()).toBe(1);
    expect(await card.getByLabel('More colours').inputValue()).toBe('#2050e0');
    expect(await card.locator('img.after').getAttribute('src')).toBe(first); // the last colours stay on show
    await page.unroute(`${edge}/**`);
    await card.getByRole('button', { name: 'Try again' }).click();
    await nextResult(card, first);
    expect(await card.getByRole('alert').count()).toBe(0);
    expect(await card.getByTestId('point').count()).toBe(1);
    await page.close();
  });

  // Needs a model trained with hints (a partly trained one is enough), and the edge and the SDK taking them.
  it.each([['at the edge', false], ['on this device', true]])('paints the picked colour where the point is, %s', async (where, onDevice) => {
    const page = await browser.newPage({ viewport });
    const card = await portraitCard(page, onDevice);
    expect(await card.getByText(`colorized ${where}`).count()).toBe(1);
    const first = await nextResult(card);
    const at = await spot(card, 0.3, 0.7);
    const before = await meanAround(card, at.photo.x, at.photo.y, 6);
    await page.mouse.click(at.screen.x, at.screen.y);
    // Magenta, far from anything the model gives this mossy log by itself.
    await card.getByLabel('More colours').fill('#d020d0');
    await nextResult(card, first);
    expect(await card.getByRole('alert').count()).toBe(0);
    const after = await meanAround(card, at.photo.x, at.photo.y, 6);
    const magenta = ([r, g, b]: number[]) => (r! + b!) / 2 - g!;
    console.log(`${where}, around the point: rgb ${before.map(Math.round)} -> ${after.map(Math.round)}`);
    expect(magenta(after) - magenta(before)).toBeGreaterThan(15);
    await page.close();
  });

  it.each([['a desktop', viewport, false], ['a phone', { width: 390, height: 844 }, true]] as const)('on %s, the picker sits beside the point, never over it, and offers swatches, recent picks and the system\'s chooser', async (_, size, touch) => {
    const context = await browser.newContext({ viewport: size, hasTouch: touch, isMobile: touch });
    const page = await context.newPage();
    const card = await portraitCard(page);
    await nextResult(card);
    const photo = card.getByTestId('photo-box');
    // Corners, edges and the middle: the panel finds room on some side of each.
    for (const [fx, fy] of [[0.1, 0.1], [0.9, 0.1], [0.5, 0.5], [0.1, 0.9], [0.9, 0.9], [0.5, 0.05], [0.5, 0.95]] as const) {
      await photo.scrollIntoViewIfNeeded();
      const box = (await photo.boundingBox())!;
      const [x, y] = [box.x + box.width * fx, box.y + box.height * fy];
      if (touch) await page.touchscreen.tap(x, y);
      else await page.mouse.click(x, y);
      const picker = pickerOf(card, 1);
      const [panel, point] = [(await picker.boundingBox())!, (await card.getByTestId('point').boundingBox())!];
      const apart = panel.x >= point.x + point.width || panel.x + panel.width <= point.x || panel.y >= point.y + point.height || panel.y + panel.height <= point.y;
      expect({ at: [fx, fy], apart }).toEqual({ at: [fx, fy], apart: true });
      expect(panel.x).toBeGreaterThanOrEqual(0);
      expect(panel.x + panel.width).toBeLessThanOrEqual(size.width);
      await picker.getByRole('button', { name: 'Remove point' }).click();
      expect(await card.getByTestId('point').count()).toBe(0);
    }

    // Swatches: the model's colour is the point's to begin with; the arrows choose the next ones, in plain words.
    const at = await spot(card, 0.3, 0.7);
    await page.mouse.click(at.screen.x, at.screen.y);
    const picker = pickerOf(card, 1);
    const checked = () => picker.locator('[role=radio][aria-checked=true]').getAttribute('aria-label');
    const names = await picker.getByRole('radio').evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label')));
    expect(names).toEqual(expect.arrayContaining(['The model\'s colour here', 'Light skin', 'Dark skin', 'Lips', 'Brown hair', 'Blue sky', 'Green leaves']));
    expect(await checked()).toBe('The model\'s colour here');
    expect(await activeLabel(page)).toBe('The model\'s colour here');
    await page.keyboard.press('ArrowRight');
    expect([await checked(), await activeLabel(page)]).toEqual(['Light skin', 'Light skin']);
    expect(await picker.getByLabel('More colours').inputValue()).toBe('#f0c8a8');
    expect(await card.getAttribute('data-busy')).toBe('true');
    // Tab leaves the swatches for the system's chooser, one key away; what it picks is offered next time.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).labels?.[0]?.textContent)).toBe('More colours');
    await picker.getByLabel('More colours').fill('#2a9d8f');
    // Once chosen there, it is a swatch of its own (checked, since it is the point's colour), here and in every picker after.
    expect(await checked()).toBe('Your colour 1');
    await page.keyboard.press('Escape');
    expect(await picker.count()).toBe(0);
    await card.getByTestId('point').click();
    expect(await checked()).toBe('Your colour 1');
    expect(await picker.getByRole('radio', { name: 'Your colour 1' }).getAttribute('data-color')).toBe('#2a9d8f');
    await context.close();
  });
});
