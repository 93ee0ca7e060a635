import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
export const PHOTOS = `${dirname(require.resolve('@colorize/model/fixtures/photos/README.md'))}/`;
export const COLOUR = ['gcompris-qt-data__cat__5.jpg', 'gcompris-qt-data__penguin__2.jpg', 'mate-backgrounds__storm__6.jpg', 'tuxpaint-data__mossy-log__3.jpg'].map((f) => PHOTOS + f);

/**
 * A black-and-white JPEG of `columns` x `rows` 256 px tiles of the real photos above, turned grey
 * and encoded with the model package's mozjpeg at quality 90: made at test time, never committed.
 * The default, 4096x3072 (12.6 MP), is what a phone takes; `largePhoto()` is a 600 dpi scan's size.
 */
export async function phonePhoto(columns = 16, rows = 12): Promise<Buffer> {
  const [{ decodeImage, encodeImage }, { tileSheet, toGrey }, { readFile }] = await Promise.all([
    import('@colorize/model/node'), import('@colorize/model/metrics'), import('node:fs/promises'),
  ]);
  const photos = await Promise.all(COLOUR.map(async (f) => toGrey(await decodeImage(await readFile(f)))));
  const sheet = tileSheet(Array.from({ length: columns * rows }, (_, i) => photos[(i + Math.floor(i / columns)) % photos.length]!), columns, 256);
  return Buffer.from(await encodeImage(sheet, 'jpeg', 90));
}

/** 8704x5888 (51.2 MP): more than the 50 MP the site promises (an 8 x 10 print at 600 dpi is 29 MP). */
export const LARGE = { columns: 34, rows: 23, width: 8704, height: 5888 } as const;
export const largePhoto = () => phonePhoto(LARGE.columns, LARGE.rows);
