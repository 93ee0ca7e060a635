/** Node-only parts of @colorize/model: files, codecs, the backend, the shipped model. */
import { fileURLToPath } from 'node:url';
import { loadColorizer, type Colorizer } from '../index.js';
import { registerFileSystemRouter } from './file-io.js';

export { useNodeBackend, type NodeBackend } from './backend.js';
export { fileSystem, registerFileSystemRouter } from './file-io.js';
export { decodeImage, encodeImage, type ImageFormat } from './codecs.js';

/** The default model shipped with this package (uint8 weights, see models/default/MODEL_CARD.md). */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../../models/default', import.meta.url));

registerFileSystemRouter();

/** Load a colorizer from a folder holding model.json (default: the shipped model). */
export function loadColorizerFromDir(dir: string = DEFAULT_MODEL_DIR): Promise<Colorizer> {
  return loadColorizer(`file://${dir}`);
}
