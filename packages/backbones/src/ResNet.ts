import * as tf from '@tensorflow/tfjs';
import {
  type Backbone,
  type BackboneOptions,
  Dense,
  GraphBuilder,
  type NetworkGraph,
  maxPoolPadded,
  type Parameter,
  RepSlot,
  Rng,
  type SlotInfo,
  slotInfos,
} from '@reparam/core';
import { BasicBlock } from './blocks/BasicBlock.js';
import { slotNode } from './blocks/slotNode.js';
import type { Block, SlotBuilder } from './blocks/Block.js';
import { BottleneckBlock } from './blocks/BottleneckBlock.js';
import { PlainLayer } from './blocks/PlainLayer.js';
import type { NetworkLayout } from './layout.js';
import { type NetworkPlan, planNetwork, planSlots } from './slotPlan.js';

/**
 * A ResNet-style network (basic, bottleneck or plain blocks; small or ImageNet stem) whose every k×k
 * convolution is a RepSlot configured by the genome. Global average pooling and a dense classifier
 * close it.
 */
export class ResNet implements Backbone {
  readonly plan: NetworkPlan;
  private readonly stem: RepSlot;
  private readonly blocks: Block[];
  private readonly fc: Dense;
  private readonly slotMap: Map<string, RepSlot>;
  private readonly infos: SlotInfo[];

  constructor(
    readonly layout: NetworkLayout,
    readonly options: BackboneOptions,
  ) {
    const [, , channels] = options.inputShape;
    this.plan = planNetwork(layout, channels, options.width ?? 1);
    this.infos = slotInfos(planSlots(this.plan), options.ops);
    const rng = new Rng(options.seed);
    const main = options.ops.mainOp();
    const buildSlot: SlotBuilder = (slot: Pick<SlotInfo, 'name' | 'spec'>) => {
      const extra = (options.genome[slot.name] ?? []).map((id) => options.ops.op(id));
      return RepSlot.build(slot.spec, [main, ...extra], { rng, name: slot.name, aggregation: options.aggregation });
    };
    const built: { dispose(): void }[] = [];
    try {
      this.stem = buildSlot(this.plan.stem);
      built.push(this.stem);
      this.blocks = [];
      for (const b of this.plan.blocks) {
        const block =
          layout.block === 'plain'
            ? new PlainLayer(b, buildSlot)
            : layout.block === 'basic'
              ? new BasicBlock(b, buildSlot, rng)
              : new BottleneckBlock(b, buildSlot, rng);
        this.blocks.push(block);
        built.push(block);
      }
      this.fc = new Dense(this.plan.features, options.classes, 'fc', rng);
    } catch (err) {
      // A genome error half-way must not leave variables behind.
      for (const m of built) m.dispose();
      throw err;
    }
    this.slotMap = new Map([[this.stem.name, this.stem], ...this.blocks.flatMap((b) => b.slots())]);
  }

  slots(): SlotInfo[] {
    return this.infos;
  }

  repSlots(): ReadonlyMap<string, RepSlot> {
    return this.slotMap;
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor2D {
    return tf.tidy(() => {
      let h = this.stem.forward(x, training, { relu: true });
      if (this.layout.stem === 'imagenet') h = maxPoolPadded(h, 3, 2);
      for (const block of this.blocks) h = block.forward(h, training);
      return this.fc.forward(tf.mean(h, [1, 2]) as tf.Tensor2D);
    });
  }

  /** The network as a graph: stem slot → ReLU (→ max-pool) → blocks → global average pool → dense. */
  toGraph(): NetworkGraph {
    const g = new GraphBuilder({ inputShape: this.options.inputShape });
    let h = g.add({ op: 'relu', input: slotNode(g, this.stem, g.input) }, 'stem/relu');
    if (this.layout.stem === 'imagenet') h = g.add({ op: 'maxPool', input: h, k: 3, stride: 2, padding: [1, 1, 1, 1] }, 'stem/maxpool');
    for (const block of this.blocks) h = block.describe(g, h);
    h = g.add({ op: 'globalAvgPool', input: h }, 'pool');
    return g.build(this.fc.describe(g, h));
  }

  parameters(): Parameter[] {
    return [...this.stem.parameters(), ...this.blocks.flatMap((b) => b.parameters()), ...this.fc.parameters()];
  }

  dispose(): void {
    this.stem.dispose();
    for (const b of this.blocks) b.dispose();
    this.fc.dispose();
  }
}
