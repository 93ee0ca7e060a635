import { fullHex, MAX_HINTS, type Hint } from '@colorize/model';
import { serviceError } from './errors.js';

/**
 * Colour hints arrive as JSON text: the multipart form's "hints" field, or the `hints` query
 * option for a raw image body. Only the JSON is read here; what makes a hint good (inside the
 * image, a hex colour, no unknown field, at most MAX_HINTS) is the model's checkHints: run at
 * once without the image's size, then on the decoded, upright image's.
 */

/**
 * The hints as parsed JSON, unchecked; undefined when none were sent.
 *
 * @param fromForm The form's "hints" field, if any.
 * @param fromQuery The `hints` query option, if any.
 * @throws invalid_hints when both are given or the text is not JSON.
 */
export function parseHints(fromForm: string | undefined, fromQuery: string | undefined): unknown {
  if (fromForm !== undefined && fromQuery !== undefined) {
    throw serviceError('invalid_hints', 'Hints are given twice, as a form field and in the query: send them once.');
  }
  const text = fromForm ?? fromQuery;
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw serviceError('invalid_hints', `Hints must be JSON, a list like [{"x": 10, "y": 20, "color": "#c0392b"}]: ${(e as Error).message}.`);
  }
}

/**
 * What of checked hints makes a cache key: each in one spelling (fields in one order, the colour
 * as lower-case #rrggbb, so "#F00" and "#ff0000" share an entry), or undefined for none or an
 * empty list (the same answer as no hints, so the same entry).
 */
export function hintsKey(hints: readonly Hint[] | undefined): string | undefined {
  if (!hints?.length) return undefined;
  return JSON.stringify(hints.map((h) => [h.x, h.y, fullHex(h.color), h.size ?? null]));
}

/** The Hint schema of /openapi.json (documentation: the rules themselves are checkHints's). */
export const HINT_SCHEMA = {
  type: 'object' as const,
  description: 'A colour the photo should have at one point. Only its hue and chroma are used: the photo keeps its own lightness.',
  properties: {
    x: { type: 'number' as const, minimum: 0, description: 'Column of the hint, in pixels of the photo as it is seen (after EXIF orientation), less than its width' },
    y: { type: 'number' as const, minimum: 0, description: 'Row of the hint, in the same pixels, less than the height' },
    color: { type: 'string' as const, example: '#c0392b', description: 'A CSS hex colour, #rrggbb or #rgb' },
    size: { type: 'number' as const, minimum: 1, description: 'Side of the square patch it covers, in the photo\'s pixels (optional; default a small point)' },
  },
  required: ['x', 'y', 'color'],
  additionalProperties: false,
  example: { x: 120, y: 80, color: '#c0392b' },
};

/** A list of hints, as the form field and the query option carry it. */
export const HINTS_SCHEMA = {
  type: 'array' as const,
  maxItems: MAX_HINTS,
  items: { $ref: '#/components/schemas/Hint' },
  description: `Colour hints, at most ${MAX_HINTS}, as JSON; an empty list is the automatic colours. A model that takes no hints refuses a non-empty list (invalid_hints).`,
};
