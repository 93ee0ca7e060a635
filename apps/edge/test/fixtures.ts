import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
/** The model package's real test photos (see its fixtures/photos/README.md). */
export const PHOTOS = `${dirname(require.resolve('@colorize/model/fixtures/photos/README.md'))}/`;
export const photo = async (name: string) => new Uint8Array(await readFile(PHOTOS + name));
export const COLOUR_PHOTOS = ['gcompris-qt-data__cat__5.jpg', 'gcompris-qt-data__penguin__2.jpg', 'mate-backgrounds__storm__6.jpg', 'tuxpaint-data__mossy-log__3.jpg'];
