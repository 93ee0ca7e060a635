import * as tf from '@tensorflow/tfjs-core';

/**
 * The paper's jitter on a batch [b, h, w, c]: resize to size*286/256 (286 for 256), take a
 * random size x size crop, mirror left-right with probability 1/2. The same crop and mirror
 * apply to every channel, so input and target stay aligned when they are stacked as channels.
 *
 * @param batch Images [b, h, w, c], any h and w.
 * @param size The side of the crop.
 * @param random A seeded source for the crop's corner and the mirror.
 */
export function jitter(batch: tf.Tensor4D, size: number, random: () => number): tf.Tensor4D {
  const big = Math.round((size * 286) / 256);
  return tf.tidy(() => {
    const resized = tf.image.resizeBilinear(batch, [big, big]);
    const crops = Array.from({ length: batch.shape[0] }, (_, i) => {
      const top = Math.floor(random() * (big - size + 1));
      const left = Math.floor(random() * (big - size + 1));
      const crop = tf.slice(resized, [i, top, left, 0], [1, size, size, batch.shape[3]]);
      return random() < 0.5 ? tf.reverse(crop, 2) : crop;
    });
    return tf.concat(crops, 0);
  });
}
