import * as tf from '@tensorflow/tfjs-core';
import type { RgbaImage } from '../photo/image.js';
import { AB_SCALE, rgbaToLab } from '../photo/lab.js';

/** An image as the model's training pair, stacked: [h, w, 3] = (L/50 - 1, a/110, b/110). */
export function labTensor(image: RgbaImage): tf.Tensor3D {
  const lab = rgbaToLab(image.data, image.width * image.height);
  for (let i = 0; i < lab.length; i += 3) {
    lab[i] = lab[i]! / 50 - 1;
    lab[i + 1] = lab[i + 1]! / AB_SCALE;
    lab[i + 2] = lab[i + 2]! / AB_SCALE;
  }
  return tf.tensor3d(lab, [image.height, image.width, 3]);
}

/** Split a stacked Lab batch [b, h, w, 3] into the generator's input (L) and target (ab). */
export function labBatch(stacked: tf.Tensor4D): { input: tf.Tensor4D; target: tf.Tensor4D } {
  const [input, target] = tf.split(stacked, [1, 2], 3) as [tf.Tensor4D, tf.Tensor4D];
  return { input, target };
}
