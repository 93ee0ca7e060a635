import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
export const PHOTOS = `${dirname(require.resolve('@colorize/model/fixtures/photos/README.md'))}/`;
export const COLOUR = ['gcompris-qt-data__cat__5.jpg', 'gcompris-qt-data__penguin__2.jpg', 'mate-backgrounds__storm__6.jpg', 'tuxpaint-data__mossy-log__3.jpg'].map((f) => PHOTOS + f);
