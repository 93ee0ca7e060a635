/** For bundlers: `import '@colorize/sdk/element'` defines <colorize-image>, with local mode split off. */
import { defaults, defineColorizeImage } from './element.js';

defaults.loadLocal = () => import('./local.js');
defineColorizeImage();

export { defaults, ColorizeImageElement } from './element.js';
