/**
 * @colorize/model/node: the Node-only parts: files, codecs, the backend, the shipped model.
 * Importing it lets tfjs read and write 'file://' URLs. Its codecs need the optional peer
 * dependencies @jsquash/jpeg and @jsquash/png, its backend @tensorflow/tfjs-backend-wasm and -cpu.
 */
import { loadColorizer, type Colorizer } from '../index.js';
import { registerFileSystemRouter } from './file-io.js';
import { DEFAULT_MODEL_DIR } from './paths.js';

export { useNodeBackend, type NodeBackend } from './backend.js';
export { fileSystem, registerFileSystemRouter } from './file-io.js';
export { decodeImage, encodeImage, type ImageFormat } from './codecs.js';

export { DEFAULT_MODEL_DIR } from './paths.js';

registerFileSystemRouter();

/**
 * Load a colorizer from a folder holding model.json and its weight shards.
 *
 * @param dir The folder (default: the shipped model).
 * @throws ColorizeError `model_unavailable` when the folder or its files cannot be read;
 *   `invalid_weights` when they are not a Colorize model.
 */
export function loadColorizerFromDir(dir: string = DEFAULT_MODEL_DIR): Promise<Colorizer> {
  return loadColorizer(`file://${dir}`);
}
