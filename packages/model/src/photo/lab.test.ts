import { describe, expect, it } from 'vitest';
import { labToSrgb, labToSrgbBytes, linearRgbToXyz, rgbaToLab, rgbaToLightness, srgbToLab, srgbToLinear, xyzToLab } from './lab.js';

// Reference values: Bruce Lindbloom's calculator and the CIE/IEC definitions (sRGB, D65, 2 degree observer).
const REFERENCE: { rgb: [number, number, number]; xyz: [number, number, number]; lab: [number, number, number] }[] = [
  { rgb: [1, 1, 1], xyz: [0.950470, 1.0, 1.088830], lab: [100, 0, 0] },
  { rgb: [1, 0, 0], xyz: [0.412456, 0.212673, 0.019334], lab: [53.2408, 80.0925, 67.2032] },
  { rgb: [0, 1, 0], xyz: [0.357576, 0.715152, 0.119192], lab: [87.7347, -86.1827, 83.1793] },
  { rgb: [0, 0, 1], xyz: [0.180437, 0.072175, 0.950304], lab: [32.2970, 79.1875, -107.8602] },
  { rgb: [0.5, 0.5, 0.5], xyz: [0.203440, 0.214041, 0.233054], lab: [53.3890, 0, 0] },
];

const close = (got: number[], want: number[], tol: number) => got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThan(tol));

describe('colour conversions match published reference values within 1e-3', () => {
  for (const { rgb, xyz, lab } of REFERENCE) {
    it(`sRGB ${rgb} -> XYZ -> Lab`, () => {
      const lin = rgb.map(srgbToLinear) as [number, number, number];
      close(linearRgbToXyz(...lin), xyz, 1e-3);
      close(xyzToLab(...linearRgbToXyz(...lin)), lab, 1e-3);
      close(srgbToLab(...rgb), lab, 1e-3);
      close(labToSrgb(...lab), rgb, 1e-3);
    });
  }

  it('the sRGB transfer curve: 0.5 -> 0.214041 linear (IEC 61966-2-1)', () => {
    expect(srgbToLinear(0.5)).toBeCloseTo(0.214041, 5);
  });

  it('round-trips every 8-bit grey and a sweep of colours through Lab', () => {
    const pixels = 4096;
    const rgba = new Uint8ClampedArray(pixels * 4);
    for (let i = 0; i < pixels; i++) rgba.set([(i * 37) % 256, (i * 91) % 256, (i * 13) % 256, 255], i * 4);
    const lab = rgbaToLab(rgba, pixels);
    const l = rgbaToLightness(rgba, pixels);
    const back = new Uint8ClampedArray(3);
    for (let i = 0; i < pixels; i++) {
      expect(Math.abs(l[i]! - lab[i * 3]!)).toBeLessThan(1e-3);
      labToSrgbBytes(lab[i * 3]!, lab[i * 3 + 1]!, lab[i * 3 + 2]!, back, 0);
      for (let c = 0; c < 3; c++) expect(Math.abs(back[c]! - rgba[i * 4 + c]!)).toBeLessThanOrEqual(1);
    }
  });
});
