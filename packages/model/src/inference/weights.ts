import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_DISCRIMINATOR, DEFAULT_GENERATOR, type DiscriminatorConfig, type GeneratorConfig } from '../network/config.js';
import { ColorizeError } from '../errors.js';
import { createDiscriminator, type Discriminator } from '../network/patchgan.js';
import type { ParamMap } from '../network/params.js';
import { createGenerator, type Generator } from '../network/unet.js';

/** How weights are stored: tfjs's own quantization fields, so tfjs's decodeWeights reads them back. */
export type WeightDtype = 'float32' | 'float16' | 'uint8';

export const MODEL_FORMAT = 'colorize-pix2pix';

/** What model.json's modelTopology holds: enough to rebuild the networks. */
export interface Pix2PixTopology {
  format: typeof MODEL_FORMAT;
  generator: GeneratorConfig;
  discriminator?: DiscriminatorConfig;
}

/** Free-form facts about a model (id, version, training), kept in model.json's userDefinedMetadata. */
export interface ModelMetadata {
  id: string;
  version: string;
  [key: string]: unknown;
}

/** A generator, optionally its discriminator, and the model's metadata: what a model file holds. */
export interface Pix2PixModel {
  generator: Generator;
  /** Present when the weights carry one (checkpoints do; shipped inference weights need not). */
  discriminator?: Discriminator;
  metadata: ModelMetadata;
}

export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** Extra named tensors saved beside the networks (an optimizer's state in a checkpoint). */
export type ExtraTensors = NamedTensor[];

interface Encoded {
  specs: tf.io.WeightsManifestEntry[];
  data: ArrayBuffer;
}

/**
 * Affine uint8 quantization as tfjs's converter does it: the range is widened to hold 0 and
 * nudged so that 0 is exact (zero-initialised biases and padding stay zero).
 */
function quantizeUint8(values: Float32Array): { bytes: Uint8Array; min: number; scale: number } {
  let lo = 0;
  let hi = 0;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const scale = hi > lo ? (hi - lo) / 255 : 1;
  const zero = Math.round(-lo / scale);
  const min = -zero * scale;
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) bytes[i] = Math.min(255, Math.max(0, Math.round((values[i]! - min) / scale)));
  return { bytes, min, scale };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary16 bits of a float32, rounded to nearest even (subnormals and infinities kept). */
export function float16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let m = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && (m & 1))) m++;
    return sign | m;
  }
  let h = sign | (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1))) h++;
  return h;
}

async function encode(tensors: NamedTensor[], dtype: WeightDtype): Promise<Encoded> {
  if (dtype === 'float32') {
    const { data, specs } = await tf.io.encodeWeights(tensors);
    return { data, specs };
  }
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const { name, tensor } of tensors) {
    const values = (await tensor.data()) as Float32Array;
    const base = { name, shape: tensor.shape, dtype: 'float32' as const };
    if (dtype === 'uint8') {
      const q = quantizeUint8(values);
      specs.push({ ...base, quantization: { dtype: 'uint8', min: q.min, scale: q.scale } });
      parts.push(q.bytes);
    } else {
      specs.push({ ...base, quantization: { dtype: 'float16' } });
      parts.push(new Uint8Array(Uint16Array.from(values, float16Bits).buffer));
    }
  }
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    data.set(p, offset);
    offset += p.length;
  }
  return { data: data.buffer, specs };
}

function named(params: ParamMap): NamedTensor[] {
  return [...params].map(([name, tensor]) => ({ name, tensor }));
}

/** How saveModel and toSingleFile write weights. */
export interface SaveOptions {
  dtype?: WeightDtype;
  /** Save the discriminator too (a training checkpoint), or the generator alone (inference). */
  includeDiscriminator?: boolean;
  extra?: ExtraTensors;
}

