/** Stable codes that every consumer (worker, site, SDK) can switch on. */
export type ColorizeErrorCode =
  | 'empty_image'
  | 'invalid_image'
  | 'image_too_large'
  | 'invalid_option'
  | 'invalid_weights';

export class ColorizeError extends Error {
  override readonly name = 'ColorizeError';
  constructor(
    readonly code: ColorizeErrorCode,
    message: string,
  ) {
    super(message);
  }
}
