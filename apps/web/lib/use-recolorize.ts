'use client';
import { useCallback, useEffect, useRef, useState } from 'react';

/** Colorizes once with these settings; `note` says where (shown beside the result). */
export type ColorizeRun<S> = (settings: S, signal: AbortSignal) => Promise<{ blob: Blob; note?: string }>;

export interface Recolorized {
  /** The latest result (an object URL), kept through later failures. */
  url?: string;
  note?: string;
  /** A colorize is waiting or running: set the moment the settings change. */
  busy: boolean;
  /** Why the latest colorize failed; cleared when the next one starts. */
  error?: unknown;
  /** Colorize again now, with the current settings. */
  retry(): void;
}

/**
 * A photo colorized with `settings`: at once on mount, then again `delayMs` after the settings
 * stop changing (a dragged point or slider sends many). Only the newest run's answer is shown;
 * an older one still in flight is aborted.
 */
export function useRecolorize<S>(settings: S, run: ColorizeRun<S>, delayMs = 400): Recolorized {
  const key = JSON.stringify(settings);
  const latest = useRef({ settings, run });
  latest.current = { settings, run };
  const [state, setState] = useState<Omit<Recolorized, 'retry'>>({ busy: true });
  const url = useRef<string | undefined>(undefined);
  const seq = useRef(0);
  const inFlight = useRef<AbortController | undefined>(undefined);
  const started = useRef(false);

  const start = useCallback(async () => {
    const n = ++seq.current;
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setState((s) => ({ ...s, busy: true, error: undefined }));
    try {
      const { blob, note } = await latest.current.run(latest.current.settings, controller.signal);
      if (n !== seq.current) return;
      if (url.current) URL.revokeObjectURL(url.current);
      url.current = URL.createObjectURL(blob);
      setState({ url: url.current, note, busy: false });
    } catch (error) {
      if (n === seq.current) setState((s) => ({ ...s, busy: false, error }));
    }
  }, []);

  useEffect(() => {
    if (!started.current) {
      started.current = true;
      void start();
      return;
    }
    setState((s) => ({ ...s, busy: true }));
    const timer = setTimeout(() => void start(), delayMs);
    return () => clearTimeout(timer);
  }, [key, delayMs, start]);

  useEffect(() => () => {
    seq.current++; // an answer arriving after this is dropped
    inFlight.current?.abort();
    if (url.current) URL.revokeObjectURL(url.current);
  }, []);

  return { ...state, retry: () => void start() };
}
