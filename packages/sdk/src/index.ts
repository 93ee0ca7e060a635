/** @colorize/sdk: colorize photos from any site, through the edge API or (./local) in the page. */
export { createColorizer, backoff, type Colorizer, type ClientOptions, type ColorizeOptions } from './client.js';
export { ColorizeApiError, type ColorizeErrorCode } from './errors.js';
export type { Hint } from '@colorize/model';
export { toImageData, type ImageInput } from './input.js';
