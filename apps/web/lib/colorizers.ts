import { ColorizeApiError, createColorizer, type Colorizer } from '@colorize/sdk';
import type { LocalColorizer } from '@colorize/sdk/local';
import { edgeUrl, MODEL_URL, WASM_PATH } from './config';

let edgeClient: Colorizer | undefined;
/** The edge worker's client (created in the page, where the worker's address is known). */
export function edge(): Colorizer {
  edgeClient ??= createColorizer({ endpoint: edgeUrl(), retries: 2 });
  return edgeClient;
}

let local: Promise<LocalColorizer> | undefined;
/** The same model in this page (webgpu, else webgl, else wasm): loaded on first use, then kept. */
export function onDevice(): Promise<LocalColorizer> {
  local ??= import('@colorize/sdk/local')
    .then(({ createLocalColorizer }) => createLocalColorizer({ modelUrl: MODEL_URL, wasmPath: WASM_PATH }))
    .catch((e) => {
      local = undefined;
      throw e;
    });
  return local;
}

const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];

/** A message a person can act on, for anything colorizing can throw. */
export function explain(e: unknown, file?: File): string {
  if (e instanceof ColorizeApiError) {
    switch (e.code) {
      case 'network':
        return `Could not reach the colorize service at ${edgeUrl()}. Check your connection (locally, \`npm start\` runs it), or switch on "Colorize on this device".`;
      case 'timeout':
        return 'The colorize service took too long to answer. Try again, or colorize on this device.';
      case 'unsupported_type':
        return `${file?.name ?? 'This file'} is not a JPEG, PNG or WebP image.`;
      case 'invalid_image':
        return `${file?.name ?? 'This image'} could not be read: the file is damaged or incomplete.`;
      case 'image_too_large':
      case 'body_too_large':
        return `${file?.name ?? 'This image'} is too large: ${e.message}`;
      case 'rate_limited':
        return 'Too many photos at once: wait a minute, then try again.';
      default:
        return e.message;
    }
  }
  return e instanceof Error ? e.message : String(e);
}

/** Refuse what is plainly not a photo before sending it anywhere. */
export function notAnImage(file: File): string | undefined {
  if (ACCEPTED.includes(file.type)) return undefined;
  if (!file.type && /\.(jpe?g|png|webp)$/i.test(file.name)) return undefined;
  return `${file.name} is not a JPEG, PNG or WebP image.`;
}
