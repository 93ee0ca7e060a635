// npm run size -w packages/model: each entry as a browser bundle would carry it, minified and
// gzipped: the package's own code (tfjs-core left to the app, which shares it), and for '.'
// also with tfjs-core, what a page that only colorizes ships in all.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
async function size(entry, external) {
  const r = await build({ absWorkingDir: root, entryPoints: [entry], bundle: true, minify: true, write: false, platform: 'browser', format: 'esm', external, logLevel: 'silent' });
  const bytes = r.outputFiles[0].contents;
  return `${(bytes.length / 1024).toFixed(1).padStart(7)} KiB min ${(gzipSync(bytes).length / 1024).toFixed(1).padStart(6)} KiB gz`;
}
const tfjs = ['@tensorflow/tfjs-core'];
console.log('entry        package code (tfjs-core external)');
for (const [name, file] of [['.', 'dist/index.js'], ['./errors', 'dist/errors.js'], ['./photo', 'dist/photo/index.js'], ['./training', 'dist/training/index.js'], ['./metrics', 'dist/metrics/index.js']]) {
  console.log(`${name.padEnd(12)} ${await size(file, tfjs)}`);
}
console.log(`${"'.' + tfjs-core".padEnd(12)} ${await size('dist/index.js', [])}`);
console.log(`${'./node'.padEnd(12)} Node only (files, codecs, backend): not bundled for browsers`);
