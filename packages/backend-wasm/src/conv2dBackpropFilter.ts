import * as tf from '@tensorflow/tfjs';

type Attrs = { strides: number | [number, number]; pad: never; dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: [number, number, number, number] };

/** Calls another wasm kernel directly (kernels compose kernels; intermediates are freed by hand). */
function run(name: string, backend: tf.KernelBackend, inputs: Record<string, tf.TensorInfo>, attrs: Record<string, unknown> = {}): tf.TensorInfo {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`the wasm backend has no ${name} kernel`);
  return k.kernelFunc({ inputs, backend, attrs } as never) as tf.TensorInfo;
}

/**
 * `Conv2DBackpropFilter` for the wasm backend, which ships without it (so tfjs wasm cannot train
 * convolutions): for each kernel tap (y, x), the strided window of the padded input that tap sees,
 * flattened to [n·oh·ow, cin], times dy flattened to [n·oh·ow, cout] — one matmul per tap.
 */
export const wasmConv2dBackpropFilter: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args as unknown as { inputs: { x: tf.TensorInfo; dy: tf.TensorInfo }; backend: tf.KernelBackend; attrs: Attrs };
    const { x, dy } = inputs;
    const c = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false,
      tf.backend_util.convertConv2DDataFormat(attrs.dataFormat),
    );
    if (c.dataFormat !== 'channelsLast') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
    const { top, bottom, left, right } = c.padInfo;
    const temps: tf.TensorInfo[] = [];
    const keep = (t: tf.TensorInfo) => (temps.push(t), t);
    const xp = top || bottom || left || right
      ? keep(run('PadV2', backend, { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 }))
      : x;
    const rows = c.batchSize * c.outHeight * c.outWidth;
    const dy2 = keep(run('Reshape', backend, { x: dy }, { shape: [1, rows, c.outChannels] }));
    const taps: tf.TensorInfo[] = [];
    for (let ky = 0; ky < c.filterHeight; ky++) {
      for (let kx = 0; kx < c.filterWidth; kx++) {
        const window = keep(
          run('StridedSlice', backend, { x: xp }, {
            begin: [0, ky, kx, 0],
            end: [c.batchSize, ky + c.strideHeight * (c.outHeight - 1) + 1, kx + c.strideWidth * (c.outWidth - 1) + 1, c.inChannels],
            strides: [1, c.strideHeight, c.strideWidth, 1],
            beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
          }),
        );
        const flat = keep(run('Reshape', backend, { x: window }, { shape: [1, rows, c.inChannels] }));
        taps.push(keep(run('BatchMatMul', backend, { a: flat, b: dy2 }, { transposeA: true, transposeB: false })));
      }
    }
    const stacked = taps.length === 1 ? taps[0] : keep(run('Concat', backend, taps as never, { axis: 0 }));
    const dw = run('Reshape', backend, { x: stacked }, { shape: attrs.filterShape });
    // Reshape shares its input's data, so only free what dw does not reference.
    for (const t of temps) if (t.dataId !== dw.dataId) backend.disposeData(t.dataId);
    return dw;
  },
};
