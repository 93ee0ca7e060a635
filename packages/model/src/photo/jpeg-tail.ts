import type { RgbaImage } from './image.js';
import type { JpegFrame } from './jpeg-markers.js';

/**
 * Whether the last MCU of a decoded JPEG holds no data. libjpeg decodes a file whose entropy
 * data stops early (a cut-short upload with an end marker appended, say) without an error and
 * leaves every missing block at zero: exactly (128, 128, 128) from there to the bottom right.
 * Measured on cut baseline and progressive files (cjpeg, mozjpeg): every cut baseline file and
 * every progressive one cut in its first scans shows it; a progressive file cut in a later
 * refinement scan decodes whole, only blurrier, and cannot be told from a soft photo. A real
 * photo's last 8-16 px block is never exactly flat mid-grey in all three channels.
 */
export function jpegTailIsBlank(image: RgbaImage, frame: JpegFrame): boolean {
  const { width, height, data } = image;
  const bw = 8 * frame.maxH;
  const bh = 8 * frame.maxV;
  // The last MCU starts on the MCU grid, so it may be narrower than a full block.
  const x0 = Math.floor((width - 1) / bw) * bw;
  const y0 = Math.floor((height - 1) / bh) * bh;
  for (let y = y0; y < height; y++) {
    for (let x = x0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (data[o] !== 128 || data[o + 1] !== 128 || data[o + 2] !== 128) return false;
    }
  }
  return true;
}