/** The model as tfjs ModelArtifacts: model.json topology + one weight buffer. */
export async function toArtifacts(model: Pix2PixModel, options: SaveOptions = {}): Promise<tf.io.ModelArtifacts> {
  const withD = options.includeDiscriminator && model.discriminator;
  const topology: Pix2PixTopology = {
    format: MODEL_FORMAT,
    generator: model.generator.config,
    ...(withD ? { discriminator: model.discriminator!.config } : {}),
  };
  // Optimizer state stays float32 whatever the weights' dtype: quantizing it would derail training.
  const main = await encode([...named(model.generator.params), ...(withD ? named(model.discriminator!.params) : [])], options.dtype ?? 'float32');
  const extra = options.extra?.length ? await encode(options.extra, 'float32') : undefined;
  return {
    format: MODEL_FORMAT,
    generatedBy: '@colorize/model',
    convertedBy: null,
    modelTopology: topology as unknown as object,
    weightSpecs: [...main.specs, ...(extra?.specs ?? [])],
    weightData: extra ? tf.io.concatenateArrayBuffers([main.data, extra.data]) : main.data,
    userDefinedMetadata: model.metadata as unknown as Record<string, object>,
  };
}

export function isTopology(t: unknown): t is Pix2PixTopology {
  return typeof t === 'object' && t !== null && (t as Pix2PixTopology).format === MODEL_FORMAT && typeof (t as Pix2PixTopology).generator === 'object';
}

/** loadModel's result. */
export interface LoadedArtifacts {
  model: Pix2PixModel;
  /** Tensors in the file that are not network weights (a checkpoint's optimizer state). Caller disposes. */
  extra: tf.NamedTensorMap;
}

/**
 * Rebuild the networks from ModelArtifacts, any quantization decoded by tfjs itself.
 *
 * @throws ColorizeError `invalid_weights` when they are not a Colorize model or are damaged.
 */
export function fromArtifacts(artifacts: tf.io.ModelArtifacts): LoadedArtifacts {
  const topology = artifacts.modelTopology;
  if (!isTopology(topology) || !artifacts.weightSpecs || !artifacts.weightData) {
    throw new ColorizeError('invalid_weights', `Not a ${MODEL_FORMAT} model: model.json lacks its topology or weights.`);
  }
  let tensors: tf.NamedTensorMap;
  try {
    // In a tidy: a short buffer fails part-way, after some tensors were made.
    tensors = tf.tidy(() => tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!));
  } catch (e) {
    throw new ColorizeError('invalid_weights', `The model's weights do not match its model.json: ${(e as Error).message}`, { cause: e });
  }
  try {
    // The networks take the decoded tensors as their variables' values (and dispose them).
    const generator = createGenerator({ ...DEFAULT_GENERATOR, ...topology.generator }, 0, tensors);
    const discriminator = topology.discriminator
      ? createDiscriminator({ ...DEFAULT_DISCRIMINATOR, ...topology.discriminator }, 1, tensors)
      : undefined;
    const used = new Set([...generator.params.keys(), ...(discriminator?.params.keys() ?? [])]);
    const extra: tf.NamedTensorMap = {};
    for (const [name, t] of Object.entries(tensors)) if (!used.has(name)) extra[name] = t;
    const metadata = (artifacts.userDefinedMetadata ?? { id: 'unnamed', version: '0' }) as unknown as ModelMetadata;
    return { model: { generator, ...(discriminator ? { discriminator } : {}), metadata }, extra };
  } catch (e) {
    Object.values(tensors).forEach((t) => t.dispose());
    // Whatever the networks refuse here (a shape, a size, a missing tensor) came from the file.
    const why = e instanceof ColorizeError && e.code === 'invalid_weights' ? e.message : `The model file is damaged: ${(e as Error).message}`;
    throw new ColorizeError('invalid_weights', why, { cause: e });
  }
}

/** Where weights live: a tfjs URL ('indexeddb://…', 'http…', 'file://…' once node/ registers it) or a handler. */
export type WeightsSource = string | tf.io.IOHandler;

function handlerFor(source: WeightsSource, kind: 'load' | 'save'): tf.io.IOHandler {
  if (typeof source !== 'string') return source;
  // tfjs routes only absolute URLs: in a page or worker, '/models/x/model.json' means this site.
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
  const here = (globalThis as { location?: { href: string } }).location;
  const url = !hasScheme && here ? new URL(source, here.href).href : source;
  const handlers = kind === 'load' ? tf.io.getLoadHandlers(url) : tf.io.getSaveHandlers(url);
  if (handlers.length === 0) throw new ColorizeError('invalid_weights', `No TensorFlow.js ${kind} handler for ${source}.`);
  return handlers[0]!;
}

