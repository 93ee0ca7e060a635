// Static files the site serves itself (public/ is built, not committed): the shipped model for
// on-device colorizing and the studio, tfjs's .wasm binaries, the SDK's script-tag build, and the
// black-and-white photo /embed's demo and snippet colorize (named in lib/config.ts too).
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const DEMO_PHOTO = 'bw-taj-mahal.jpg';
const pub = new URL('../public/', import.meta.url).pathname;
const copy = (from, to, filter = () => true) => {
  rmSync(join(pub, to), { recursive: true, force: true });
  mkdirSync(join(pub, to), { recursive: true });
  for (const f of readdirSync(from).filter(filter)) cpSync(join(from, f), join(pub, to, f));
};
const model = dirname(require.resolve('@colorize/model/default-model/model.json'));
copy(model, 'models/default', (f) => f === 'model.json' || f.endsWith('.bin'));
// The studio's world judge: photos a fine-tune must still colour as the default model does.
copy(join(model, 'world'), 'models/default/world', (f) => f === 'index.json' || f.endsWith('.jpg'));
copy(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')), 'tfjs', (f) => f.endsWith('.wasm'));
copy(join(dirname(require.resolve('@colorize/sdk/package.json')), 'dist/script'), 'sdk');
copy(dirname(require.resolve('@colorize/model/fixtures/photos/README.md')), 'demo', (f) => f === DEMO_PHOTO);
console.log(`assets -> ${pub}`);
