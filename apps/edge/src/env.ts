import type { TimingVariables } from 'hono/timing';
import type { Limits } from './limits.js';
import type { RateLimitBinding } from './rate-limit.js';

export interface Env {
  ASSETS: Fetcher;
  RATE_LIMITER?: RateLimitBinding;
  /** Comma-separated origins allowed to call /v1/* from a browser, or "*" (the default). */
  ALLOWED_ORIGINS?: string;
  MAX_BODY_BYTES?: string;
  MAX_PIXELS?: string;
  /** Requests per client per minute when the rate-limiting binding is absent. */
  RATE_LIMIT_PER_MINUTE?: string;
  /** Inferences at a time per isolate (default 1). */
  INFERENCE_CONCURRENCY?: string;
  /** Requests that may wait for one per isolate (default 6); more get 503 busy. */
  QUEUE_LENGTH?: string;
}

export type AppEnv = {
  Bindings: Env;
  /**
   * clockMoved: whether the clock advanced during inference, so the stage timings are true;
   * ticket: the request's place in the inference line (see routes/colorize.ts).
   */
  Variables: TimingVariables & { clockMoved?: boolean; ticket: number };
};

export const DEFAULTS = { maxBytes: 10_000_000, maxPixels: 2_100_000, perMinute: 120, concurrency: 1, queueLength: 6 };

export function limitsOf(env: Env): Limits {
  return {
    maxBytes: Number(env.MAX_BODY_BYTES ?? DEFAULTS.maxBytes),
    maxPixels: Number(env.MAX_PIXELS ?? DEFAULTS.maxPixels),
  };
}
