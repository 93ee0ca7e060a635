import { describe, expect, it } from 'vitest';
import { InferenceQueue } from './queue.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('the inference queue', () => {
  it('runs one job at a time, first come first served, and refuses past its length with 503 busy and Retry-After', async () => {
    const queue = new InferenceQueue({ concurrency: 1, maxWaiting: 3, typicalJobMs: 400 });
    const order: number[] = [];
    let active = 0;
    let most = 0;
    const job = (i: number) => async () => {
      order.push(i);
      most = Math.max(most, ++active);
      await tick();
      active--;
      return i;
    };
    const runs = Array.from({ length: 6 }, (_, i) => queue.run(i, job(i)).then((ok) => ({ ok }), (e: { status: number; res: Response }) => ({ e })));
    expect(queue.length).toBe(4);
    const results = await Promise.all(runs);
    expect(results.slice(0, 4)).toEqual([0, 1, 2, 3].map((ok) => ({ ok })));
    for (const r of results.slice(4)) {
      const { e } = r as { e: { status: number; res: Response } };
      expect(e.status).toBe(503);
      // 4 in line ahead, 400 ms each, one at a time: 2 s.
      expect(e.res.headers.get('retry-after')).toBe('2');
      expect(((await e.res.json()) as { error: { code: string } }).error.code).toBe('busy');
    }
    expect(order).toEqual([0, 1, 2, 3]);
    expect(most).toBe(1);
    expect(queue.length).toBe(0);
    expect(queue.arrive()).toBeGreaterThanOrEqual(0);
  });

  it('serves by arrival, not by when a body finished uploading', async () => {
    const queue = new InferenceQueue({ concurrency: 1, maxWaiting: 5, typicalJobMs: 100 });
    const [a, b, c] = [queue.arrive(), queue.arrive(), queue.arrive()];
    const order: number[] = [];
    const job = (i: number) => async () => {
      order.push(i);
      await tick();
    };
    const first = queue.run(a, job(a));
    const third = queue.run(c, job(c)); // c's body came in before b's
    await new Promise((r) => setTimeout(r, 1));
    const second = queue.run(b, job(b));
    await Promise.all([first, second, third]);
    expect(order).toEqual([a, b, c]);
  });

  it('frees the slot when a job throws', async () => {
    const queue = new InferenceQueue({ concurrency: 1, maxWaiting: 1, typicalJobMs: 100 });
    await expect(queue.run(queue.arrive(), async () => Promise.reject(new Error('decoder')))).rejects.toThrow('decoder');
    expect(await queue.run(queue.arrive(), async () => 7)).toBe(7);
  });
});
