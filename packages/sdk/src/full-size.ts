import type { Hint } from '@colorize/model';
import { fitWithin, hintsForCopy, mergeColour, resizeRgba, type RgbaImage } from '@colorize/model/photo';
import { ColorizeApiError } from './errors.js';

/**
 * Pixels merged between two looks at the event loop: about 1 MP, 60-150 ms here, so the page
 * answers clicks while a 50 MP photo is merged (about 50 bands).
 */
const BAND_PIXELS = 1 << 20;

/** Let the page run (a macrotask, never throttled as a timer is in a background tab). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(0);
  });
}

/** Colorizes the reduced copy, its hints in the copy's pixels, and gives its colour. */
export type ColorizeCopy = (copy: RgbaImage, hints: Hint[] | undefined) => Promise<RgbaImage>;

/**
 * A photo colorized at its own size without colorizing it at its own size: a copy fitted in
 * `side` x `side` (the model's input, or what is sent to the edge) is colorized, and its colour
 * merged with the photo's full-resolution L* (mergeColour), band by band so the page stays
 * responsive. A photo that fits already is colorized as it is.
 *
 * @param photo Upright RGBA at full size.
 * @param side The copy's longest side.
 * @param hints In pixels of the photo (checked against it, then mapped to the copy).
 * @param colorizeCopy Colorizes the copy.
 * @param out Where the result goes: `photo.data` to merge in place, or a buffer of its length.
 * @throws ColorizeError `invalid_hints` for a hint outside the photo; `aborted` when `signal` fires.
 */
export async function colorizeThroughCopy<T extends Uint8ClampedArray | Uint8Array>(
  photo: RgbaImage,
  side: number,
  hints: readonly Hint[] | undefined,
  colorizeCopy: ColorizeCopy,
  out: T,
  signal?: AbortSignal,
): Promise<RgbaImage> {
  const size = fitWithin(photo.width, photo.height, side);
  const mapped = hints === undefined ? undefined : hintsForCopy(hints, photo, size);
  if (size.width === photo.width && size.height === photo.height) return colorizeCopy(photo, mapped);
  const colour = await colorizeCopy(resizeRgba(photo, size.width, size.height), mapped);
  const { width, height } = photo;
  const rows = Math.max(1, Math.floor(BAND_PIXELS / width));
  for (let top = 0; top < height; top += rows) {
    if (signal?.aborted) throw new ColorizeApiError('aborted', 'Colorizing was cancelled.');
    const n = Math.min(rows, height - top);
    const [from, to] = [top * width * 4, (top + n) * width * 4];
    mergeColour({ width, height: n, data: photo.data.subarray(from, to) }, colour, { out: out.subarray(from, to), band: { top, photoHeight: height } });
    await nextTask();
  }
  return { width, height, data: out };
}
