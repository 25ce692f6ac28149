import { ReparamError } from '../errors.js';
import type { Backbone } from '../interfaces/Backbone.js';
import type { RepSlot } from '../slot/RepSlot.js';
import { foldBatchNorms } from './foldBatchNorms.js';
import type { NetworkGraph, SlotNode } from './NetworkGraph.js';
import { rewriteSlots } from './rewriteSlots.js';

/** The backbone's own graph (with `slot` nodes); a clear error for backbones that cannot describe themselves. */
export function backboneGraph(backbone: Backbone): NetworkGraph {
  if (!backbone.toGraph) {
    throw new ReparamError('this backbone cannot describe itself as a graph (it has no toGraph()), so it cannot be fused or exported');
  }
  return backbone.toGraph();
}

function slotOf(backbone: Backbone, node: SlotNode): RepSlot {
  const slot = backbone.repSlots().get(node.name);
  if (!slot) throw new ReparamError(`the backbone's graph names slot '${node.name}', which the backbone does not have`);
  return slot;
}

/**
 * The deployable form of a trained backbone (timm's `reparameterize()`): its graph in eval mode with
 * every slot replaced by its fused k×k convolution with bias ({@link RepSlot.fuse}) and every other
 * conv → BN folded into a conv with bias. Same outputs as `backbone.forward(x, false)`, plain-net cost.
 */
export function reparameterize(backbone: Backbone): NetworkGraph {
  const graph = rewriteSlots(backboneGraph(backbone), (g, node, input) => slotOf(backbone, node).describeFused(g, input, node.id));
  return foldBatchNorms(graph);
}

/**
 * The training form in eval mode as a graph: every slot expanded into its branches (each with its
 * BNs, pad-aware padding of sequential branches, the aggregation). Nothing is folded.
 */
export function multiBranchGraph(backbone: Backbone): NetworkGraph {
  return rewriteSlots(backboneGraph(backbone), (g, node, input) => slotOf(backbone, node).describe(g, input));
}
