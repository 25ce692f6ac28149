import * as tf from '@tensorflow/tfjs';
import { type Backbone, Dense, scaledAggregation, sumAggregation, type Parameter, RepSlot, Rng, type SlotInfo } from '../src/index.js';
import { strideOneOnlyOp, testMainOp } from './fixtures.js';

/** slot(1→4) → ReLU → slot(4→4, two branches) → ReLU → GAP → dense: enough to train in tests. */
export function tinyBackbone(seed: number, classes = 4): Backbone {
  const rng = new Rng(seed);
  const a = RepSlot.build({ cin: 1, cout: 4, k: 3, stride: 1, groups: 1 }, [testMainOp], { rng, name: 'a', aggregation: sumAggregation });
  const b = RepSlot.build({ cin: 4, cout: 4, k: 3, stride: 2, groups: 1 }, [testMainOp], { rng, name: 'b', aggregation: sumAggregation });
  const c = RepSlot.build({ cin: 4, cout: 4, k: 3, stride: 1, groups: 1 }, [testMainOp, strideOneOnlyOp], { rng, name: 'c', aggregation: scaledAggregation });
  const fc = new Dense(4, classes, 'fc', rng);
  const slots = [a, b, c];
  return {
    slots: (): SlotInfo[] => slots.map((s) => ({ name: s.name, spec: s.spec, options: [] })),
    repSlots: () => new Map(slots.map((s) => [s.name, s])),
    forward: (x, training) =>
      tf.tidy(() => {
        let h = x;
        for (const s of slots) h = tf.relu(s.forward(h, training));
        return fc.forward(tf.mean(h, [1, 2]) as tf.Tensor2D);
      }),
    parameters: (): Parameter[] => [...slots.flatMap((s) => s.parameters()), ...fc.parameters()],
    dispose: () => {
      for (const s of slots) s.dispose();
      fc.dispose();
    },
  };
}
