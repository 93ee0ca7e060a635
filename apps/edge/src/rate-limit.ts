import type { MiddlewareHandler } from 'hono';
import { DEFAULTS, type AppEnv } from './env.js';
import { serviceError } from './errors.js';

/** Workers' rate-limiting binding (also simulated locally by wrangler dev). */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/**
 * Without the binding (plain workerd, other hosts): a fixed one-minute window per client,
 * per isolate. Coarser than the binding but the same promise: a flood gets 429s.
 */
export function memoryRateLimit(perMinute: number): RateLimitBinding {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    async limit({ key }) {
      const now = Date.now();
      let w = windows.get(key);
      if (!w || now - w.start >= 60_000) {
        if (windows.size > 10_000) windows.clear(); // bound memory under many distinct clients
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      return { success: w.count <= perMinute };
    },
  };
}

/**
 * The client a request counts against: CF-Connecting-IP, which Cloudflare sets on every request
 * (and wrangler dev from the socket's address when the client sent none). An IPv6 client is its
 * /64, since one host holds a whole /64. Undefined without the header (a host that is not
 * Cloudflare): there is then no client to tell apart, and no shared bucket is made up for all.
 */
export function clientKey(connectingIp: string | undefined): string | undefined {
  const ip = connectingIp?.trim();
  if (!ip) return undefined;
  if (!ip.includes(':')) return ip;
  // An IPv4 client written as IPv6 (::ffff:203.0.113.7) is that IPv4 client, not one /64 for all of them.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

const fallbackLimiters = new Map<number, RateLimitBinding>();

/** 429 rate_limited with Retry-After past a client's requests per minute (the binding's, or RATE_LIMIT_PER_MINUTE in memory). */
export const rateLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = clientKey(c.req.header('cf-connecting-ip'));
  if (key) {
    const perMinute = Number(c.env.RATE_LIMIT_PER_MINUTE ?? DEFAULTS.perMinute);
    let limiter = c.env.RATE_LIMITER;
    if (!limiter) {
      limiter = fallbackLimiters.get(perMinute) ?? memoryRateLimit(perMinute);
      fallbackLimiters.set(perMinute, limiter);
    }
    if (!(await limiter.limit({ key })).success) {
      throw serviceError('rate_limited', 'Too many requests: try again in a minute.', { 'Retry-After': '60' });
    }
  }
  await next();
};
