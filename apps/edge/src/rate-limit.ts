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
