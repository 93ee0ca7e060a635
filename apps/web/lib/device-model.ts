'use client';
import type { io } from '@tensorflow/tfjs-core';
import { useSyncExternalStore } from 'react';
import { ColorizeError } from '@colorize/model/errors';

/** Where the first on-device colorize is before it colorizes: what the page says meanwhile. */
export type DeviceStep =
  | { step: 'idle' }
  /** `loaded` and `total` in bytes, over the files whose size the server gave (the weights). */
  | { step: 'downloading'; loaded: number; total: number }
  | { step: 'choosing' };

let current: DeviceStep = { step: 'idle' };
const listeners = new Set<() => void>();

export function setDeviceStep(step: DeviceStep): void {
  current = step;
  listeners.forEach((l) => l());
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const IDLE: DeviceStep = { step: 'idle' };

/** The step, for every card waiting on the model. */
export const useDeviceStep = (): DeviceStep => useSyncExternalStore(subscribe, () => current, () => IDLE);

/** In words: "Downloading the model, 3.6 MB… 60 %", "Choosing the fastest way to run it on this device…". */
export function deviceStepWords(s: DeviceStep): string | undefined {
  if (s.step === 'choosing') return 'Choosing the fastest way to run it on this device…';
  if (s.step !== 'downloading') return undefined;
  if (!s.total) return 'Downloading the model…';
  return `Downloading the model, ${(s.total / 1e6).toFixed(1)} MB… ${Math.floor((10 * s.loaded) / s.total) * 10} %`;
}

/**
 * A fetch that reports the bytes of each body as they arrive (tfjs's own onProgress only counts
 * whole files, and the weights are one file). Only bodies of a declared length count, so the
 * percentage never passes 100: model.json, compressed on the fly, has none and is small.
 */
function countingFetch(onBytes: (loaded: number, total: number) => void): typeof fetch {
  let loaded = 0;
  let total = 0;
  return async (input, init) => {
    const res = await fetch(input, init);
    const length = Number(res.headers.get('content-length'));
    if (!res.ok || !res.body || !(length > 0)) return res;
    total += length;
    onBytes(loaded, total);
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        loaded += value.byteLength;
        onBytes(loaded, total);
        controller.enqueue(value);
      },
      cancel: (why) => reader.cancel(why),
    });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/**
 * The model's files (model.json and its weights) fetched once, reporting progress, and kept:
 * every backend the chooser times and the colorizer it picks are built from this one copy
 * instead of fetching the model again each. A failed download is forgotten, so a retry fetches.
 *
 * @throws ColorizeError `model_unavailable` (from load()) when the files cannot be fetched.
 */
export async function fetchedOnce(url: string, onBytes: (loaded: number, total: number) => void): Promise<io.IOHandler> {
  const tf = await import('@tensorflow/tfjs-core');
  const http = tf.io.http(new URL(url, location.href).href, { fetchFunc: countingFetch(onBytes) });
  let files: Promise<io.ModelArtifacts> | undefined;
  return {
    load: () => (files ??= http.load!().catch((e: unknown) => {
      files = undefined;
      throw new ColorizeError('model_unavailable', `The model could not be downloaded from ${url}: ${(e as Error).message}`, { cause: e });
    })),
  };
}
