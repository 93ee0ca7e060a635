/**
 * npm run assets: what the worker needs that is built, not committed. The shipped model goes
 * into its static assets (public/); a copy of mozjpeg's decoder patched to hand over CMYK goes
 * into generated/, since workerd only runs WebAssembly that wrangler compiled at build time.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { patchDecoderForCmyk } from '@colorize/model/photo';

const require = createRequire(import.meta.url);
const source = dirname(require.resolve('@colorize/model/default-model/model.json'));
const target = new URL('../public/models/default/', import.meta.url).pathname;
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
cpSync(source, target, { recursive: true, filter: (p) => p === source || p.endsWith('model.json') || p.endsWith('.bin') });
console.log(`model ${join(source, 'model.json')} -> ${target}`);

const decoder = require.resolve('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm');
const generated = new URL('../generated/', import.meta.url).pathname;
mkdirSync(generated, { recursive: true });
writeFileSync(join(generated, 'mozjpeg_dec_cmyk.wasm'), patchDecoderForCmyk(readFileSync(decoder)));
console.log(`CMYK decoder ${decoder} -> ${generated}mozjpeg_dec_cmyk.wasm`);
