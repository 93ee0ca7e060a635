// node --import this file: lets Node load tfjs-core's ESM gradients (see tfjs-esm-hook.mjs).
import { register } from 'node:module';

register('./tfjs-esm-hook.mjs', import.meta.url);
