import { ColorizeError } from '../errors.js';

/**
 * The L*-guided filter of the predicted a*b* (He, Sun and Tang's guided filter, 2010): inside each
 * window a*b* becomes a linear function of L*, so colour specks on a textured surface (stone,
 * gravel, fabric: "confetti") are smoothed away while colour edges that follow the photo's own
 * edges stay sharp. It runs on the generator's grid, before the upsampling to the photo's size.
 */
export interface ChromaFilter {
  /** Window radius in model pixels (the window is 2 radius + 1 wide). */
  radius: number;
  /** Regularisation on L* / 100 (0..1): edges with less L* variance than this are smoothed over. */
  eps: number;
}

export function checkChromaFilter(filter: ChromaFilter | false): ChromaFilter | false {
  if (filter === false) return false;
  const { radius, eps } = filter;
  if (!Number.isInteger(radius) || radius < 1 || radius > 32 || !Number.isFinite(eps) || eps <= 0 || eps > 1) {
    throw new ColorizeError('invalid_option', `chromaFilter needs a whole radius from 1 to 32 and an eps above 0 up to 1, got ${radius} and ${eps}.`);
  }
  return filter;
}

/** 1 / the number of pixels a window of radius r covers along an axis of n, cut at the borders. */
function inverseCounts(n: number, r: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 1 / (Math.min(n, i + r + 1) - Math.max(0, i - r)));
}

/**
 * Means over the (2r + 1)^2 window around each pixel, the window cut at the borders: running
 * sums along rows, then down the columns a row at a time (rows are contiguous in memory).
 */
function boxMean(src: Float32Array, size: number, r: number, inv: Float32Array, out: Float32Array, tmp: Float32Array, sums: Float64Array): Float32Array {
  const reach = Math.min(r, size - 1);
  for (let y = 0; y < size; y++) {
    const row = y * size;
    let sum = 0;
    for (let x = 0; x < reach; x++) sum += src[row + x]!;
    for (let x = 0; x < size; x++) {
      if (x + r < size) sum += src[row + x + r]!;
      if (x > r) sum -= src[row + x - r - 1]!;
      tmp[row + x] = sum * inv[x]!;
    }
  }
  sums.fill(0);
  for (let y = 0; y < reach; y++) for (let x = 0; x < size; x++) sums[x] = sums[x]! + tmp[y * size + x]!;
  for (let y = 0; y < size; y++) {
    if (y + r < size) {
      const add = (y + r) * size;
      for (let x = 0; x < size; x++) sums[x] = sums[x]! + tmp[add + x]!;
    }
    if (y > r) {
      const drop = (y - r - 1) * size;
      for (let x = 0; x < size; x++) sums[x] = sums[x]! - tmp[drop + x]!;
    }
    const k = inv[y]!;
    const row = y * size;
    for (let x = 0; x < size; x++) out[row + x] = sums[x]! * k;
  }
  return out;
}

/**
 * a*b* filtered with L* as the guide.
 *
 * @param ab The generator's output, [size, size, 2] channels-last (any scale; the result has the same).
 * @param input The generator's input, channels-last with `channels` per pixel; channel 0 is L* / 50 - 1.
 * @param size The side of the square grid.
 * @param channels Channels per pixel of `input` (1, or 4 for a hints model).
 * @param filter Radius and eps.
 */
export function guidedChroma(ab: Float32Array, input: Float32Array, size: number, channels: number, filter: ChromaFilter): Float32Array {
  const { radius, eps } = filter;
  const n = size * size;
  const inv = inverseCounts(size, radius);
  const tmp = new Float32Array(n);
  const sums = new Float64Array(size);
  const plane = () => new Float32Array(n);
  const box = (src: Float32Array, into: Float32Array) => boxMean(src, size, radius, inv, into, tmp, sums);
  const guide = plane();
  const work = plane();
  for (let i = 0; i < n; i++) {
    guide[i] = (input[i * channels]! + 1) / 2;
    work[i] = guide[i]! * guide[i]!;
  }
  const meanI = box(guide, plane());
  const varI = box(work, plane());
  for (let i = 0; i < n; i++) varI[i] = varI[i]! - meanI[i]! * meanI[i]!;
  const out = new Float32Array(n * 2);
  const p = plane();
  const slope = plane();
  const offset = plane();
  const meanSlope = plane();
  const meanOffset = plane();
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < n; i++) {
      p[i] = ab[i * 2 + c]!;
      work[i] = p[i]! * guide[i]!;
    }
    // Per window: p ~ slope * I + offset; then each pixel averages the slopes and offsets of the windows over it.
    box(work, slope);
    box(p, offset);
    for (let i = 0; i < n; i++) {
      slope[i] = (slope[i]! - meanI[i]! * offset[i]!) / (varI[i]! + eps);
      offset[i] = offset[i]! - slope[i]! * meanI[i]!;
    }
    box(slope, meanSlope);
    box(offset, meanOffset);
    for (let i = 0; i < n; i++) out[i * 2 + c] = meanSlope[i]! * guide[i]! + meanOffset[i]!;
  }
  return out;
}
