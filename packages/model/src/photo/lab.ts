/**
 * Exact sRGB <-> linear RGB <-> XYZ (D65) <-> CIELAB conversions (IEC 61966-2-1, CIE 15).
 *
 * Plain numbers, not tensors: the full-resolution merge in colorize.ts runs per pixel on the
 * original image, and building 4 float planes of a 24 MP photo as tensors would cost 400 MB.
 */

/** D65 reference white, Y normalised to 1 (the values ASTM E308 and Lindbloom use). */
export const D65 = [0.95047, 1.0, 1.08883] as const;
const EPSILON = 216 / 24389;
const KAPPA = 24389 / 27;

/** sRGB primaries to XYZ, D65 (Lindbloom's matrix, derived from the sRGB chromaticities). */
const RGB_TO_XYZ = [
  0.4124564, 0.3575761, 0.1804375,
  0.2126729, 0.7151522, 0.072175,
  0.0193339, 0.119192, 0.9503041,
] as const;
const XYZ_TO_RGB = [
  3.2404542, -1.5371385, -0.4985314,
  -0.969266, 1.8760108, 0.041556,
  0.0556434, -0.2040259, 1.0572252,
] as const;

/** Scale of the model's a/b channels: ab / AB_SCALE lands in about [-1, 1]. */
export const AB_SCALE = 110;

export type Triple = [number, number, number];

export function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function linearToSrgb(c: number): number {
  return c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055;
}

export function linearRgbToXyz(r: number, g: number, b: number): Triple {
  const m = RGB_TO_XYZ;
  return [m[0] * r + m[1] * g + m[2] * b, m[3] * r + m[4] * g + m[5] * b, m[6] * r + m[7] * g + m[8] * b];
}

export function xyzToLinearRgb(x: number, y: number, z: number): Triple {
  const m = XYZ_TO_RGB;
  return [m[0] * x + m[1] * y + m[2] * z, m[3] * x + m[4] * y + m[5] * z, m[6] * x + m[7] * y + m[8] * z];
}

function labF(t: number): number {
  return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
}

function labFInverse(f: number): number {
  const f3 = f * f * f;
  return f3 > EPSILON ? f3 : (116 * f - 16) / KAPPA;
}

export function xyzToLab(x: number, y: number, z: number): Triple {
  const fx = labF(x / D65[0]);
  const fy = labF(y / D65[1]);
  const fz = labF(z / D65[2]);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

export function labToXyz(l: number, a: number, b: number): Triple {
  const fy = (l + 16) / 116;
  return [labFInverse(fy + a / 500) * D65[0], labFInverse(fy) * D65[1], labFInverse(fy - b / 200) * D65[2]];
}

/** sRGB in [0, 1] to CIELAB. */
export function srgbToLab(r: number, g: number, b: number): Triple {
  return xyzToLab(...linearRgbToXyz(srgbToLinear(r), srgbToLinear(g), srgbToLinear(b)));
}

/** CIELAB to sRGB in [0, 1], out-of-gamut colours clipped in linear light. */
export function labToSrgb(l: number, a: number, b: number): Triple {
  const [r, g, bl] = xyzToLinearRgb(...labToXyz(l, a, b));
  const clip = (c: number) => linearToSrgb(Math.min(1, Math.max(0, c)));
  return [clip(r), clip(g), clip(bl)];
}

/** 8-bit sRGB -> linear, once: the per-pixel loops below read it instead of calling pow. */
const LINEAR_OF_BYTE = Float32Array.from({ length: 256 }, (_, i) => srgbToLinear(i / 255));

/**
 * f(Y) of CIELAB (the cube root above EPSILON) by table over Y in [0, 1], linearly
 * interpolated: within 1e-7 of labF, and the per-pixel loops' dearest step without it.
 */
const F_STEPS = 16384;
const F_OF_Y = Float32Array.from({ length: F_STEPS + 2 }, (_, i) => labF(Math.min(i, F_STEPS) / F_STEPS));
function fOfY(y: number): number {
  const t = Math.min(1, Math.max(0, y)) * F_STEPS;
  const i = t | 0;
  const f0 = F_OF_Y[i]!;
  return f0 + (F_OF_Y[i + 1]! - f0) * (t - i);
}

/** L* (0..100) of the 8-bit sRGB pixel at data[o..o+2]. */
export function lightnessAt(data: ArrayLike<number>, o: number): number {
  const m = RGB_TO_XYZ;
  const y = m[3] * LINEAR_OF_BYTE[data[o]!]! + m[4] * LINEAR_OF_BYTE[data[o + 1]!]! + m[5] * LINEAR_OF_BYTE[data[o + 2]!]!;
  return 116 * fOfY(y) - 16;
}

/** L* (0..100) of every pixel of an RGBA buffer: the grey image the model sees. */
export function rgbaToLightness(data: ArrayLike<number>, pixels: number, out: Float32Array = new Float32Array(pixels), from = 0): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = lightnessAt(data, (from + i) * 4);
  return out;
}

