/**
 * CMYK and YCCK JPEGs (print workflows, Photoshop): the mozjpeg decoder the project uses only
 * turns 1 and 3 components into RGBA and refuses 4 ("Unsupported color conversion request").
 * libjpeg itself decodes them to CMYK (YCCK included); the codecs run a copy of the decoder
 * that asks for CMYK (patchDecoderForCmyk) and convert the ink here.
 */
import type { JpegInfo } from './jpeg-markers.js';

/** How a JPEG's 4 components are stored, or undefined for grey and colour JPEGs the plain decoder reads. */
export function jpegInk(info: JpegInfo): { inverted: boolean } | undefined {
  if (info.frame?.components !== 4) return undefined;
  // Adobe's writers (Photoshop, ImageMagick) store the ink inverted and mark it with APP14.
  return { inverted: info.adobeTransform !== undefined };
}

/** 4-byte CMYK pixels (as libjpeg gives them) to opaque RGBA, in place: the naive conversion, as browsers do without a profile. */
export function cmykToRgba(data: Uint8Array | Uint8ClampedArray, inverted: boolean): void {
  for (let o = 0; o < data.length; o += 4) {
    let c = data[o]!;
    let m = data[o + 1]!;
    let y = data[o + 2]!;
    let k = data[o + 3]!;
    if (!inverted) [c, m, y, k] = [255 - c, 255 - m, 255 - y, 255 - k];
    // c, m, y, k are now the paper left uncovered: 255 none of that ink.
    data[o] = Math.round((c * k) / 255);
    data[o + 1] = Math.round((m * k) / 255);
    data[o + 2] = Math.round((y * k) / 255);
    data[o + 3] = 255;
  }
}

/**
 * In @jsquash/jpeg 1.6.0's mozjpeg_dec.wasm, `cinfo.out_color_space = JCS_EXT_RGBA` compiles to
 * `i32.const 12; i32.store offset=188` (cinfo sits 144 bytes into the frame; out_color_space is
 * its 12th word). Changing 12 to JCS_CMYK (4) makes the decoder hand over CMYK: 4 bytes a
 * pixel, the same buffer size as RGBA. Found with wasm-objdump next to the EXIF (0x112) reader.
 */
const OUT_COLOR_SPACE_RGBA = [0x41, 0x0c, 0x36, 0x02, 0xbc, 0x01];
const JCS_CMYK = 4;

/** A copy of mozjpeg_dec.wasm that decodes to CMYK; throws if the decoder is not the build this was made for. */
export function patchDecoderForCmyk(wasm: Uint8Array): Uint8Array<ArrayBuffer> {
  const at: number[] = [];
  for (let i = wasm.indexOf(0x41); i >= 0 && at.length < 2; i = wasm.indexOf(0x41, i + 1)) {
    if (OUT_COLOR_SPACE_RGBA.every((v, k) => wasm[i + k] === v)) at.push(i);
  }
  if (at.length !== 1) throw new Error(`mozjpeg_dec.wasm is not the build patchDecoderForCmyk knows (${at.length} matches).`);
  const out = new Uint8Array(wasm);
  out[at[0]! + 1] = JCS_CMYK;
  return out;
}
