import { ReparamError } from '../errors.js';
import type { Backbone } from '../interfaces/Backbone.js';
import type { Genome } from '../interfaces/Genome.js';

/**
 * Switches a network built with a superset of `genome`'s ops (a supernet) to the sub-network
 * `genome` names: each slot keeps its main op plus the slot's genome ops. `undefined` switches every
 * branch back on. Throws a {@link ReparamError} for a slot the network lacks.
 */
export function activateGenome(net: Backbone, genome: Genome | undefined): void {
  const slots = net.repSlots();
  if (genome) {
    for (const name of Object.keys(genome)) {
      if (!slots.has(name)) throw new ReparamError(`genome names slot '${name}', which this network does not have`);
    }
  }
  for (const [name, slot] of slots) slot.setActiveOptionalOps(genome ? (genome[name] ?? []) : undefined);
}
