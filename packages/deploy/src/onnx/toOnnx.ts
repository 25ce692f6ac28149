import {
  type GraphNode,
  graphInput,
  type GraphTensor,
  inferShapes,
  isZeroPadding,
  type NetworkGraph,
  type Padding,
  ReparamError,
} from '@reparam/core';
import { ONNX_FLOAT, ONNX_INT64, onnxTypes } from './onnxSchema.js';

/** The ONNX opset the exporter writes (BatchNormalization-15, Pad with tensor pads, …). */
export const ONNX_OPSET = 17;
/** ONNX IR version matching {@link ONNX_OPSET}. */
export const ONNX_IR_VERSION = 8;
/** Name of the model's input: NHWC float32 images `[N, H, W, C]`, as the tfjs models take them. */
export const ONNX_INPUT = 'input';
/** Name of the model's output: `[N, classes]` logits. */
export const ONNX_OUTPUT = 'logits';

/** Options of {@link toOnnx}. */
export interface OnnxExportOptions {
  /** Graph name and doc string of the model. */
  readonly name?: string;
  /** Extra `metadata_props` (e.g. the run, the form). */
  readonly metadata?: Readonly<Record<string, string>>;
}

type Attribute = { name: string; type: number; i?: number; f?: number; ints?: number[]; s?: Uint8Array };
const INT = 2;
const INTS = 7;
const FLOAT = 1;
const STRING = 3;
const ints = (name: string, v: number[]): Attribute => ({ name, type: INTS, ints: v });
const int = (name: string, v: number): Attribute => ({ name, type: INT, i: v });
const float = (name: string, v: number): Attribute => ({ name, type: FLOAT, f: v });
const str = (name: string, v: string): Attribute => ({ name, type: STRING, s: new TextEncoder().encode(v) });

/** ONNX pads order: all starts, then all ends → `[top, left, bottom, right]`. */
const onnxPads = (p: Padding) => [p[0], p[2], p[1], p[3]];

/** HWIO (tfjs) → OIHW (ONNX). */
function oihw(kernel: GraphTensor): { dims: number[]; values: Float32Array } {
  const [kh, kw, ci, co] = kernel.shape;
  const out = new Float32Array(kernel.values.length);
  const src = kernel.values;
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++) out[((o * ci + i) * kh + y) * kw + x] = src[((y * kw + x) * ci + i) * co + o];
  return { dims: [co, ci, kh, kw], values: out };
}

function floatTensor(name: string, dims: number[], values: Float32Array) {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return { name, dims, dataType: ONNX_FLOAT, rawData: Uint8Array.from(bytes) };
}

/**
 * The graph as an ONNX model (opset {@link ONNX_OPSET}) that onnxruntime runs: input `input` NHWC
 * `[N, H, W, C]` (transposed to NCHW inside, so callers feed what the tfjs models take), output
 * `logits` `[N, classes]`. Convs keep their groups and explicit pads; BN becomes
 * BatchNormalization; pad-aware BN padding is Sub → Pad → Add with the per-channel value.
 */
