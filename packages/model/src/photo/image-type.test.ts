import { describe, expect, it } from 'vitest';
import { sniffImageType } from './image-type.js';

const bytes = (...b: (number | string)[]) => Uint8Array.from(b.flatMap((x) => (typeof x === 'string' ? [...x].map((c) => c.charCodeAt(0)) : [x])));

describe('image type from the bytes', () => {
  it('knows JPEG, PNG and WebP by their signatures', () => {
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('jpeg');
    expect(sniffImageType(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a))).toBe('png');
    expect(sniffImageType(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toBe('webp');
  });

  it('refuses everything else, whatever it claims to be', () => {
    for (const b of [bytes('GIF89a'), bytes('<svg xmlns='), bytes('hello'), bytes(0x89, 'PNG'), bytes('RIFF', 0, 0, 0, 0, 'WAVE'), bytes()]) {
      expect(sniffImageType(b)).toBeUndefined();
    }
  });
});
