// Copy the shipped model into the worker's static assets (public/ is built, not committed).
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const source = dirname(require.resolve('@colorize/model/default-model/model.json'));
const target = new URL('../public/models/default/', import.meta.url).pathname;
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
cpSync(source, target, { recursive: true, filter: (p) => p === source || p.endsWith('model.json') || p.endsWith('.bin') });
console.log(`model ${join(source, 'model.json')} -> ${target}`);
