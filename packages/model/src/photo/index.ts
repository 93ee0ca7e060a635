/**
 * @colorize/model/photo: a photo's bytes as a person sees them, in any runtime (the caller
 * brings its own wasm codecs): its type from the bytes, what its JPEG header declares and costs,
 * and upright RGBA pixels (EXIF orientation applied, CMYK and YCCK converted, cut-short files
 * refused); and the full-resolution merge: a reduced copy's colour on the photo at its own size.
 */
export { sniffImageType, type ImageType } from './image-type.js';
export { decodePhoto, unsupportedJpeg, unsupportedWebp, type RawDecoders } from './photo-decode.js';
export { readJpegInfo, type JpegFrame, type JpegInfo } from './jpeg-markers.js';
export { patchDecoderForCmyk } from './cmyk.js';
export { fitWithin, resizeRgba, type RgbaImage } from './image.js';
export { mergeColour, type MergeOptions } from './merge.js';
export { hintsForCopy } from '../inference/hints.js';
