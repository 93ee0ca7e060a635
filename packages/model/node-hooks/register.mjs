// The one Node resolve hook this project needs, and only because of TensorFlow.js: see
// tfjs-esm-hook.mjs. `node --import @colorize/model/node-hooks` registers it; the package's
// own commands (bin/colorize.mjs) register it themselves.
import { register } from 'node:module';

register('./tfjs-esm-hook.mjs', import.meta.url);
