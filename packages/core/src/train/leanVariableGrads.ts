import * as tf from '@tensorflow/tfjs';

/** A node of the tfjs engine's gradient tape (tfjs-core's `TapeNode`; not exported by the package). */
interface TapeNode {
  readonly id: number;
  readonly kernelName: string;
  readonly inputs: Record<string, tf.Tensor>;
  readonly outputs: readonly tf.Tensor[];
  readonly gradient?: (dys: readonly (tf.Tensor | null)[]) => Record<string, () => tf.Tensor>;
  readonly saved?: readonly tf.Tensor[];
}

/** The parts of tfjs-core's `Engine` that recording a tape needs (public in JavaScript, private in its typings). */
interface TapeEngine {
  readonly state: { activeTape: TapeNode[] | null; gradientDepth: number };
  startTape(): void;
  endTape(): void;
}

/** The engine, if it has the tape internals this module relies on (checked, in case a tfjs release renames them). */
function tapeEngine(): TapeEngine | undefined {
  const e = tf.engine() as unknown as Partial<TapeEngine>;
  const ok = typeof e.startTape === 'function' && typeof e.endTape === 'function' && typeof e.state?.gradientDepth === 'number';
  return ok ? (e as TapeEngine) : undefined;
}

/**
 * The tape nodes on a path from one of `xs` to `y`, in tape order, each with only its inputs that
 * depend on `xs` (what tfjs-core's `getFilteredNodesXToY` computes).
 */
function nodesFromXsToY(tape: readonly TapeNode[], xs: readonly tf.Tensor[], y: tf.Tensor): TapeNode[] {
  const fromX = new Set(xs.map((x) => x.id));
  const nodeFromX = new Set<number>();
  for (const node of tape) {
    if (Object.values(node.inputs).some((t) => fromX.has(t.id))) {
      for (const o of node.outputs) fromX.add(o.id);
      nodeFromX.add(node.id);
    }
  }
  const toY = new Set([y.id]);
  const nodeToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
    if (node.outputs.some((o) => toY.has(o.id))) {
      for (const t of Object.values(node.inputs)) toY.add(t.id);
      nodeToY.add(node.id);
    }
  }
  return tape
    .filter((n) => nodeFromX.has(n.id) && nodeToY.has(n.id))
    .map((n) => ({ ...n, inputs: Object.fromEntries(Object.entries(n.inputs).filter(([, t]) => fromX.has(t.id))) }));
}

/**
 * `tf.variableGrads` that frees memory during the backward pass: each tape node's output
 * gradients and the tensors it saved for the backward pass are disposed as soon as the node has been
 * differentiated, and partial gradients as soon as they are summed. tfjs keeps all of them until the
 * whole backward pass ends, so a step's peak memory was its saved activations plus every gradient of
 * every intermediate tensor (for the every-op bench-net, 4.6 GB of live tensors against 1.x GB).
 * The gradients are the same values in the same order of operations as tfjs's.
 *
 * Falls back to `tf.variableGrads` inside another gradient computation (higher-order gradients
 * need the tape kept) and on a tfjs whose engine lacks the tape internals used here.
 *
 * @param f returns the scalar loss.
 * @param varList the variables to differentiate (the trainable ones are used).
 * @returns the loss and a gradient per trainable variable that `f` reaches, keyed by variable name.
 */
export function leanVariableGrads(f: () => tf.Scalar, varList: readonly tf.Variable[]): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  const engine = tapeEngine();
  if (!engine || engine.state.gradientDepth > 0) return tf.variableGrads(f, [...varList]);
  const xs = varList.filter((v) => v.trainable);
  if (xs.length === 0) throw new Error('leanVariableGrads: none of the variables is trainable');
  engine.startTape();
  let y: tf.Scalar;
  try {
    y = tf.tidy(f);
  } finally {
    engine.endTape();
  }
  if (y.rank !== 0) throw new Error(`leanVariableGrads: f must return a scalar, got rank ${y.rank}`);
  const tape = engine.state.activeTape ?? [];
  try {
    const grads = tf.tidy(() => backpropagate(nodesFromXsToY(tape, xs, y), xs, y));
    return { value: y, grads };
  } finally {
    for (const node of tape) for (const t of node.saved ?? []) t.dispose();
    engine.state.activeTape = null;
  }
}

/** Walks `nodes` backwards from `y`, disposing what each node no longer needs; the gradients of `xs` by name. */
function backpropagate(nodes: readonly TapeNode[], xs: readonly tf.Variable[], y: tf.Tensor): tf.NamedTensorMap {
  const keep = new Set(xs.map((x) => x.id));
  const grad = new Map<number, tf.Tensor>([[y.id, tf.onesLike(y)]]);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (!node.gradient) throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
    const dys = node.outputs.map((o) => grad.get(o.id) ?? null);
    const inputGradients = node.gradient(dys);
    const own = new Set<tf.Tensor>([...(dys.filter((d) => d !== null) as tf.Tensor[]), ...(node.saved ?? []), ...Object.values(node.inputs)]);
    for (const [name, x] of Object.entries(node.inputs)) {
      const make = inputGradients[name];
      if (!make) throw new Error(`Cannot backprop through input ${name} of ${node.kernelName}.`);
      let dx = tf.tidy(make);
      // A gradient function may hand back its dy (or another tensor it does not own) as is; the copy
      // shares its memory but lets the original be disposed below.
      if (own.has(dx)) dx = tf.clone(dx);
      const sum = grad.get(x.id);
      if (!sum) grad.set(x.id, dx);
      else {
        grad.set(x.id, tf.add(sum, dx));
        sum.dispose();
        dx.dispose();
      }
    }
    // Every consumer of this node's outputs came later on the tape, so their gradients are complete and used.
    for (const o of node.outputs) {
      if (keep.has(o.id)) continue;
      grad.get(o.id)?.dispose();
      grad.delete(o.id);
    }
    for (const t of node.saved ?? []) t.dispose();
  }
  const named: tf.NamedTensorMap = {};
  for (const v of xs) {
    const g = grad.get(v.id);
    if (g) named[v.name] = g;
  }
  if (Object.keys(named).length === 0) throw new Error('Cannot find a connection between any variable and the result of the loss function.');
  return named;
}
