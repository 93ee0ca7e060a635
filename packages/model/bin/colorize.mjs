#!/usr/bin/env node
// The package's commands on its built files, as plain Node:
//   colorize [colorize] <in> <out> …   colorize train|finetune|eval|quantize|bench|bench-finetune …
import '../node-hooks/register.mjs'; // tfjs's own need (see node-hooks/tfjs-esm-hook.mjs), before tfjs loads

const COMMANDS = ['colorize', 'train', 'finetune', 'eval', 'quantize', 'bench', 'bench-finetune'];
// The commands read and write files and run on wasm: optional peers a browser user never needs.
const PEERS = ['@jsquash/jpeg', '@jsquash/png', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu'];

const missing = PEERS.filter((name) => {
  try {
    import.meta.resolve(name);
    return false;
  } catch {
    return true;
  }
});
if (missing.length) {
  console.error(`error: the colorize commands need ${missing.join(', ')}: npm install ${missing.join(' ')}`);
  process.exit(1);
}

const [first] = process.argv.slice(2);
const command = COMMANDS.includes(first) ? first : 'colorize';
if (command === first) process.argv.splice(2, 1);
await import(`../dist/cli/${command}.js`);
