import * as tf from '@tensorflow/tfjs-core';

/**
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter, so it cannot train. Register one, built
 * from the wasm backend's own kernels (looked up in the registry, so this package still
 * imports no backend): the filter gradient is a stride-1 convolution of the input by the
 * output gradient, dilated by the forward stride, with batch and channels swapped.
 *
 * It must be a kernel, not a gradient override: fused convolutions call the kernel directly.
 */
const BACKEND = 'wasm';

type Info = tf.TensorInfo;

/**
 * Let tfjs-backend-wasm train: registers its missing Conv2DBackpropFilter (once; later calls do
 * nothing). Call it before training on wasm; colorizing never needs it.
 */
export function registerWasmTrainingKernels(): void {
  if (tf.getKernel('Conv2DBackpropFilter', BACKEND)) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: BACKEND,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: Info; dy: Info };
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only, got ${dataFormat}.`);
      const run = (name: string, ins: Record<string, Info>, at: object): Info =>
        tf.getKernel(name, BACKEND)!.kernelFunc({ inputs: ins, backend, attrs: at as tf.NamedAttrMap }) as Info;
      const dispose = (...infos: Info[]) => infos.forEach((t) => (backend as tf.KernelBackend).disposeData(t.dataId));

      const [kh, kw] = filterShape;
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
      const { top, left } = info.padInfo;
      const [sh, sw] = [info.strideHeight, info.strideWidth];
      const [, h, w] = x.shape as number[];
      const bottom = Math.max(0, kh + (info.outHeight - 1) * sh - h! - top);
      const right = Math.max(0, kw + (info.outWidth - 1) * sw - w! - left);

      const xT = run('Transpose', { x }, { perm: [3, 1, 2, 0] }); // [ci, h, w, batch]
      const xP = run('PadV2', { x: xT }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 });
      const dyT = run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }); // [oh, ow, batch, co] as a filter
      const r = run('Conv2D', { x: xP, filter: dyT }, {
        strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [sh, sw], dimRoundingMode: undefined,
      }); // [ci, >=kh, >=kw, co]
      const [ci, , , co] = r.shape as number[];
      const rS = run('Slice', { x: r }, { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] });
      const out = run('Transpose', { x: rS }, { perm: [1, 2, 0, 3] });
      dispose(xT, xP, dyT, r, rS);
      return out;
    },
  });
}
