import { hexColour, HINT_PATCH, type Hint } from '@colorize/model';

/** A point in a photo's own pixels (as the person sees it, EXIF-oriented). */
export interface Point {
  x: number;
  y: number;
}

/**
 * The photo pixel under a spot of its displayed box: the box shows the whole photo scaled to
 * `rect`, so the spot's fraction of the box is its fraction of the photo.
 */
export function photoPoint(clientX: number, clientY: number, rect: DOMRect, width: number, height: number): Point {
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, Math.floor(v)));
  return {
    x: clamp(((clientX - rect.left) / rect.width) * width, width),
    y: clamp(((clientY - rect.top) / rect.height) * height, height),
  };
}

/** Where a photo pixel's centre sits in the displayed box, in percent (for CSS left/top). */
export const percentOf = (p: Point, width: number, height: number) => ({ left: ((p.x + 0.5) / width) * 100, top: ((p.y + 0.5) / height) * 100 });

/** A point moved by (dx, dy) pixels, kept inside the photo. */
export const moved = (p: Point, dx: number, dy: number, width: number, height: number): Point => ({
  x: Math.min(width - 1, Math.max(0, Math.round(p.x + dx))),
  y: Math.min(height - 1, Math.max(0, Math.round(p.y + dy))),
});


/** The side of the model's square input, the pixels HINT_PATCH is counted in (the shipped model's 256). */
const MODEL_INPUT = 256;

/**
 * The colour the result shows around a point, as #rrggbb: the mean of a patch as wide as the
 * model's default hint (HINT_PATCH of its input pixels, scaled to the photo), so one noisy pixel
 * does not decide it.
 *
 * @param img The result image, loaded, at any displayed size (its natural size is the photo's).
 */
export function colourAt(img: HTMLImageElement, p: Point): string {
  const { naturalWidth: w, naturalHeight: h } = img;
  const r = Math.max(1, Math.round(((HINT_PATCH / 2) * Math.max(w, h)) / MODEL_INPUT));
  const x0 = Math.max(0, p.x - r);
  const y0 = Math.max(0, p.y - r);
  const sw = Math.min(w, p.x + r + 1) - x0;
  const sh = Math.min(h, p.y + r + 1) - y0;
  const ctx = new OffscreenCanvas(sw, sh).getContext('2d')!;
  ctx.drawImage(img, x0, y0, sw, sh, 0, 0, sw, sh);
  const d = ctx.getImageData(0, 0, sw, sh).data;
  let [r0, g0, b0] = [0, 0, 0];
  for (let i = 0; i < d.length; i += 4) {
    r0 += d[i]!;
    g0 += d[i + 1]!;
    b0 += d[i + 2]!;
  }
  const n = d.length / 4;
  return hexColour(r0 / n, g0 / n, b0 / n);
}

/** Where a point is, in words a screen reader can say: "30 % across, 70 % down". */
export function whereIn(p: Point, width: number, height: number): string {
  const { left, top } = percentOf(p, width, height);
  return `${Math.round(left)} % across, ${Math.round(top)} % down`;
}

/** Which ninth of the photo a point is in: "top left", "middle right", "centre"… */
export function region(p: Point, width: number, height: number): string {
  const third = (v: number, n: number) => Math.min(2, Math.floor((3 * (v + 0.5)) / n));
  const row = ['top', 'middle', 'bottom'][third(p.y, height)]!;
  const column = ['left', 'centre', 'right'][third(p.x, width)]!;
  return row === 'middle' && column === 'centre' ? 'centre' : `${row} ${column}`;
}

/** A point's name for its button, by where it is (a hex colour means nothing read aloud): "Colour point 1, top left". */
export const pointLabel = (h: Hint, i: number, width: number, height: number) => `Colour point ${i + 1}, ${region(h, width, height)}`;
