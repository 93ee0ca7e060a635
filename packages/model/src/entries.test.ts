/**
 * The package's entries as consumers import them (the built dist/, which `npm test` builds
 * first): each exports named things only, '.' stays small and runs anywhere, and only ./node
 * touches Node.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PKG = fileURLToPath(new URL('..', import.meta.url));

/** The files a browser bundle of `entry` pulls in (tfjs-core left to the app). */
async function browserInputs(entry: string): Promise<string[]> {
  const result = await build({
    absWorkingDir: PKG, entryPoints: [entry], bundle: true, write: false, metafile: true, platform: 'browser', format: 'esm',
    external: ['@tensorflow/tfjs-core'], logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('entries by job', () => {
  it("'.' is load + colorize + the error list + the hints' rules and spelling, and nothing else", async () => {
    const api = await import('@colorize/model');
    expect(Object.keys(api).sort()).toEqual([
      'ColorizeError', 'Colorizer', 'DEFAULT_MAX_PIXELS', 'ERROR_CODES', 'HINT_PATCH', 'MAX_HINTS',
      'assertTakesHints', 'checkHints', 'fullHex', 'hexColour', 'isColorizeErrorCode', 'loadColorizer', 'sniffImageType',
    ]);
    expect(Object.keys(await import('@colorize/model/errors')).sort()).toEqual(['ColorizeError', 'ERROR_CODES', 'assert', 'isColorizeErrorCode']);
    expect(Object.keys(await import('@colorize/model/photo')).sort()).toEqual(['decodePhoto', 'fitWithin', 'hintsForCopy', 'mergeColour', 'patchDecoderForCmyk', 'readJpegInfo', 'resizeRgba', 'sniffImageType', 'unsupportedJpeg', 'unsupportedWebp']);
  });

  it("'.' bundles for a browser without training, Node or codec code", async () => {
    const inputs = await browserInputs('dist/index.js');
    expect(inputs.filter((f) => /train-step|losses|augment|checkpoint|wasm-kernels|metrics|node\/|cli\/|jsquash|register_all_gradients/.test(f))).toEqual([]);
    // errors.js imports nothing: the SDK's edge client uses it without TensorFlow.js.
    expect(await browserInputs('dist/errors.js')).toEqual(['dist/errors.js']);
  });

  it('./training and ./metrics bundle for a browser too; only ./node needs Node', async () => {
    for (const entry of ['dist/training/index.js', 'dist/metrics/index.js', 'dist/photo/index.js']) {
      expect((await browserInputs(entry)).filter((f) => /node\/|cli\/|jsquash/.test(f))).toEqual([]);
    }
    await expect(browserInputs('dist/node/index.js')).rejects.toThrow(/node:/);
    // ./node colorizes in plain Node, with no resolve hook: training stays out of it.
    const nodeInputs = (await build({ absWorkingDir: PKG, entryPoints: ['dist/node/index.js'], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' })).metafile.inputs;
    expect(Object.keys(nodeInputs).filter((f) => /train-step|training\//.test(f))).toEqual([]);
  });
});
