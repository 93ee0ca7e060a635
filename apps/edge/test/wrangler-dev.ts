import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP = fileURLToPath(new URL('..', import.meta.url));

export interface RunningWorker {
  url: string;
  /** Process group of wrangler and the workerd it runs. */
  pgid: number;
  stop(): Promise<void>;
}

/**
 * The worker under `wrangler dev` (the real workerd runtime), on loopback. Assets must be in
 * place (npm run assets). Resolves once /healthz answers; rejects with wrangler's output if not.
 *
 * @param assets Another static-assets folder than public/ (another model in its models/default/).
 */
export async function startWorker(port: number, vars: Record<string, string> = {}, assets?: string): Promise<RunningWorker> {
  const url = `http://127.0.0.1:${port}`;
  // Another checkout's tests may hold the port: their worker would answer /healthz and be tested instead of this one.
  if (await fetch(`${url}/healthz`).then(() => true, () => false)) throw new Error(`Something already answers on ${url}: stop it, or use another port.`);
  // A fresh state folder: wrangler dev otherwise keeps the Cache API's entries across runs, and a
  // test or benchmark would be answered from an earlier run's cache.
  const state = mkdtempSync(join(tmpdir(), 'colorize-wrangler-'));
  const args = ['wrangler', 'dev', '--port', String(port), '--ip', '127.0.0.1', '--show-interactive-dev-session=false', '--log-level', 'warn', '--persist-to', state];
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  if (assets) args.push('--assets', assets);
  const child: ChildProcess = spawn('npx', args, {
    cwd: APP,
    detached: true, // its own process group, so stop() ends workerd too
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, pgid: child.pid!, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not answer on ${url} within 90 s:\n${output}`);
}
