// Builds: dist/esm (ES modules for bundlers, dependencies left to the bundler), dist/types
// (declarations), dist/script/colorize.js (one file for a <script> tag: edge client and
// <colorize-image>) and dist/script/colorize-local.js (local mode, loaded by it on demand).
import { execSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
rmSync(`${root}dist`, { recursive: true, force: true });
const common = { absWorkingDir: root, target: 'es2022', logLevel: 'warning', legalComments: 'none' };

await build({
  ...common,
  entryPoints: ['src/index.ts', 'src/client.ts', 'src/local.ts', 'src/backend.ts', 'src/element.ts', 'src/define.ts', 'src/errors.ts', 'src/input.ts', 'src/full-size.ts'],
  outdir: 'dist/esm',
  format: 'esm',
  bundle: false,
});
await build({ ...common, entryPoints: ['src/script.ts'], outfile: 'dist/script/colorize.js', format: 'iife', bundle: true, minify: true });
await build({
  ...common,
  entryPoints: ['src/local.ts'],
  outfile: 'dist/script/colorize-local.js',
  format: 'esm',
  bundle: true,
  minify: true,
  // tfjs-backend-wasm's Node branch names these; browsers never reach it.
  external: ['fs', 'path', 'os', 'worker_threads', 'perf_hooks', 'crypto'],
});
execSync('npx tsc -p tsconfig.build.json', { cwd: root, stdio: 'inherit' });
console.log('built dist/esm, dist/types, dist/script');