/** Every pixel of an RGBA buffer as CIELAB, interleaved [L, a, b, L, a, b, ...]. */
export function rgbaToLab(data: ArrayLike<number>, pixels: number): Float32Array {
  const out = new Float32Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    const o = i * 4;
    const lab = xyzToLab(...linearRgbToXyz(LINEAR_OF_BYTE[data[o]!]!, LINEAR_OF_BYTE[data[o + 1]!]!, LINEAR_OF_BYTE[data[o + 2]!]!));
    out.set(lab, i * 3);
  }
  return out;
}

/** linear -> 8-bit sRGB by table; 16384 steps keep every output within 0.25 of a level of the exact curve. */
const SRGB_STEPS = 16383;
const SRGB_BYTE_OF_LINEAR = Uint8ClampedArray.from({ length: SRGB_STEPS + 1 }, (_, i) => linearToSrgb(i / SRGB_STEPS) * 255 + 0.5);

/** Write the sRGB bytes of a Lab colour into out[o..o+2]: the allocation-free form of labToSrgb for per-pixel loops. */
export function labToSrgbBytes(l: number, a: number, b: number, out: Uint8ClampedArray, o: number): void {
  const fy = (l + 16) / 116;
  const x = labFInverse(fy + a / 500) * D65[0];
  const y = labFInverse(fy) * D65[1];
  const z = labFInverse(fy - b / 200) * D65[2];
  const m = XYZ_TO_RGB;
  const r = m[0] * x + m[1] * y + m[2] * z;
  const g = m[3] * x + m[4] * y + m[5] * z;
  const bl = m[6] * x + m[7] * y + m[8] * z;
  out[o] = SRGB_BYTE_OF_LINEAR[Math.round(Math.min(1, Math.max(0, r)) * SRGB_STEPS)]!;
  out[o + 1] = SRGB_BYTE_OF_LINEAR[Math.round(Math.min(1, Math.max(0, g)) * SRGB_STEPS)]!;
  out[o + 2] = SRGB_BYTE_OF_LINEAR[Math.round(Math.min(1, Math.max(0, bl)) * SRGB_STEPS)]!;
}

/**
 * out[o..o+2] = the sRGB bytes of the colour with the lightness of the 8-bit sRGB pixel at
 * data[o..o+2] and chroma (a, b): colorize's merge in one step, the same colour as
 * labToSrgbBytes(lightnessAt(data, o), a, b) within a level. Y goes straight through (L* and
 * back would be a cube root and a cube for nothing) and f(Y) comes from its table.
 */
export function recolourPixel(data: ArrayLike<number>, o: number, a: number, b: number, out: Uint8ClampedArray | Uint8Array): void {
  const m = RGB_TO_XYZ;
  const y = m[3] * LINEAR_OF_BYTE[data[o]!]! + m[4] * LINEAR_OF_BYTE[data[o + 1]!]! + m[5] * LINEAR_OF_BYTE[data[o + 2]!]!;
  const fy = fOfY(y);
  const x = labFInverse(fy + a / 500) * D65[0];
  const z = labFInverse(fy - b / 200) * D65[2];
  const n = XYZ_TO_RGB;
  const r = n[0] * x + n[1] * y + n[2] * z;
  const g = n[3] * x + n[4] * y + n[5] * z;
  const bl = n[6] * x + n[7] * y + n[8] * z;
  out[o] = SRGB_BYTE_OF_LINEAR[(Math.min(1, Math.max(0, r)) * SRGB_STEPS + 0.5) | 0]!;
  out[o + 1] = SRGB_BYTE_OF_LINEAR[(Math.min(1, Math.max(0, g)) * SRGB_STEPS + 0.5) | 0]!;
  out[o + 2] = SRGB_BYTE_OF_LINEAR[(Math.min(1, Math.max(0, bl)) * SRGB_STEPS + 0.5) | 0]!;
}
