import * as tf from '@tensorflow/tfjs-core';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { weightBytes } from '../inference/weights.js';

/** tfjs's shard size: weights are split into files of at most 4 MB, as tfjs's converter does. */
const SHARD_BYTES = 4 * 1024 * 1024;

/**
 * A tf.io handler for a model.json + weight shards in a folder, the layout tfjs's converter
 * writes and tf.io.http reads, so the same files serve Node, a browser and a worker.
 *
 * @param pathOrUrl The folder, as a path or 'file://' URL (a trailing /model.json is allowed).
 */
export function fileSystem(pathOrUrl: string): tf.io.IOHandler {
  const dir = resolve(pathOrUrl.replace(/^file:\/\//, '').replace(/\/model\.json$/, ''));
  return {
    async save(artifacts) {
      await mkdir(dir, { recursive: true });
      const data = new Uint8Array(weightBytes(artifacts.weightData));
      const count = Math.max(1, Math.ceil(data.length / SHARD_BYTES));
      const paths = Array.from({ length: count }, (_, i) => `group1-shard${i + 1}of${count}.bin`);
      await Promise.all(paths.map((p, i) => writeFile(join(dir, p), data.subarray(i * SHARD_BYTES, (i + 1) * SHARD_BYTES))));
      const modelJson = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths, weights: artifacts.weightSpecs }],
        userDefinedMetadata: artifacts.userDefinedMetadata,
      };
      await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson, null, 1));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load() {
      const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((g) => g.weights);
        const buffers = await Promise.all(
          manifest.flatMap((g) => g.paths).map(async (p) => {
            const b = await readFile(join(dir, p));
            return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
          }),
        );
        return [specs, tf.io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}

let registered = false;

/** Let 'file://dir' work wherever tfjs takes a URL (saveModel, loadColorizer, …). */
export function registerFileSystemRouter(): void {
  if (registered) return;
  registered = true;
  // tfjs routers answer null for URLs that are not theirs, though IORouter's type omits it.
  const route = (url: string | string[]) => (typeof url === 'string' && url.startsWith('file://') ? fileSystem(url) : null) as tf.io.IOHandler;
  tf.io.registerSaveRouter(route);
  tf.io.registerLoadRouter(route);
}

