import { fileURLToPath } from 'node:url';

/** The default model shipped with this package (uint8 weights, see models/default/MODEL_CARD.md). */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../../models/default', import.meta.url));
