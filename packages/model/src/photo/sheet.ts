import type { RgbaImage } from './image.js';
import { assert } from '../errors.js';
import { resizeRgba } from './image.js';
import { labToSrgbBytes, rgbaToLightness } from './lab.js';

/**
 * The grey version of an image (its L*, a = b = 0): what a black-and-white photo of it looks like.
 *
 * @param image RGBA pixels; a new image is returned.
 */
export function toGrey(image: RgbaImage): RgbaImage {
  const l = rgbaToLightness(image.data, image.width * image.height);
  const data = new Uint8ClampedArray(image.data.length);
  for (let i = 0; i < l.length; i++) {
    labToSrgbBytes(l[i]!, 0, 0, data, i * 4);
    data[i * 4 + 3] = image.data[i * 4 + 3]!;
  }
  return { width: image.width, height: image.height, data };
}

/**
 * Tiles of one size laid out in a grid, `columns` tiles wide (a contact sheet), on white.
 *
 * @param tiles Images of any size (each resized to the tile).
 * @param columns Tiles per row (1 or more).
 * @param tile The side of each tile in pixels (1 or more).
 * @throws ColorizeError `invalid_option` for no columns or an empty tile.
 */
export function tileSheet(tiles: RgbaImage[], columns: number, tile: number): RgbaImage {
  assert(Number.isInteger(columns) && columns >= 1, 'invalid_option', () => `A sheet needs at least one column, got ${columns}.`);
  assert(Number.isInteger(tile) && tile >= 1, 'invalid_option', () => `Tiles must be at least 1 pixel, got ${tile}.`);
  const rows = Math.ceil(tiles.length / columns);
  const width = columns * tile;
  const data = new Uint8ClampedArray(width * rows * tile * 4).fill(255);
  tiles.forEach((t, k) => {
    const im = t.width === tile && t.height === tile ? t : resizeRgba(t, tile, tile);
    const x0 = (k % columns) * tile;
    const y0 = Math.floor(k / columns) * tile;
    for (let y = 0; y < tile; y++) data.set(im.data.subarray(y * tile * 4, (y + 1) * tile * 4), ((y0 + y) * width + x0) * 4);
  });
  return { width, height: rows * tile, data };
}
