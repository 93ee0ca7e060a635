/**
 * Colour hints (Zhang et al. 2017, "Real-Time User-Guided Image Colorization"): the user says
 * which colour goes where, and a model trained with hints takes them as three more input
 * channels beside L*: the hint's a*b* (scaled like the output) and a mask (1 where a hint is),
 * so a deliberate grey hint differs from no hint at all.
 *
 * Imports nothing heavy: the edge validates hints and the SDK types them without TensorFlow.js.
 */
import { assert } from '../errors.js';
import { AB_SCALE, srgbToLab } from '../photo/lab.js';

/** One colour hint, in pixels of the image as the user sees it (after EXIF orientation). */
export interface Hint {
  /** Column of the hint's centre, 0 at the left edge. */
  x: number;
  /** Row of the hint's centre, 0 at the top edge. */
  y: number;
  /** A CSS hex colour, `#rrggbb` (or `#rgb`): its hue and chroma are used, its lightness is not. */
  color: string;
  /** Side of the square patch the colour covers, in image pixels (default: HINT_PATCH model pixels). */
  size?: number;
}

/** At most this many hints per image: more than anyone places by hand, few enough to stay cheap. */
export const MAX_HINTS = 64;

/** The default patch side in the model's input (pixels of its 256x256 square): training draws 1 to 9. */
export const HINT_PATCH = 5;

/** The largest patch side in the model's input, so a hint stays a point, as in training. */
export const MAX_HINT_PATCH = 9;

/** Input channels of a model with hints: L*, the hint's a* and b*, the mask. */
export const HINT_INPUT_CHANNELS = 4;

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/**
 * A hint colour in one spelling: `#rgb` written out as `#rrggbb`, in lower case.
 *
 * @param color `#rrggbb` or `#rgb` (checkHints's rule).
 */
export function fullHex(color: string): string {
  return (color.length === 4 ? `#${color.slice(1).replace(/./g, (c) => c + c)}` : color).toLowerCase();
}

/**
 * How a colour is written in a hint: `#rrggbb` of 8-bit sRGB channels.
 *
 * @param r Red, 0-255 (rounded and clamped), as `g` and `b`.
 */
