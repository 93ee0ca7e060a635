import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * `next start` of the built site (the test script builds it first), pointed at the test worker;
 * or `next dev`, for what only React's development build reports (hydration mismatches).
 */
export async function startSite(port: number, edgeUrl: string, mode: 'start' | 'dev' = 'start'): Promise<{ url: string; stop: () => void }> {
  // localhost, not 127.0.0.1: WebGPU needs a secure context, which http://localhost is.
  const url = `http://localhost:${port}`;
  // Another checkout's tests may hold the port: their site would be tested instead of this one.
  if (await fetch(url).then(() => true, () => false)) throw new Error(`Something already answers on ${url}: stop it, or use another port.`);
  const dir = dirname(require.resolve('@colorize/web/package.json'));
  const child = spawn('npx', ['next', mode, '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, EDGE_URL: edgeUrl, NEXT_TELEMETRY_DISABLED: '1' },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* gone */
    }
  };
  // A dev server compiles the page on its first request: slower on a busy machine.
  for (const deadline = Date.now() + (mode === 'dev' ? 240_000 : 90_000); Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${output}`);
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  stop();
  throw new Error(`next start did not answer:\n${output}`);
}

