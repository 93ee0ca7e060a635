// Install what a fresh clone lacks, before `npm start` and `npm test` (Node built-ins only:
// nothing else is installed yet when this runs).
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const ROOT = new URL('..', import.meta.url).pathname;

/** Telemetry off for every tool these scripts start. */
export const ENV = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  TURBO_TELEMETRY_DISABLED: '1',
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  DO_NOT_TRACK: '1',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
};

export function sh(command, options = {}) {
  execSync(command, { stdio: 'inherit', cwd: ROOT, env: ENV, ...options });
}

/** `npm ci` when node_modules is missing or was installed from another package-lock.json. */
export function ensureDependencies() {
  const lock = readFileSync(`${ROOT}package-lock.json`);
  const hash = createHash('sha256').update(lock).digest('hex');
  const stamp = `${ROOT}node_modules/.colorize-lock-hash`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  console.log('Installing dependencies (npm ci)…');
  sh('npm ci --no-audit --no-fund');
  writeFileSync(stamp, hash);
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium for the browser tests (Playwright's own browser download cannot work here). */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  console.log('Installing Debian chromium for the browser tests…');
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  sh(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`);
}
