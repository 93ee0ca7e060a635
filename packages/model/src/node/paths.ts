import { fileURLToPath } from 'node:url';

/** The default model shipped with this package (uint8 weights, see models/default/MODEL_CARD.md). */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../../models/default', import.meta.url));

/** The package holdout's crops with faces, reviewed by eye (one file name a line, # comments): eval's portraits line. */
export const PORTRAITS_LIST = fileURLToPath(new URL('../../fixtures/holdout/portraits.txt', import.meta.url));
