import { sniffImageType, type Hint } from '@colorize/model';
import { ColorizeError, type ColorizeErrorCode } from '@colorize/model/errors';
import { createColorizer, type Colorizer, type ColorizeOptions } from '@colorize/sdk';
import type { LocalColorizer } from '@colorize/sdk/local';
import { chooseBackend, colorizeProbe, type BackendPick } from './backend';
import { edgeUrl, MODEL_URL, WASM_PATH } from './config';
import { fetchedOnce, setDeviceStep } from './device-model';

let edgeClient: Colorizer | undefined;
/** The edge worker's client (created in the page, where the worker's address is known). */
export function edge(): Colorizer {
  edgeClient ??= createColorizer({ endpoint: edgeUrl(), retries: 2 });
  return edgeClient;
}

export interface OnDevice {
  colorizer: LocalColorizer;
  /** Which backend runs and why, in plain words. */
  pick: BackendPick;
}

let local: Promise<OnDevice> | undefined;
/**
 * The same model in this page, on the backend that colorized fastest here: loaded on first use,
 * then kept. Its files are downloaded once, first, and every backend timed is built from them;
 * the steps are told to the page (useDeviceStep), since together they take seconds.
 */
export function onDevice(): Promise<OnDevice> {
  local ??= (async () => {
    setDeviceStep({ step: 'downloading', loaded: 0, total: 0 });
    const model = await fetchedOnce(MODEL_URL, (loaded, total) => setDeviceStep({ step: 'downloading', loaded, total }));
    await model.load!();
    setDeviceStep({ step: 'choosing' });
    const pick = await chooseBackend(colorizeProbe(model), { what: 'a photo', training: false });
    const { createLocalColorizer } = await import('@colorize/sdk/local');
    const colorizer = await createLocalColorizer({ modelUrl: model, wasmPath: WASM_PATH, backends: [pick.backend] });
    return { colorizer, pick };
  })().finally(() => setDeviceStep({ step: 'idle' })).catch((e: unknown) => {
    local = undefined;
    throw e;
  });
  return local;
}

/** What a person sets on a photo: the colour strength and their colour points (in the photo's pixels). */
export interface PhotoSettings {
  saturation: number;
  hints: Hint[];
}

/** One photo colorized at the edge or on this device; `backend` says which one ran on the device. */
export async function colorizeFile(file: File, { saturation, hints }: PhotoSettings, onThisDevice: boolean, signal?: AbortSignal): Promise<{ blob: Blob; where: string; backend?: string }> {
  // No points, no field: the request stays what it was before points existed.
  const options: ColorizeOptions = { saturation, signal, ...(hints.length ? { hints } : {}) };
  if (!onThisDevice) return { blob: await edge().colorize(file, options), where: 'at the edge' };
  const device = await onDevice();
  return { blob: await device.colorizer.colorize(file, options), where: 'on this device', backend: device.pick.reason };
}

/**
 * A message a person can act on, for every code the one list has: the compiler fails this
 * switch when a code is added to @colorize/model's errors without a message here.
 */
export function message(code: ColorizeErrorCode, detail: string, file?: File): string {
  const name = file?.name ?? 'This image';
  switch (code) {
    case 'empty_image':
      return `${name} is empty: there is no picture in it.`;
    case 'invalid_image':
      return `${name} could not be read: the file is damaged or incomplete.`;
    case 'unsupported_type':
      return `${name} is not a JPEG, PNG or WebP image.`;
    case 'unsupported_image':
      return `${name} is a kind of image we cannot read yet: ${detail}`;
    case 'image_too_large':
    case 'body_too_large':
      return `${name} is too large: ${detail}`;
    case 'image_too_complex':
      return `${name} would take too long to open: ${detail} Save it again as an ordinary JPEG or PNG and try that.`;
    case 'invalid_hints':
      return `A colour point could not be used: ${detail}`;
    case 'invalid_option':
    case 'invalid_form':
    case 'missing_image':
    case 'invalid_input':
    case 'not_found':
    case 'method_not_allowed':
      return `Something went wrong on our side (${detail}).`;
    case 'http_error':
      return `Something went wrong on our side (${detail}). Please try again.`;
    case 'rate_limited':
      return 'Too many photos at once: wait a minute, then try again.';
    case 'busy':
      return 'The colorize service is busy right now. Try again in a few seconds, or colorize on this device.';
    case 'invalid_weights':
      return `That model file cannot be used: ${detail}`;
    case 'model_unavailable':
      return `The colorizing model could not be loaded: ${detail}`;
    case 'network':
      return 'Could not reach the colorize service. Check your connection and try again, or switch on "Colorize on this device".';
    case 'timeout':
      return 'The colorize service took too long to answer. Try again, or colorize on this device.';
    case 'aborted':
      return 'Cancelled.';
    case 'internal':
      return `Something went wrong on our side: ${detail} Your photo was not stored; please try again.`;
    default: {
      const unhandled: never = code; // a compile error here names the code that needs a message
      return `${detail} (${String(unhandled)})`;
    }
  }
}

/**
 * Failures that may pass by themselves: the network, a busy or limited service, its own fault,
 * and the on-device model not loading (a retry fetches it again: onDevice() forgets a failed load).
 */
const PASSING: readonly ColorizeErrorCode[] = ['network', 'timeout', 'busy', 'rate_limited', 'internal', 'http_error', 'model_unavailable'];

/** Whether "Try again" can help: never for the file itself (damaged, unsupported, too large) or a bad point. */
export const canRetry = (e: unknown): boolean => e instanceof ColorizeError && PASSING.includes(e.code);

/** The message for anything colorizing can throw. */
export function explain(e: unknown, file?: File): string {
  if (e instanceof ColorizeError) return message(e.code, e.message, file);
  return e instanceof Error ? e.message : String(e);
}

/**
 * Refuse what is not a photo before sending or showing it: its first bytes, as the worker reads
 * them (a name or a declared type is not taken on trust).
 */
export async function notAnImage(file: File): Promise<string | undefined> {
  if (file.size === 0) return message('empty_image', '', file);
  const type = sniffImageType(new Uint8Array(await file.slice(0, 12).arrayBuffer()));
  return type ? undefined : message('unsupported_type', '', file);
}
