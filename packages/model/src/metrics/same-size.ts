import { ColorizeError } from '../errors.js';
import type { RgbaImage } from '../photo/image.js';

export function assertSameSize(a: RgbaImage, b: RgbaImage): void {
  if (a.width !== b.width || a.height !== b.height) {
    throw new ColorizeError('invalid_image', `Images differ in size: ${a.width}x${a.height} and ${b.width}x${b.height}.`);
  }
}
