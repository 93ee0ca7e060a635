import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
export const PHOTOS = `${dirname(require.resolve('@colorize/model/fixtures/photos/README.md'))}/`;
export const COLOUR = ['gcompris-qt-data__cat__5.jpg', 'gcompris-qt-data__penguin__2.jpg', 'mate-backgrounds__storm__6.jpg', 'tuxpaint-data__mossy-log__3.jpg'].map((f) => PHOTOS + f);

/**
 * A 12.6 MP black-and-white JPEG (4096x3072, what a phone takes) made of the real photos above
 * tiled and turned grey, encoded with the model package's mozjpeg at quality 90: made at test
 * time, never committed.
 */
export async function phonePhoto(): Promise<Buffer> {
  const [{ decodeImage, encodeImage }, { tileSheet, toGrey }, { readFile }] = await Promise.all([
    import('@colorize/model/node'), import('@colorize/model/metrics'), import('node:fs/promises'),
  ]);
  const photos = await Promise.all(COLOUR.map(async (f) => toGrey(await decodeImage(await readFile(f)))));
  const sheet = tileSheet(Array.from({ length: 16 * 12 }, (_, i) => photos[(i + Math.floor(i / 16)) % photos.length]!), 16, 256);
  return Buffer.from(await encodeImage(sheet, 'jpeg', 90));
}
