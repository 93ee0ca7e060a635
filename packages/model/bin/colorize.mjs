#!/usr/bin/env node
// The package ships TypeScript sources; tsx runs them without a build step.
import '../src/node/register-hooks.mjs';
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/colorize.ts');