/**
 * Save a model as tfjs's model.json + weight shards, quantized if asked.
 *
 * @param model The networks and metadata.
 * @param destination A tfjs URL ('indexeddb://…', 'downloads://…', 'file://…' in Node) or an IOHandler.
 * @param options `dtype` ('float32', 'float16', 'uint8'), and whether to keep the discriminator.
 * @throws ColorizeError `invalid_weights` when no handler can write there.
 */
export async function saveModel(model: Pix2PixModel, destination: WeightsSource, options: SaveOptions = {}): Promise<tf.io.SaveResult> {
  const handler = handlerFor(destination, 'save');
  if (!handler.save) throw new ColorizeError('invalid_weights', 'That destination cannot be written to.');
  return handler.save(await toArtifacts(model, options));
}

/**
 * Read a model's files (model.json and its shards) without building the networks.
 *
 * @throws ColorizeError `model_unavailable` when they cannot be fetched or read (missing,
 *   HTTP error, not JSON); `invalid_weights` when the source is not one tfjs can read.
 */
export async function loadArtifacts(source: WeightsSource): Promise<tf.io.ModelArtifacts> {
  const handler = handlerFor(source, 'load');
  if (!handler.load) throw new ColorizeError('invalid_weights', 'That source cannot be read from.');
  try {
    return await handler.load();
  } catch (e) {
    if (e instanceof ColorizeError) throw e;
    const where = typeof source === 'string' ? source : 'its source';
    throw new ColorizeError('model_unavailable', `The model could not be loaded from ${where}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Load both networks (the discriminator when the file has one) to train or fine-tune them.
 *
 * @param source As loadArtifacts.
 * @throws ColorizeError `model_unavailable` when it cannot be read; `invalid_weights` when it is
 *   not a Colorize model or is damaged.
 */
export async function loadModel(source: WeightsSource): Promise<LoadedArtifacts> {
  return fromArtifacts(await loadArtifacts(source));
}

/** tfjs gives weight data as one buffer or several: the bytes as one buffer. */
export function weightBytes(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (!data) return new ArrayBuffer(0);
  return Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
}

/** One file holding a whole model: model.json's fields with its single weight shard inlined as base64. */
export interface SingleFileModel {
  format: string;
  generatedBy?: string;
  modelTopology: Pix2PixTopology;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  userDefinedMetadata?: ModelMetadata;
  /** The shard's bytes, base64: what model.json's `paths` would point to. */
  weightData: string;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * A model as one downloadable JSON file (the studio's export): model.json with the weights inlined.
 *
 * @param model The networks and metadata.
 * @param options As saveModel.
 */
export async function toSingleFile(model: Pix2PixModel, options: SaveOptions = {}): Promise<SingleFileModel> {
  const a = await toArtifacts(model, options);
  const data = weightBytes(a.weightData);
  return {
    format: MODEL_FORMAT,
    generatedBy: a.generatedBy,
    modelTopology: a.modelTopology as Pix2PixTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs! }],
    userDefinedMetadata: model.metadata,
    weightData: toBase64(new Uint8Array(data)),
  };
}

/**
 * Read a file written by toSingleFile back into tfjs ModelArtifacts (for loadColorizer).
 *
 * @param file The parsed JSON.
 * @throws ColorizeError `invalid_weights` when it is not such a file or its weights are not base64.
 */
export function fromSingleFile(file: unknown): tf.io.ModelArtifacts {
  const f = file as Partial<SingleFileModel>;
  if (!f || !isTopology(f.modelTopology) || !Array.isArray(f.weightsManifest) || typeof f.weightData !== 'string') {
    throw new ColorizeError('invalid_weights', 'Not a Colorize model file (expected model.json fields with inlined weightData).');
  }
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(f.weightData), (c) => c.charCodeAt(0));
  } catch {
    throw new ColorizeError('invalid_weights', 'The model file\'s weightData is not valid base64.');
  }
  return {
    format: f.format,
    modelTopology: f.modelTopology as unknown as object,
    weightSpecs: f.weightsManifest.flatMap((g) => g.weights),
    weightData: bytes.buffer as ArrayBuffer,
    userDefinedMetadata: f.userDefinedMetadata as unknown as Record<string, object>,
  };
}
