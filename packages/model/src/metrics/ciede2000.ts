import type { RgbaImage } from '../photo/image.js';
import { rgbaToLab, type Triple } from '../photo/lab.js';
import { assertSameSize } from './same-size.js';

const DEG = Math.PI / 180;
const POW25_7 = 25 ** 7;

function hueDegrees(b: number, a: number): number {
  if (a === 0 && b === 0) return 0;
  const h = Math.atan2(b, a) / DEG;
  return h < 0 ? h + 360 : h;
}

/**
 * CIEDE2000 colour difference (CIE 142-2001), kL = kC = kH = 1, as in Sharma, Wu and Dalal (2005).
 * Takes two CIELAB colours as [L*, a*, b*].
 */
export function ciede2000([l1, a1, b1]: Triple, [l2, a2, b2]: Triple): number {
  const cMean = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2;
  const c7 = cMean ** 7;
  const g = 0.5 * (1 - Math.sqrt(c7 / (c7 + POW25_7)));
  const a1p = (1 + g) * a1;
  const a2p = (1 + g) * a2;
  const c1 = Math.hypot(a1p, b1);
  const c2 = Math.hypot(a2p, b2);
  const h1 = hueDegrees(b1, a1p);
  const h2 = hueDegrees(b2, a2p);
  const achromatic = c1 * c2 === 0;

  let dh = 0;
  if (!achromatic) {
    dh = h2 - h1;
    if (dh > 180) dh -= 360;
    else if (dh < -180) dh += 360;
  }
  const dL = l2 - l1;
  const dC = c2 - c1;
  const dH = 2 * Math.sqrt(c1 * c2) * Math.sin((dh / 2) * DEG);

  const lMean = (l1 + l2) / 2;
  const cpMean = (c1 + c2) / 2;
  let hMean = h1 + h2;
  if (!achromatic) {
    if (Math.abs(h1 - h2) > 180) hMean += hMean < 360 ? 360 : -360;
    hMean /= 2;
  }
  const t =
    1 - 0.17 * Math.cos((hMean - 30) * DEG) + 0.24 * Math.cos(2 * hMean * DEG) +
    0.32 * Math.cos((3 * hMean + 6) * DEG) - 0.2 * Math.cos((4 * hMean - 63) * DEG);
  const dTheta = 30 * Math.exp(-(((hMean - 275) / 25) ** 2));
  const cp7 = cpMean ** 7;
  const rc = 2 * Math.sqrt(cp7 / (cp7 + POW25_7));
  const l50 = (lMean - 50) ** 2;
  const sl = 1 + (0.015 * l50) / Math.sqrt(20 + l50);
  const sc = 1 + 0.045 * cpMean;
  const sh = 1 + 0.015 * cpMean * t;
  const rt = -Math.sin(2 * dTheta * DEG) * rc;
  const x = dL / sl;
  const y = dC / sc;
  const z = dH / sh;
  return Math.sqrt(x * x + y * y + z * z + rt * y * z);
}

/**
 * Mean CIEDE2000 over all pixels of two sRGB images.
 *
 * @param a An RGBA image; `b` another of the same size.
 * @throws ColorizeError `invalid_image` when their sizes differ.
 */
export function meanCiede2000(a: RgbaImage, b: RgbaImage): number {
  assertSameSize(a, b);
  const n = a.width * a.height;
  const la = rgbaToLab(a.data, n);
  const lb = rgbaToLab(b.data, n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const o = i * 3;
    sum += ciede2000([la[o]!, la[o + 1]!, la[o + 2]!], [lb[o]!, lb[o + 1]!, lb[o + 2]!]);
  }
  return sum / n;
}
