/**
 * mulberry32: a small seeded generator, so crops, mirrors and dropout masks repeat per seed.
 *
 * @param seed Any integer.
 * @returns A function giving numbers in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seed for one named item from a run's seed (FNV-1a over both): each item gets its own stream,
 * the same whatever else is drawn alongside (a subset of photos sees the same draws as the whole).
 *
 * @param seed The run's seed.
 * @param name The item's name (a file name, say).
 */
export function seedFor(seed: number, name: string): number {
  let h = 0x811c9dc5;
  for (const c of `${seed}:${name}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return h >>> 0;
}
