/**
 * A one-line progress display for the commands: rewritten in place on a terminal, a plain line
 * at most every few seconds otherwise (logs, CI), so no dependency is needed for it.
 */
export interface Progress {
  update(done: number, detail?: string): void;
  stop(): void;
}

const LOG_EVERY_MS = 5000;

export function progress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const start = performance.now();
  let lastLog = -Infinity;
  let line = '';
  const eta = (done: number, first: number) => {
    const elapsed = (performance.now() - start) / 1000;
    if (done <= first || elapsed < 1) return '-';
    const s = Math.round(((total - done) * elapsed) / (done - first));
    return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
  };
  let first: number | undefined;
  return {
    update(done, detail = '') {
      first ??= done;
      line = `${label} ${done}/${total} (${Math.floor((100 * done) / Math.max(1, total))}%) ETA ${eta(done, first)}${detail ? ` | ${detail}` : ''}`;
      if (stream.isTTY) {
        stream.write(`\r${line.slice(0, Math.max(20, (stream.columns ?? 100) - 1)).padEnd(Math.min(line.length + 2, (stream.columns ?? 100) - 1))}`);
      } else if (performance.now() - lastLog >= LOG_EVERY_MS || done === total) {
        lastLog = performance.now();
        stream.write(`${line}\n`);
      }
    },
    stop() {
      if (stream.isTTY && line) stream.write('\n');
    },
  };
}
