import type { Genome } from '../interfaces/Genome.js';

/** `7 optional ops (conv_1x1 ×3, avg ×2, …)`: what a genome switches on, most used ops first. */
export function summariseGenome(genome: Genome): string {
  const counts = new Map<string, number>();
  for (const ops of Object.values(genome)) for (const op of ops) counts.set(op, (counts.get(op) ?? 0) + 1);
  const n = [...counts.values()].reduce((a, b) => a + b, 0);
  if (n === 0) return 'plain (no optional op)';
  const top = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = top.slice(0, 3).map(([op, c]) => `${op} ×${c}`);
  return `${n} optional op${n === 1 ? '' : 's'} (${shown.join(', ')}${top.length > 3 ? ', …' : ''})`;
}