export function toOnnx(graph: NetworkGraph, options: OnnxExportOptions = {}): Uint8Array {
  const shapes = inferShapes(graph);
  const input = graphInput(graph);
  const nodes: object[] = [];
  const initializers: object[] = [];
  const valueOf = new Map<string, string>();
  let counter = 0;
  const fresh = (base: string) => `${base}:${counter++}`;
  const add = (opType: string, inputs: string[], name: string, attribute: Attribute[] = [], output = fresh(name)) => {
    nodes.push({ opType, input: inputs, output: [output], name, attribute });
    return output;
  };
  const init = (name: string, dims: number[], values: Float32Array) => {
    initializers.push(floatTensor(name, dims, values));
    return name;
  };
  const perChannel = (name: string, v: Float32Array) => init(name, [1, v.length, 1, 1], v);
  const padNode = (x: string, p: Padding, id: string) => {
    const pads = [0, 0, p[0], p[2], 0, 0, p[1], p[3]];
    initializers.push({ name: `${id}/pads`, dims: [8], dataType: ONNX_INT64, int64Data: pads });
    return add('Pad', [x, `${id}/pads`], `${id}/pad`, [str('mode', 'constant')]);
  };

  valueOf.set(input.id, add('Transpose', [ONNX_INPUT], 'to_nchw', [ints('perm', [0, 3, 1, 2])]));
  for (const node of graph.nodes.slice(1)) valueOf.set(node.id, emit(node));

  function emit(n: GraphNode): string {
    const at = (id: string) => valueOf.get(id)!;
    switch (n.op) {
      case 'input':
        throw new ReparamError('a graph has one input node, first');
      case 'conv': {
        const w = oihw(n.kernel);
        const inputs = [at(n.input), init(`${n.id}/W`, w.dims, w.values)];
        if (n.bias) inputs.push(init(`${n.id}/B`, [n.bias.values.length], n.bias.values));
        return add('Conv', inputs, n.id, [
          ints('kernel_shape', w.dims.slice(2)),
          ints('strides', [n.stride, n.stride]),
          ints('pads', onnxPads(n.padding)),
          ints('dilations', [1, 1]),
          int('group', n.groups),
        ]);
      }
      case 'batchNorm': {
        const c = n.gamma.values.length;
        const names = (['scale', 'B', 'mean', 'var'] as const).map((k, i) => init(`${n.id}/${k}`, [c], [n.gamma, n.beta, n.mean, n.variance][i].values));
        return add('BatchNormalization', [at(n.input), ...names], n.id, [float('epsilon', n.eps)]);
      }
      case 'scale':
        return add('Mul', [at(n.input), perChannel(`${n.id}/scale`, n.scale.values)], n.id);
      case 'pad': {
        if (isZeroPadding(n.padding)) return at(n.input);
        if (!n.value) return padNode(at(n.input), n.padding, n.id);
        const v = perChannel(`${n.id}/value`, n.value.values);
        const shifted = add('Sub', [at(n.input), v], `${n.id}/sub`);
        return add('Add', [padNode(shifted, n.padding, n.id), v], n.id);
      }
      case 'avgPool':
        return add('AveragePool', [at(n.input)], n.id, [
          ints('kernel_shape', [n.k, n.k]),
          ints('strides', [n.stride, n.stride]),
          ints('pads', onnxPads(n.padding)),
          int('count_include_pad', 1),
        ]);
      case 'maxPool':
        return add('MaxPool', [at(n.input)], n.id, [ints('kernel_shape', [n.k, n.k]), ints('strides', [n.stride, n.stride]), ints('pads', onnxPads(n.padding))]);
      case 'relu':
        return add('Relu', [at(n.input)], n.id);
      case 'add':
        return add(n.inputs.length === 2 ? 'Add' : 'Sum', n.inputs.map(at), n.id);
      case 'globalAvgPool': {
        const pooled = add('GlobalAveragePool', [at(n.input)], `${n.id}/gap`);
        return add('Flatten', [pooled], n.id, [int('axis', 1)]);
      }
      case 'dense': {
        const [inputs, outputs] = n.kernel.shape;
        return add('Gemm', [at(n.input), init(`${n.id}/W`, [inputs, outputs], n.kernel.values), init(`${n.id}/B`, [outputs], n.bias.values)], n.id);
      }
      case 'slot':
        throw new ReparamError(`cannot export slot '${n.name}' as it is: reparameterize the network (fused form) or expand its branches (multi-branch form) first`);
    }
  }

  // The output node writes `logits` directly.
  const outputShape = shapes.get(graph.output)!;
  if (outputShape.length !== 1) throw new ReparamError(`the graph's output '${graph.output}' is a map [${outputShape}], not logits`);
  const last = valueOf.get(graph.output)!;
  const producer = nodes.find((nd) => (nd as { output: string[] }).output[0] === last) as { output: string[] } | undefined;
  if (!producer) throw new ReparamError(`the graph's output '${graph.output}' is its input`);
  producer.output = [ONNX_OUTPUT];

  const tensorType = (dims: (number | string)[]) => ({
    tensorType: {
      elemType: ONNX_FLOAT,
      shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
    },
  });
  const { ModelProto } = onnxTypes();
  const model = {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'reparam',
    producerVersion: '0.1.0',
    docString: options.name ?? 'reparam network',
    graph: {
      name: options.name ?? 'reparam',
      node: nodes,
      initializer: initializers,
      input: [{ name: ONNX_INPUT, type: tensorType(['N', ...input.shape]) }],
      output: [{ name: ONNX_OUTPUT, type: tensorType(['N', outputShape[0]]) }],
    },
    metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
  };
  const err = ModelProto.verify(model);
  if (err) throw new Error(`ONNX model does not match the schema: ${err}`);
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}
