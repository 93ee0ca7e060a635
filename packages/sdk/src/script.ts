/**
 * The <script> build: window.Colorize, and <colorize-image> defined. The script's own
 * data-endpoint / data-model-url set the defaults; local mode loads on demand.
 */
import { createColorizer } from './client.js';
import { defaults, defineColorizeImage } from './element.js';
import { ColorizeApiError } from './errors.js';

const script = document.currentScript as HTMLScriptElement | null;
if (script) {
  defaults.endpoint = script.dataset.endpoint ?? '';
  defaults.modelUrl = script.dataset.modelUrl ?? '';
  defaults.wasmPath = script.dataset.wasmPath ?? new URL('./', script.src).href;
  // Local mode is a separate file beside this one, fetched only when an element asks for it.
  const localUrl = new URL('colorize-local.js', script.src).href;
  defaults.loadLocal = () => import(/* @vite-ignore */ localUrl);
}
defineColorizeImage();

declare global {
  interface Window {
    Colorize: { createColorizer: typeof createColorizer; ColorizeApiError: typeof ColorizeApiError; defaults: typeof defaults };
  }
}
window.Colorize = { createColorizer, ColorizeApiError, defaults };
