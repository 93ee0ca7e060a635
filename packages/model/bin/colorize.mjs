#!/usr/bin/env node
// The package's commands on its built files, as plain Node:
//   colorize [colorize] <in> <out> …   colorize train …   colorize eval …   colorize quantize …   colorize bench …
import '../node-hooks/register.mjs'; // tfjs's own need (see node-hooks/tfjs-esm-hook.mjs), before tfjs loads

const COMMANDS = ['colorize', 'train', 'eval', 'quantize', 'bench'];
const [first] = process.argv.slice(2);
const command = COMMANDS.includes(first) ? first : 'colorize';
if (command === first) process.argv.splice(2, 1);
await import(`../dist/cli/${command}.js`);