export function hexColour(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((c) => Math.min(255, Math.max(0, Math.round(c))).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The a*b* of a CSS hex colour (CIELAB, D65), its lightness dropped.
 *
 * @param color `#rrggbb` or `#rgb`.
 */
export function hintAb(color: string): [number, number] {
  const hex = fullHex(color);
  const [, a, b] = srgbToLab(parseInt(hex.slice(1, 3), 16) / 255, parseInt(hex.slice(3, 5), 16) / 255, parseInt(hex.slice(5, 7), 16) / 255);
  return [a, b];
}

/**
 * Check hints from outside (JSON from a request, a file, a caller) against the image they are for.
 * Without the image's size, everything but their place is checked (a service can refuse a bad
 * list before it decodes the photo).
 *
 * @param hints Anything: it must be an array of at most MAX_HINTS Hint objects.
 * @param width The image's width as the user sees it (default: any).
 * @param height Its height (default: any).
 * @returns The hints, typed.
 * @throws ColorizeError `invalid_hints`, naming the first bad hint and what is wrong with it.
 */
export function checkHints(hints: unknown, width = Infinity, height = Infinity): Hint[] {
  assert(Array.isArray(hints), 'invalid_hints', () => 'Hints must be a list of {"x", "y", "color"} objects.');
  assert(hints.length <= MAX_HINTS, 'invalid_hints', () => `At most ${MAX_HINTS} hints per image, got ${hints.length}.`);
  hints.forEach((h: unknown, i) => {
    const at = `Hint ${i + 1}`;
    assert(typeof h === 'object' && h !== null && !Array.isArray(h), 'invalid_hints', () => `${at} must be an object like {"x": 10, "y": 20, "color": "#c0392b"}.`);
    const { x, y, color, size, ...rest } = h as Record<string, unknown>;
    const unknown = Object.keys(rest);
    assert(unknown.length === 0, 'invalid_hints', () => `${at} has a field hints do not take: ${unknown.join(', ')} (they take x, y, color and size).`);
    const inside = (v: unknown, n: number) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < n;
    const range = (n: number) => (Number.isFinite(n) ? `from 0 to ${n - 1}, inside the image (${width}x${height})` : 'of pixels from 0');
    assert(inside(x, width), 'invalid_hints', () => `${at}: x must be a number ${range(width)}, got ${JSON.stringify(x)}.`);
    assert(inside(y, height), 'invalid_hints', () => `${at}: y must be a number ${range(height)}, got ${JSON.stringify(y)}.`);
    assert(typeof color === 'string' && HEX.test(color), 'invalid_hints', () => `${at}: color must be a hex colour like "#c0392b", got ${JSON.stringify(color)}.`);
    const side = Math.max(width, height);
    assert(size === undefined || (typeof size === 'number' && Number.isFinite(size) && size >= 1 && size <= side), 'invalid_hints',
      () => `${at}: size must be a number of pixels from 1${Number.isFinite(side) ? ` to ${side}` : ''}, got ${JSON.stringify(size)}.`);
  });
  return hints as Hint[];
}

/**
 * Hints only for a model trained with them (none is always fine: the automatic mode).
 *
 * @throws ColorizeError `invalid_hints` when `hints` is not empty and the model takes none.
 */
export function assertTakesHints(takesHints: boolean, hints: readonly Hint[]): void {
  assert(hints.length === 0 || takesHints, 'invalid_hints', () => 'This model was trained without colour hints; colorize without them, or load a model that takes them.');
}

/** Where the image sits inside the model's square input (colorize.ts's placement). */
export interface HintPlacement {
  width: number;
  height: number;
  top: number;
  left: number;
}

/**
 * Hints for a reduced copy of the photo (the one sent to be colorized before mergeColour puts
 * its colour on the photo): checked against the photo itself, so a bad hint is named in the
 * photo's own pixels, then each centre moved to the same place in the copy and each size scaled.
 *
 * @param hints As checkHints takes them, in pixels of the upright photo.
 * @param photo The photo's size; `copy` the copy's (smaller or the same).
 * @throws ColorizeError `invalid_hints` as checkHints, for the photo.
 */
export function hintsForCopy(hints: unknown, photo: { width: number; height: number }, copy: { width: number; height: number }): Hint[] {
  const kx = copy.width / photo.width;
  const ky = copy.height / photo.height;
  // Pixel centres map to pixel centres; a centre in the photo's last half pixel stays inside the copy.
  return checkHints(hints, photo.width, photo.height).map((h) => ({
    ...h,
    x: Math.max(0, (h.x + 0.5) * kx - 0.5),
    y: Math.max(0, (h.y + 0.5) * ky - 0.5),
    ...(h.size === undefined ? {} : { size: Math.max(1, h.size * Math.max(kx, ky)) }),
  }));
}

/**
 * The hint channels for an image placed in the model's size x size input, as the image itself
 * is: scaled to the placed size, then reflect-padded by `pad` (the same function that pads L*),
 * so a hint near an edge shows in the mirrored border as the pixels under it do.
 *
 * @param hints Checked hints (checkHints), in image pixels.
 * @param width The image's width.
 * @param height Its height.
 * @param place Where the image lands in the model's input.
 * @param pad Reflect-pads a placed plane to the model's square (image.ts's reflectPad, bound).
 * @returns Three planes of the model's size: a* / AB_SCALE, b* / AB_SCALE, and the mask.
 */
export function hintPlanes(
  hints: readonly Hint[],
  width: number,
  height: number,
  place: HintPlacement,
  pad: (plane: Float32Array) => Float32Array,
): [Float32Array, Float32Array, Float32Array] {
  const n = place.width * place.height;
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  const mask = new Float32Array(n);
  const sx = place.width / width;
  const sy = place.height / height;
  for (const h of hints) {
    const [ha, hb] = hintAb(h.color);
    const side = Math.min(MAX_HINT_PATCH, Math.max(1, Math.round(h.size === undefined ? HINT_PATCH : h.size * Math.max(sx, sy))));
    // The patch's first row and column in the placed image: its centre is the hint's pixel centre,
    // moved inside the image at its edges, whole (training draws every patch inside the crop).
    const cx = (h.x + 0.5) * sx;
    const cy = (h.y + 0.5) * sy;
    const x0 = Math.min(Math.max(0, place.width - side), Math.max(0, Math.round(cx - side / 2)));
    const y0 = Math.min(Math.max(0, place.height - side), Math.max(0, Math.round(cy - side / 2)));
    for (let y = y0; y < Math.min(place.height, y0 + side); y++) {
      for (let x = x0; x < Math.min(place.width, x0 + side); x++) {
        const i = y * place.width + x;
        a[i] = ha / AB_SCALE;
        b[i] = hb / AB_SCALE;
        mask[i] = 1;
      }
    }
  }
  return [pad(a), pad(b), pad(mask)];
}
