// Plain Node in a project outside the workspace, on the installed tarballs only. Prints one
// JSON line of facts for the test to judge.
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { ColorizeError } from '@colorize/model';
import { colourfulness } from '@colorize/model/metrics';
import { decodeImage, DEFAULT_MODEL_DIR } from '@colorize/model/node';
import { ColorizeApiError, createColorizer } from '@colorize/sdk';
import { createLocalColorizer } from '@colorize/sdk/local';

const [endpoint, photo] = process.argv.slice(2);
const bytes = await readFile(photo);
const facts = {};

// The edge client against the worker.
const client = createColorizer({ endpoint, retries: 0 });
const edgeOut = await decodeImage(new Uint8Array(await (await client.colorize(new Blob([bytes], { type: 'image/jpeg' }))).arrayBuffer()));
facts.edge = { width: edgeOut.width, height: edgeOut.height, colourfulness: colourfulness(edgeOut) };
const refused = await client.colorize(new Blob([])).catch((e) => e);
facts.edgeError = { isApiError: refused instanceof ColorizeApiError, isColorizeError: refused instanceof ColorizeError, code: refused.code, status: refused.status };

// Local mode in Node: the photo never leaves the process.
const local = await createLocalColorizer({ modelUrl: `file://${DEFAULT_MODEL_DIR}` });
const input = await decodeImage(bytes);
const localOut = await local.colorizeToPixels(input);
facts.local = { backend: local.backend, width: localOut.width, height: localOut.height, colourfulness: colourfulness(localOut) };
const tensors = tf.memory().numTensors;
await local.colorizeToPixels(input);
facts.local.leakedTensors = tf.memory().numTensors - tensors;
// Inference must not have pulled in training: no filter-gradient kernel on wasm, no gradients.
facts.trainingKernelRegistered = tf.getKernel('Conv2DBackpropFilter', 'wasm') !== undefined;
facts.gradientsRegistered = tf.getGradient('Conv2D') !== undefined;
const badModel = await createLocalColorizer({ modelUrl: `file://${DEFAULT_MODEL_DIR}-missing` }).catch((e) => e);
facts.missingModel = { code: badModel.code, isApiError: badModel instanceof ColorizeApiError };
local.dispose();
console.log(JSON.stringify(facts));
